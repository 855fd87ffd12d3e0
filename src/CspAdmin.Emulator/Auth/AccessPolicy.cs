using System;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>What a Graph call needs in a customer tenant, in GDAP terms (Global Administrator grants all of them).</summary>
    internal enum GraphAccess
    {
        /// <summary>Directory Readers, User Administrator or License Administrator.</summary>
        Read,
        /// <summary>assignLicense: License Administrator or User Administrator.</summary>
        ManageLicenses,
        /// <summary>User create/update/delete/restore, passwords and role assignments: User Administrator.</summary>
        ManageUsers,
    }

    /// <summary>
    /// Who may read or change what. A partner's app and admin act freely in the partner's own tenant; in a customer tenant
    /// they need a reseller relationship plus an active GDAP relationship whose effective roles suit the call: the relationship's
    /// roles that an active access assignment grants to a security group of the partner tenant. For app+user tokens only the
    /// groups the user (token oid) is a member of count; for app-only tokens every active assignment counts (a simplification:
    /// the app is assumed consented in every customer of its partner, as if it were in every group).
    /// </summary>
    internal static class AccessPolicy
    {
        /// <summary>Can the partner get a token for <paramref name="tenant"/>? (The partner's own tenant, or a customer it has a relationship with.)</summary>
        public static bool CanSignInto(PartnerAccountState partner, TenantState tenant) =>
            string.Equals(partner.TenantId, tenant.Id, StringComparison.OrdinalIgnoreCase) || tenant.RelationshipWith(partner.TenantId) != null;

        /// <summary>Null when allowed; otherwise the reason for a 403.</summary>
        public static string? DenyGraph(EmulatorState state, TokenClaims claims, TenantState tenant, GraphAccess access, DateTimeOffset now)
        {
            if (string.Equals(claims.PartnerTenantId, tenant.Id, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var relationship = tenant.RelationshipWith(claims.PartnerTenantId);
            var gdap = relationship?.Gdap;
            if (gdap == null || !gdap.IsActiveAt(now))
            {
                return "The partner has no active GDAP relationship with this tenant.";
            }

            var partnerTenant = state.FindTenant(claims.PartnerTenantId);
            var roles = gdap.EffectiveRoles(assignment =>
                claims.IsAppOnly || (partnerTenant?.FindSecurityGroup(assignment.SecurityGroupId)?.HasMember(claims.ObjectId) ?? false));
            var allowed = roles.Contains(GdapRoles.GlobalAdministrator) || access switch
            {
                GraphAccess.ManageUsers => roles.Contains(GdapRoles.UserAdministrator),
                GraphAccess.ManageLicenses => roles.Contains(GdapRoles.LicenseAdministrator) || roles.Contains(GdapRoles.UserAdministrator),
                _ => roles.Contains(GdapRoles.DirectoryReaders) || roles.Contains(GdapRoles.UserAdministrator) || roles.Contains(GdapRoles.LicenseAdministrator),
            };
            return allowed ? null : "The partner's GDAP roles in this tenant do not allow the operation.";
        }
    }
}
