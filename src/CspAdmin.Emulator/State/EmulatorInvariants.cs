using System;
using System.Collections.Generic;
using System.Linq;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// Consistency rules the emulated directory keeps after every request; tests call <see cref="EmulatedCloud.CheckInvariants"/>
    /// (or <see cref="Check"/> inside Read/Mutate). assignLicense is atomic (validated in full, applied under the state lock), so no
    /// observer ever sees a user between the removes and the adds of one request; these rules hold before and after it.
    /// </summary>
    public static class EmulatorInvariants
    {
        /// <summary>
        /// Every violation found, empty when the state is consistent:
        /// user ids and UPNs unique across active and deleted users; deletedDateTime set exactly on deleted users;
        /// each SKU at most once per user, with disabled plans that belong to the SKU and an assignable SKU of the tenant;
        /// no license both in effect and in error; per SKU no more active holders than assignable seats (enabled + warning);
        /// role assignments of known roles, to users of the tenant, without duplicates; security group members are users of the
        /// tenant; GDAP access assignments have unique ids and name a security group of the partner's tenant.
        /// (An access assignment may hold a role its relationship lost: tests arrange fewer roles by editing the relationship,
        /// and only the intersection takes effect.)
        /// The seat rule breaks legitimately when a subscription shrinks under its assigned licenses (a PATCH decrease,
        /// suspension or cancellation, as in Entra); pass <paramref name="seats"/> false to skip it then.
        /// </summary>
        public static IReadOnlyList<string> Check(EmulatorState state, bool seats = true)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            var violations = new List<string>();
            foreach (var tenant in state.Tenants)
            {
                CheckUsers(tenant, violations);
                if (seats)
                {
                    foreach (var pool in LicensePools.For(tenant))
                    {
                        if (pool.Consumed > pool.Enabled + pool.Warning)
                        {
                            violations.Add($"{tenant.Id}: SKU {pool.SkuPartNumber} has {pool.Consumed} holders for {pool.Enabled + pool.Warning} assignable seats.");
                        }
                    }
                }

                CheckRoleAssignments(tenant, violations);
                CheckGroups(tenant, violations);
                CheckAccessAssignments(state, tenant, violations);
            }

            return violations;
        }

        private static void CheckGroups(TenantState tenant, List<string> violations)
        {
            foreach (var group in tenant.SecurityGroups)
            {
                foreach (var member in group.MemberIds)
                {
                    if (tenant.FindUser(member) == null && tenant.FindDeletedUser(member) == null)
                    {
                        violations.Add($"{tenant.Id}: security group {group.DisplayName} ({group.Id}) has member {member}, who is no user of the tenant.");
                    }
                }
            }
        }

        private static void CheckAccessAssignments(EmulatorState state, TenantState tenant, List<string> violations)
        {
            foreach (var relationship in tenant.Relationships)
            {
                if (relationship.Gdap == null)
                {
                    continue;
                }

                var partnerTenant = state.FindTenant(relationship.PartnerTenantId);
                var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var assignment in relationship.Gdap.AccessAssignments)
                {
                    var what = $"{tenant.Id}: GDAP relationship {relationship.Gdap.Id} access assignment {assignment.Id}";
                    if (!ids.Add(assignment.Id))
                    {
                        violations.Add(what + " has a duplicate id.");
                    }

                    if (partnerTenant?.FindSecurityGroup(assignment.SecurityGroupId) == null)
                    {
                        violations.Add(what + $" names {assignment.SecurityGroupId}, which is no security group of the partner tenant.");
                    }
                }
            }
        }

        private static void CheckUsers(TenantState tenant, List<string> violations)
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var upns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var subscribed = new HashSet<string>(tenant.Subscriptions.Where(s => s.IsProvisioned).Select(s => s.SkuId), StringComparer.OrdinalIgnoreCase);
            foreach (var (user, deleted) in tenant.Users.Select(u => (u, false)).Concat(tenant.DeletedUsers.Select(u => (u, true))))
            {
                var who = $"{tenant.Id}: user {user.UserPrincipalName} ({user.Id})";
                if (!ids.Add(user.Id))
                {
                    violations.Add(who + " has a duplicate id.");
                }

                if (!upns.Add(user.UserPrincipalName))
                {
                    violations.Add(who + " has a duplicate userPrincipalName.");
                }

                if (deleted != user.DeletedDateTime.HasValue)
                {
                    violations.Add(who + (deleted ? " is deleted without deletedDateTime." : " is active with a deletedDateTime."));
                }

                var skus = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var license in user.AssignedLicenses)
                {
                    if (!skus.Add(license.SkuId))
                    {
                        violations.Add(who + $" holds SKU {license.SkuId} twice.");
                    }

                    if (!subscribed.Contains(license.SkuId))
                    {
                        violations.Add(who + $" holds SKU {license.SkuId}, which the tenant has no subscription of.");
                    }

                    var product = ProductCatalog.FindBySkuId(license.SkuId);
                    foreach (var plan in license.DisabledPlans)
                    {
                        if (product == null || !product.ServicePlans.Any(p => string.Equals(p.Id, plan, StringComparison.OrdinalIgnoreCase)))
                        {
                            violations.Add(who + $" has disabled plan {plan}, which SKU {license.SkuId} does not include.");
                        }
                    }
                }

                foreach (var error in user.LicenseErrors)
                {
                    if (skus.Contains(error.SkuId))
                    {
                        violations.Add(who + $" has SKU {error.SkuId} both assigned and in error.");
                    }
                }
            }
        }

        private static void CheckRoleAssignments(TenantState tenant, List<string> violations)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var assignment in tenant.RoleAssignments)
            {
                var what = $"{tenant.Id}: role assignment {assignment.Id}";
                if (DirectoryRoles.Find(assignment.RoleDefinitionId) == null)
                {
                    violations.Add(what + $" is of unknown role {assignment.RoleDefinitionId}.");
                }

                if (tenant.FindUser(assignment.PrincipalId) == null && tenant.FindDeletedUser(assignment.PrincipalId) == null)
                {
                    violations.Add(what + $" is for {assignment.PrincipalId}, who is no user of the tenant.");
                }

                if (!seen.Add(assignment.PrincipalId + "|" + assignment.RoleDefinitionId + "|" + assignment.DirectoryScopeId))
                {
                    violations.Add(what + " duplicates another assignment.");
                }
            }
        }
    }
}
