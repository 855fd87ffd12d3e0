using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Users;

namespace CspAdmin.Engine.Onboarding
{
    /// <summary>
    /// Reads, in the partner's own tenant, which GDAP roles the partner holds in a customer: a role counts only when an
    /// active relationship includes it AND an active access assignment gives it to one of the partner's security groups.
    /// </summary>
    public static class GdapAudit
    {
        /// <summary>A relationship that ends sooner than this is reported as expiring.</summary>
        public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

        private static readonly string[] Needed = { RoleNames.UserAdministrator, RoleNames.LicenseAdministrator };

        public static async Task<GdapAccessReport> AuditAsync(CspConnection connection, string customerId, CancellationToken cancellationToken)
        {
            var partnerTenant = connection.Profile.PartnerTenantId;
            var now = connection.Clock.GetUtcNow();
            var relationships = (await connection.Graph.ListDelegatedAdminRelationshipsAsync(partnerTenant, customerId, cancellationToken).ToListAsync().ConfigureAwait(false))
                .Where(r => IsActive(r.Status) && (r.EndDateTime == null || r.EndDateTime > now))
                .ToList();

            var granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            DateTimeOffset? expires = null;
            foreach (var relationship in relationships)
            {
                var offered = Roles(relationship.AccessDetails);
                var assignments = await connection.Graph.ListAccessAssignmentsAsync(partnerTenant, relationship.Id!, cancellationToken).ToListAsync().ConfigureAwait(false);
                var grantedHere = false;
                foreach (var assignment in assignments.Where(a => string.Equals(a.Status, "active", StringComparison.OrdinalIgnoreCase)))
                {
                    var roles = Roles(assignment.AccessDetails).Where(offered.Contains).ToList();
                    if (roles.Count > 0 && assignment.AccessContainer?.AccessContainerId is { } group)
                    {
                        granted.UnionWith(roles);
                        groups.Add(group);
                        grantedHere = true;
                    }
                }

                if (grantedHere && relationship.EndDateTime.HasValue && (expires == null || relationship.EndDateTime < expires))
                {
                    expires = relationship.EndDateTime;
                }
            }

            var grantedNames = granted.Select(RoleNames.Of).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
            var missing = granted.Contains(RoleNames.GlobalAdministratorId) ? new string[0] : Needed.Where(n => !grantedNames.Contains(n)).ToArray();
            var customer = await connection.CompanyNameAsync(customerId, cancellationToken).ConfigureAwait(false);
            var groupNames = new List<string>();
            foreach (var group in groups)
            {
                groupNames.Add(await connection.PartnerGroupNameAsync(group, cancellationToken).ConfigureAwait(false));
            }

            var daysLeft = expires.HasValue ? (int?)Math.Max(0, (int)Math.Floor((expires.Value - now).TotalDays)) : null;
            return new GdapAccessReport
            {
                CustomerId = customerId,
                CompanyName = customer.Length == 0 ? customerId : customer,
                // Ready for tonight's run: every role held, and through a relationship that is still in force then.
                IsReady = missing.Length == 0 && expires.HasValue && expires.Value - now > TimeSpan.FromDays(1),
                GrantedRoles = grantedNames,
                MissingRoles = missing,
                SecurityGroups = groupNames.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray(),
                Relationships = relationships.Select(r => r.DisplayName ?? r.Id ?? "").ToArray(),
                ExpiresOn = expires,
                DaysLeft = daysLeft,
                Profile = connection.Name,
                Message = Explain(relationships.Count, missing, expires, now),
            };
        }

        private static string Explain(int relationships, string[] missing, DateTimeOffset? expires, DateTimeOffset now)
        {
            if (relationships == 0)
            {
                return "The partner has no active GDAP relationship with this customer: request one with the roles " + string.Join(" and ", Needed) + ".";
            }

            var text = missing.Length == 0
                ? "User and license management are allowed."
                : $"Missing {string.Join(" and ", missing)}: add the role to the relationship and assign it to a security group of the partner.";
            if (expires.HasValue && expires.Value - now <= TimeSpan.FromDays(1))
            {
                text += $" The relationship ends on {expires.Value:yyyy-MM-dd HH:mm} UTC, within a day; renew it before relying on it.";
            }
            else if (expires.HasValue && expires.Value - now < ExpiryWarning)
            {
                text += $" The relationship ends on {expires.Value:yyyy-MM-dd}; extend or renew it.";
            }

            return text;
        }

        private static bool IsActive(string? status) =>
            string.Equals(status, "active", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "expiring", StringComparison.OrdinalIgnoreCase);

        private static HashSet<string> Roles(GraphAccessDetails? details) =>
            new HashSet<string>((details?.UnifiedRoles ?? new List<GraphUnifiedRole>()).Select(r => r.RoleDefinitionId).Where(id => !string.IsNullOrEmpty(id))!,
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Names of the Entra built-in roles partners commonly hold through GDAP, by role template id.</summary>
    public static class RoleNames
    {
        public const string GlobalAdministratorId = "62e90394-69f5-4237-9190-012177145e10";
        public const string UserAdministrator = Gdap.UserAdministrator;
        public const string LicenseAdministrator = Gdap.LicenseAdministrator;

        private static readonly Dictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [GlobalAdministratorId] = "Global Administrator",
            ["fe930be7-5e62-47db-91af-98c3a49a38b1"] = UserAdministrator,
            ["4d6ac14f-3453-41d0-bef9-a3e0c569773a"] = LicenseAdministrator,
            ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b"] = "Directory Readers",
            ["f2ef992c-3afb-46b9-b7cf-a126ee74c451"] = "Global Reader",
            ["729827e3-9c14-49f7-bb1b-9608f156bbb8"] = "Helpdesk Administrator",
            ["f023fd81-a637-4b56-95fd-791ac0226033"] = "Service Support Administrator",
            ["29232cdf-9323-42fd-ade2-1d097af3e4de"] = "Exchange Administrator",
            ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c"] = "SharePoint Administrator",
            ["69091246-20e8-4a56-aa4d-066075b2a7a8"] = "Teams Administrator",
            ["3a2c62db-5318-420d-8d74-23affee5d9d5"] = "Intune Administrator",
            ["7be44c8a-adaf-4e2a-84d6-ab2649e08a13"] = "Privileged Authentication Administrator",
            ["b0f54661-2d74-4c50-afa3-1ec803f12efe"] = "Billing Administrator",
            ["5d6b6bb7-de71-4623-b4af-96380a352509"] = "Security Reader",
        };

        /// <summary>The role's name, or its id when it is not one of the common ones.</summary>
        public static string Of(string roleDefinitionId) => Names.TryGetValue(roleDefinitionId, out var name) ? name : roleDefinitionId;
    }
}
