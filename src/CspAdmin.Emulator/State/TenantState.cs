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
        public string City { get; set; } = "";
        public string Region { get; set; } = "";
        public string PostalCode { get; set; } = "";
        public string Country { get; set; } = "";
        public string PhoneNumber { get; set; } = "";
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

    public sealed class GdapRelationshipState
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        /// <summary>"active", "expired", "terminated", ...</summary>
        public string Status { get; set; } = "active";
        public DateTimeOffset ActivatedDateTime { get; set; }
        public DateTimeOffset EndDateTime { get; set; }
        /// <summary>Entra role template ids granted (see <see cref="GdapRoles"/>).</summary>
        public List<string> RoleDefinitionIds { get; set; } = new List<string>();

        public bool IsActiveAt(DateTimeOffset now) =>
            string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase) && EndDateTime > now;

        public bool HasRole(string roleDefinitionId)
        {
            foreach (var role in RoleDefinitionIds)
            {
                if (string.Equals(role, roleDefinitionId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
