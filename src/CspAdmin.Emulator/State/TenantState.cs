using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// One Entra tenant: its directory (users, deleted users, domains), the subscriptions of every partner that sells
    /// into it, and its relationships with partners. Graph and Partner Center are two views of this one record.
    /// </summary>
    public sealed class TenantState
    {
        private Dictionary<string, UserState>? _usersById;
        private Dictionary<string, UserState>? _usersByUpn;
        private Dictionary<string, UserState[]>? _sorted;

        public string Id { get; set; } = "";
        /// <summary><see cref="TenantKinds.Customer"/> or <see cref="TenantKinds.Partner"/>.</summary>
        public string Kind { get; set; } = TenantKinds.Customer;
        public string DisplayName { get; set; } = "";
        public string CountryLetterCode { get; set; } = "";
        /// <summary>"EU" or "US": the Partner Center region that serves the tenant.</summary>
        public string Region { get; set; } = "";
        public string DefaultDomain { get; set; } = "";
        /// <summary>Verified custom domains (the default *.onmicrosoft.com domain is <see cref="DefaultDomain"/>).</summary>
        public List<string> CustomDomains { get; set; } = new List<string>();
        public DateTimeOffset CreatedDateTime { get; set; }
        public string CommerceId { get; set; } = "";
        /// <summary>Billing account shown as subscribedSku accountId.</summary>
        public string BillingAccountId { get; set; } = "";
        public string Email { get; set; } = "";
        public string PreferredLanguage { get; set; } = "en-US";
        public AddressState Address { get; set; } = new AddressState();
        /// <summary>Next <see cref="UserState.Seq"/>; users are listed in Seq order.</summary>
        public long NextUserSeq { get; set; } = 1;
        /// <summary>Active (not deleted) users, kept in ascending <see cref="UserState.Seq"/> order.</summary>
        public List<UserState> Users { get; set; } = new List<UserState>();
        /// <summary>Soft-deleted users (restorable for 30 days).</summary>
        public List<UserState> DeletedUsers { get; set; } = new List<UserState>();
        /// <summary>Every subscription in the tenant, whichever partner sold it.</summary>
        public List<SubscriptionState> Subscriptions { get; set; } = new List<SubscriptionState>();
        public List<PartnerRelationshipState> Relationships { get; set; } = new List<PartnerRelationshipState>();
        /// <summary>Directory role assignments (roleManagement/directory/roleAssignments).</summary>
        public List<RoleAssignmentState> RoleAssignments { get; set; } = new List<RoleAssignmentState>();
        /// <summary>Partner Center carts for the tenant, each visible to the partner that created it.</summary>
        public List<CartState> Carts { get; set; } = new List<CartState>();
        /// <summary>Orders placed by cart checkouts (seeded subscriptions have no order record).</summary>
        public List<OrderState> Orders { get; set; } = new List<OrderState>();
        /// <summary>Security groups of the directory (Graph groups); partner tenants hold the groups GDAP access assignments name.</summary>
        public List<SecurityGroupState> SecurityGroups { get; set; } = new List<SecurityGroupState>();

        /// <summary>How long a soft-deleted user stays restorable before it is purged (Graph: 30 days).</summary>
        public static readonly TimeSpan DeletedItemRetention = TimeSpan.FromDays(30);

        public IEnumerable<string> AllDomains()
        {
            yield return DefaultDomain;
            foreach (var domain in CustomDomains)
            {
                yield return domain;
            }
        }

        public PartnerRelationshipState? RelationshipWith(string? partnerTenantId)
        {
            foreach (var relationship in Relationships)
            {
                if (string.Equals(relationship.PartnerTenantId, partnerTenantId, StringComparison.OrdinalIgnoreCase))
                {
                    return relationship;
                }
            }

            return null;
        }

        public SecurityGroupState? FindSecurityGroup(string? id)
        {
            foreach (var group in SecurityGroups)
            {
                if (string.Equals(group.Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    return group;
                }
            }

            return null;
        }

        public SubscriptionState? FindSubscription(string? id)
        {
            foreach (var subscription in Subscriptions)
            {
                if (string.Equals(subscription.Id, id, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(subscription.DirectoryId, id, StringComparison.OrdinalIgnoreCase))
                {
                    return subscription;
                }
            }

            return null;
        }

        /// <summary>An active user by object id or user principal name (case-insensitive).</summary>
        public UserState? FindUser(string? idOrUpn)
        {
            if (string.IsNullOrEmpty(idOrUpn))
            {
                return null;
            }

            EnsureIndex();
            return _usersById!.TryGetValue(idOrUpn!, out var user) || _usersByUpn!.TryGetValue(idOrUpn!, out user) ? user : null;
        }

        public UserState? FindDeletedUser(string? id)
        {
            foreach (var user in DeletedUsers)
            {
                if (string.Equals(user.Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    return user;
                }
            }

            return null;
        }

        /// <summary>Whether an active or soft-deleted user other than <paramref name="exceptUserId"/> has the UPN.</summary>
        public bool IsUserPrincipalNameTaken(string userPrincipalName, string? exceptUserId = null)
        {
            var active = FindUser(userPrincipalName);
            if (active != null && !string.Equals(active.Id, exceptUserId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(active.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var deleted in DeletedUsers)
            {
                if (string.Equals(deleted.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(deleted.Id, exceptUserId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Moves an active user to the deleted items (licenses and role assignments stay with it; it consumes no seat).</summary>
        public void SoftDeleteUser(UserState user, DateTimeOffset now)
        {
            if (!Users.Remove(user))
            {
                throw new ArgumentException($"User {user.Id} is not an active user of tenant {Id}.", nameof(user));
            }

            user.DeletedDateTime = now;
            DeletedUsers.Add(user);
            InvalidateIndex();
        }

        /// <summary>Moves a soft-deleted user back among the active users, at its place in the listing order.</summary>
        public void RestoreUser(UserState user)
        {
            if (!DeletedUsers.Remove(user))
            {
                throw new ArgumentException($"User {user.Id} is not a deleted user of tenant {Id}.", nameof(user));
            }

            user.DeletedDateTime = null;
            var index = IndexAfterSeq(user.Seq);
            Users.Insert(index, user);
            InvalidateIndex();
        }

        /// <summary>Removes a deleted user for good, with its role assignments.</summary>
        public void PurgeUser(UserState user)
        {
            DeletedUsers.Remove(user);
            RoleAssignments.RemoveAll(a => string.Equals(a.PrincipalId, user.Id, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// Brings the tenant up to <paramref name="now"/>: purges users deleted more than <see cref="DeletedItemRetention"/> ago,
        /// applies Partner Center subscription changes whose time has come (202 Accepted) and completes orders whose fulfilment
        /// time has come (their subscriptions become active). True when anything changed.
        /// The services call it for the tenant a request touches, so the state catches up lazily.
        /// </summary>
        public bool Settle(DateTimeOffset now)
        {
            var changed = false;
            for (var i = DeletedUsers.Count - 1; i >= 0; i--)
            {
                var user = DeletedUsers[i];
                if (user.DeletedDateTime.HasValue && user.DeletedDateTime.Value + DeletedItemRetention <= now)
                {
                    PurgeUser(user);
                    changed = true;
                }
            }

            foreach (var subscription in Subscriptions)
            {
                var pending = subscription.PendingChange;
                if (pending != null && pending.ApplyAt <= now)
                {
                    subscription.PendingChange = null;
                    SubscriptionTerms.Apply(subscription, pending, pending.ApplyAt);
                    changed = true;
                }
            }

            foreach (var order in Orders)
            {
                if (order.Status == OrderStatus.Pending && order.FulfilAt.HasValue && order.FulfilAt.Value <= now)
                {
                    Fulfil(order);
                    changed = true;
                }
            }

            return changed;
        }

        /// <summary>
        /// Completes an order: its pending subscriptions become active, with the purchase as their first seat event (refundable for
        /// 168 hours from the order), so their seats join the tenant's license pools.
        /// </summary>
        public void Fulfil(OrderState order)
        {
            foreach (var line in order.LineItems)
            {
                var subscription = FindSubscription(line.SubscriptionId);
                if (subscription != null && subscription.Status == SubscriptionStatus.Pending)
                {
                    subscription.Status = SubscriptionStatus.Active;
                    subscription.SeatEvents.Add(new SeatEventState { Quantity = subscription.Quantity, At = order.CreationDate });
                    subscription.Version++;
                }
            }

            order.Status = OrderStatus.Completed;
            order.FulfilAt = null;
        }

        /// <summary>Appends a user with the next sequence number (the paging order) and keeps the indexes current.</summary>
        public void AddUser(UserState user)
        {
            EnsureIndex();
            user.Seq = NextUserSeq++;
            Users.Add(user);
            _usersById![user.Id] = user;
            _usersByUpn![user.UserPrincipalName] = user;
            _sorted = null;
        }

        /// <summary>Active users in Seq order (the paging order), after making sure every user has a unique Seq.</summary>
        internal IReadOnlyList<UserState> UsersInOrder()
        {
            EnsureIndex();
            return Users;
        }

        /// <summary>Active users sorted by a property (cached until the next change), for $orderby.</summary>
        internal IReadOnlyList<UserState> UsersSortedBy(string property, Func<UserState, string?> key)
        {
            EnsureIndex();
            _sorted ??= new Dictionary<string, UserState[]>(StringComparer.OrdinalIgnoreCase);
            if (!_sorted.TryGetValue(property, out var sorted))
            {
                sorted = Users.ToArray();
                Array.Sort(sorted, (a, b) =>
                {
                    var byKey = StringComparer.OrdinalIgnoreCase.Compare(key(a) ?? "", key(b) ?? "");
                    return byKey != 0 ? byKey : a.Seq.CompareTo(b.Seq);
                });
                _sorted[property] = sorted;
            }

            return sorted;
        }

        /// <summary>Index of the first active user whose Seq is greater than <paramref name="seq"/> (binary search).</summary>
        internal int IndexAfterSeq(long seq)
        {
            EnsureIndex();
            int low = 0, high = Users.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (Users[mid].Seq <= seq)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }

        public void InvalidateIndex()
        {
            _usersById = null;
            _usersByUpn = null;
            _sorted = null;
        }

        private void EnsureIndex()
        {
            if (_usersById != null)
            {
                return;
            }

            // Users added directly to the list (tests) get a sequence number; the list is kept in Seq order for paging.
            foreach (var user in Users)
            {
                NextUserSeq = Math.Max(NextUserSeq, user.Seq + 1);
            }

            var seen = new HashSet<long>();
            var sorted = true;
            for (var i = 0; i < Users.Count; i++)
            {
                if (Users[i].Seq <= 0 || !seen.Add(Users[i].Seq))
                {
                    Users[i].Seq = NextUserSeq++;
                    seen.Add(Users[i].Seq);
                }

                if (i > 0 && Users[i].Seq <= Users[i - 1].Seq)
                {
                    sorted = false;
                }
            }

            if (!sorted)
            {
                Users.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            }

            var byId = new Dictionary<string, UserState>(Users.Count, StringComparer.OrdinalIgnoreCase);
            var byUpn = new Dictionary<string, UserState>(Users.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var user in Users)
            {
                byId[user.Id] = user;
                byUpn[user.UserPrincipalName] = user;
            }

            _usersById = byId;
            _usersByUpn = byUpn;
        }
    }

    public sealed class AddressState
    {
        public string AddressLine1 { get; set; } = "";
        public string? AddressLine2 { get; set; }
        public string? AddressLine3 { get; set; }
        public string City { get; set; } = "";
        public string Region { get; set; } = "";
        public string PostalCode { get; set; } = "";
        public string Country { get; set; } = "";
        public string PhoneNumber { get; set; } = "";
        /// <summary>The billing contact of the address (Partner Center Address firstName/lastName); empty for seeded tenants.</summary>
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
    }

    /// <summary>A partner's relationship with a customer tenant: the reseller (commerce) link plus GDAP.</summary>
    public sealed class PartnerRelationshipState
    {
        public string PartnerTenantId { get; set; } = "";
        /// <summary>Partner Center relationshipToPartner: "reseller", "advisor", "none", ...</summary>
        public string RelationshipToPartner { get; set; } = "reseller";
        /// <summary>For indirect customers: the indirect reseller's tenant id (Partner Center associatedPartnerId).</summary>
        public string? IndirectResellerTenantId { get; set; }
        public bool AllowDelegatedAccess { get; set; } = true;
        public DateTimeOffset CreatedDateTime { get; set; }
        /// <summary>The GDAP relationship the partner holds in the tenant, if any.</summary>
        public GdapRelationshipState? Gdap { get; set; }
    }

    /// <summary>
    /// A GDAP relationship (Graph delegatedAdminRelationship) of a partner in a customer tenant. Access needs both: a role of the
    /// relationship (<see cref="RoleDefinitionIds"/>) and an active access assignment of that role to a security group of the
    /// partner tenant (<see cref="AccessAssignments"/>); see <see cref="EffectiveRoles"/>.
    /// </summary>
    public sealed class GdapRelationshipState
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        /// <summary>"active", "expired", "terminated", ... (an active relationship past <see cref="EndDateTime"/> reads "expired").</summary>
        public string Status { get; set; } = "active";
        public DateTimeOffset CreatedDateTime { get; set; }
        public DateTimeOffset ActivatedDateTime { get; set; }
        public DateTimeOffset EndDateTime { get; set; }
        /// <summary>ISO 8601 duration of the relationship, e.g. "P730D" (Graph duration).</summary>
        public string Duration { get; set; } = "P730D";
        /// <summary>"PT0S" (no auto-extension), "P0D" or "P180D".</summary>
        public string AutoExtendDuration { get; set; } = "PT0S";
        /// <summary>Entra role template ids granted (see <see cref="GdapRoles"/>).</summary>
        public List<string> RoleDefinitionIds { get; set; } = new List<string>();
        /// <summary>Which security groups of the partner tenant hold which of the roles (Graph delegatedAdminAccessAssignment).</summary>
        public List<GdapAccessAssignmentState> AccessAssignments { get; set; } = new List<GdapAccessAssignmentState>();

        public bool IsActiveAt(DateTimeOffset now) =>
            string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase) && EndDateTime > now;

        /// <summary>An ISO 8601 duration in whole days, e.g. "P730D".</summary>
        public static string DurationOf(TimeSpan span) =>
            "P" + ((long)Math.Round(span.TotalDays)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "D";

        /// <summary>The status Graph shows at <paramref name="now"/>: "expired" once an active relationship has ended.</summary>
        public string StatusAt(DateTimeOffset now) =>
            string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase) && EndDateTime <= now ? "expired" : Status;

        /// <summary>The latest change of the relationship or one of its access assignments (Graph lastModifiedDateTime).</summary>
        public DateTimeOffset LastModified()
        {
            var latest = ActivatedDateTime > CreatedDateTime ? ActivatedDateTime : CreatedDateTime;
            foreach (var assignment in AccessAssignments)
            {
                if (assignment.LastModifiedDateTime > latest)
                {
                    latest = assignment.LastModifiedDateTime;
                }
            }

            return latest;
        }

        public bool HasRole(string roleDefinitionId) => Contains(RoleDefinitionIds, roleDefinitionId);

        /// <summary>
        /// The roles in effect: roles of the relationship that an active access assignment grants, counting only the assignments
        /// <paramref name="counts"/> accepts (for a user, those whose group has the user as member).
        /// </summary>
        public HashSet<string> EffectiveRoles(Func<GdapAccessAssignmentState, bool> counts)
        {
            var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var assignment in AccessAssignments)
            {
                if (!assignment.IsActive || !counts(assignment))
                {
                    continue;
                }

                foreach (var role in assignment.RoleDefinitionIds)
                {
                    if (HasRole(role))
                    {
                        roles.Add(role);
                    }
                }
            }

            return roles;
        }

        /// <summary>
        /// Adds a role to the relationship and to each of its active access assignments, so that it takes effect (adding it to
        /// <see cref="RoleDefinitionIds"/> alone grants nothing until an assignment holds it). For arranging tests.
        /// </summary>
        public void GrantRole(string roleDefinitionId)
        {
            if (!HasRole(roleDefinitionId))
            {
                RoleDefinitionIds.Add(roleDefinitionId);
            }

            foreach (var assignment in AccessAssignments)
            {
                if (assignment.IsActive && !Contains(assignment.RoleDefinitionIds, roleDefinitionId))
                {
                    assignment.RoleDefinitionIds.Add(roleDefinitionId);
                }
            }
        }

        internal static bool Contains(List<string> roles, string roleDefinitionId)
        {
            foreach (var role in roles)
            {
                if (string.Equals(role, roleDefinitionId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A GDAP access assignment: roles of the relationship given to a security group of the partner tenant.</summary>
    public sealed class GdapAccessAssignmentState
    {
        public string Id { get; set; } = "";
        /// <summary>Object id of the security group in the partner tenant (Graph accessContainer.accessContainerId).</summary>
        public string SecurityGroupId { get; set; } = "";
        /// <summary>"active", "pending" or "deleted"; only active assignments grant access.</summary>
        public string Status { get; set; } = "active";
        public DateTimeOffset CreatedDateTime { get; set; }
        public DateTimeOffset LastModifiedDateTime { get; set; }
        /// <summary>Role template ids granted to the group (a subset of the relationship's roles).</summary>
        public List<string> RoleDefinitionIds { get; set; } = new List<string>();

        public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase);

        /// <summary>An active assignment of (a copy of) <paramref name="roleDefinitionIds"/> to the group, made at <paramref name="at"/>.</summary>
        public static GdapAccessAssignmentState For(string id, string securityGroupId, IEnumerable<string> roleDefinitionIds, DateTimeOffset at) =>
            new GdapAccessAssignmentState
            {
                Id = id,
                SecurityGroupId = securityGroupId,
                Status = "active",
                CreatedDateTime = at,
                LastModifiedDateTime = at,
                RoleDefinitionIds = new List<string>(roleDefinitionIds),
            };
    }

    /// <summary>A security group of a directory (Graph group with securityEnabled true), with its member user ids.</summary>
    public sealed class SecurityGroupState
    {
        /// <summary>The group the seed creates in each partner tenant (with the partner's admin) for GDAP access assignments.</summary>
        public const string OperatorsDisplayName = "CspAdmin Operators";

        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? Description { get; set; }
        public string MailNickname { get; set; } = "";
        public DateTimeOffset CreatedDateTime { get; set; }
        /// <summary>Object ids of the member users.</summary>
        public List<string> MemberIds { get; set; } = new List<string>();

        public bool HasMember(string? userId) => userId != null && GdapRelationshipState.Contains(MemberIds, userId);

        /// <summary>A partner's "CspAdmin Operators" group with the partner's admin as its only member.</summary>
        public static SecurityGroupState Operators(string id, string adminUserId, DateTimeOffset createdAt) =>
            new SecurityGroupState
            {
                Id = id,
                DisplayName = OperatorsDisplayName,
                Description = "Partner staff who administer customers through GDAP",
                MailNickname = "cspadminoperators",
                CreatedDateTime = createdAt,
                MemberIds = { adminUserId },
            };
    }
}
