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
    /// they need a reseller relationship plus an active GDAP relationship with a suitable role (app-only tokens are treated the
    /// same way: the app is assumed consented in every customer of its partner).
    /// </summary>
    internal static class AccessPolicy
    {
        /// <summary>Can the partner get a token for <paramref name="tenant"/>? (The partner's own tenant, or a customer it has a relationship with.)</summary>
        public static bool CanSignInto(PartnerAccountState partner, TenantState tenant) =>
            string.Equals(partner.TenantId, tenant.Id, StringComparison.OrdinalIgnoreCase) || tenant.RelationshipWith(partner.TenantId) != null;

        /// <summary>Null when allowed; otherwise the reason for a 403.</summary>
        public static string? DenyGraph(TokenClaims claims, TenantState tenant, GraphAccess access, DateTimeOffset now)
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

            var allowed = gdap.HasRole(GdapRoles.GlobalAdministrator) || access switch
            {
                GraphAccess.ManageUsers => gdap.HasRole(GdapRoles.UserAdministrator),
                GraphAccess.ManageLicenses => gdap.HasRole(GdapRoles.LicenseAdministrator) || gdap.HasRole(GdapRoles.UserAdministrator),
                _ => gdap.HasRole(GdapRoles.DirectoryReaders) || gdap.HasRole(GdapRoles.UserAdministrator) || gdap.HasRole(GdapRoles.LicenseAdministrator),
            };
            return allowed ? null : "The partner's GDAP roles in this tenant do not allow the operation.";
        }
    }
}
