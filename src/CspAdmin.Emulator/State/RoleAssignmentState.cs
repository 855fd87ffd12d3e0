using System;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// A directory role assignment in a tenant (Graph unifiedRoleAssignment). Only tenant-wide scope ("/") exists here.
    /// Assignments of a soft-deleted user stay (hidden) and come back with a restore; a purge removes them.
    /// </summary>
    public sealed class RoleAssignmentState
    {
        public string Id { get; set; } = "";
        /// <summary>Object id of the user holding the role.</summary>
        public string PrincipalId { get; set; } = "";
        /// <summary>Role template id (see <see cref="DirectoryRoles"/>).</summary>
        public string RoleDefinitionId { get; set; } = "";
        public string DirectoryScopeId { get; set; } = "/";
        public DateTimeOffset CreatedDateTime { get; set; }

        public static RoleAssignmentState For(string roleDefinitionId, string principalId, DateTimeOffset at) =>
            new RoleAssignmentState
            {
                Id = IdFor(roleDefinitionId, principalId),
                PrincipalId = principalId,
                RoleDefinitionId = roleDefinitionId,
                DirectoryScopeId = "/",
                CreatedDateTime = at,
            };

        /// <summary>
        /// Graph's id for a tenant-wide assignment of a built-in role: base64url of the role template GUID bytes followed by the
        /// principal GUID bytes, then "-1" (e.g. "lAPpYvVpN0KRkAEhdxReEJC2sEqbR_9Hr48lds9SGHI-1"). Deterministic, no random ids.
        /// </summary>
        public static string IdFor(string roleDefinitionId, string principalId)
        {
            var bytes = new byte[32];
            Array.Copy(Guid.TryParse(roleDefinitionId, out var role) ? role.ToByteArray() : new byte[16], 0, bytes, 0, 16);
            Array.Copy(Guid.TryParse(principalId, out var principal) ? principal.ToByteArray() : new byte[16], 0, bytes, 16, 16);
            return Base64Url.Encode(bytes) + "-1";
        }
    }
}
