using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// The whole emulated world: partner accounts and every tenant (directory, subscriptions, partner relationships).
    /// Plain classes that round-trip through System.Text.Json. Change it only through
    /// <see cref="EmulatedCloud.Mutate"/> (which also refreshes the lookup indexes), or call <see cref="InvalidateIndexes"/> yourself.
    /// </summary>
    public sealed class EmulatorState
    {
        private Dictionary<string, TenantState>? _tenantIndex;

        /// <summary>
        /// 2: GDAP relationships carry access assignments (and created date, duration, auto-extension) and partner tenants an
        /// operators security group; <see cref="Upgrade"/> brings version 1 states up to it.
        /// </summary>
        public const int CurrentSchemaVersion = 2;

        public int SchemaVersion { get; set; } = CurrentSchemaVersion;
        public int Seed { get; set; }
        /// <summary>When the seed data was generated (emulator clock); all seeded dates are relative to it.</summary>
        public DateTimeOffset SeededAt { get; set; }
        /// <summary>Base64 HMAC-SHA256 key that signs this cloud's tokens; persisted so saved tokens stay valid after Load.</summary>
        public string SigningKey { get; set; } = "";
        /// <summary>How many ids <see cref="NewId"/> has handed out; persisted so ids stay deterministic across Save/Load.</summary>
        public long IdCounter { get; set; }
        public List<PartnerAccountState> Partners { get; set; } = new List<PartnerAccountState>();
        /// <summary>Customer tenants and the partners' own tenants, in a stable order (Partner Center lists customers in this order).</summary>
        public List<TenantState> Tenants { get; set; } = new List<TenantState>();

        /// <summary>A new GUID derived from <see cref="Seed"/> and <see cref="IdCounter"/> (deterministic, unlike Guid.NewGuid).</summary>
        public string NewId()
        {
            IdCounter++;
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes("cspadmin-emulator|" + Seed + "|" + IdCounter));
                var bytes = new byte[16];
                Array.Copy(hash, bytes, 16);
                return Ids.ToGuidString(bytes);
            }
        }

        /// <summary>
        /// A new subscription of <paramref name="skuId"/> sold by <paramref name="sellerTenantId"/>, bought at
        /// <paramref name="bought"/> with every seat in that first purchase: for tests and benchmarks to arrange
        /// scenarios (add it to a tenant inside <see cref="EmulatedCloud.Mutate"/>).
        /// </summary>
        public SubscriptionState NewSubscription(string sellerTenantId, string skuId, int quantity, bool nce, DateTimeOffset bought, string termDuration = "P1Y")
        {
            var product = ProductCatalog.FindBySkuId(skuId) ?? throw new ArgumentException($"The emulator sells no SKU {skuId}.", nameof(skuId));
            var subscription = new SubscriptionState
            {
                Id = NewId(),
                DirectoryId = NewId(),
                SellerTenantId = sellerTenantId,
                SkuId = product.SkuId,
                IsNce = nce,
                OfferId = nce ? product.NceOfferId : product.LegacyOfferId,
                OfferName = product.DisplayName,
                FriendlyName = product.DisplayName,
                Quantity = quantity,
                Status = SubscriptionStatus.Active,
                BillingCycle = nce ? "annual" : "monthly",
                TermDuration = termDuration,
                CreationDate = bought,
                TermStartDate = bought,
                CommitmentEndDate = SubscriptionTerms.CommitmentEnd(bought, termDuration, nce),
                OrderId = NewId(),
            };
            subscription.SeatEvents.Add(new SeatEventState { Quantity = quantity, At = bought });
            return subscription;
        }

        /// <summary>Appends a tenant (Partner Center lists customers in this order) and keeps the lookup index current.</summary>
        public void AddTenant(TenantState tenant)
        {
            Tenants.Add(tenant);
            if (_tenantIndex != null)
            {
                _tenantIndex[tenant.Id] = tenant;
            }
        }

        public TenantState? FindTenant(string? tenantId)
        {
            if (string.IsNullOrEmpty(tenantId))
            {
                return null;
            }

            if (_tenantIndex == null)
            {
                var index = new Dictionary<string, TenantState>(StringComparer.OrdinalIgnoreCase);
                foreach (var tenant in Tenants)
                {
                    index[tenant.Id] = tenant;
                }

                _tenantIndex = index;
            }

            return _tenantIndex.TryGetValue(tenantId!, out var found) ? found : null;
        }

        /// <summary>The tenant whose default or custom domain is <paramref name="domain"/> (case-insensitive), or null.</summary>
        public TenantState? FindTenantByDomain(string? domain)
        {
            if (string.IsNullOrEmpty(domain))
            {
                return null;
            }

            foreach (var tenant in Tenants)
            {
                foreach (var name in tenant.AllDomains())
                {
                    if (string.Equals(name, domain, StringComparison.OrdinalIgnoreCase))
                    {
                        return tenant;
                    }
                }
            }

            return null;
        }

        /// <summary>A partner account by name ("eu", "us", "other") or partner tenant id.</summary>
        public PartnerAccountState? FindPartner(string? nameOrTenantId)
        {
            foreach (var partner in Partners)
            {
                if (string.Equals(partner.Name, nameOrTenantId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(partner.TenantId, nameOrTenantId, StringComparison.OrdinalIgnoreCase))
                {
                    return partner;
                }
            }

            return null;
        }

        public PartnerAccountState? FindPartnerByClientId(string? clientId)
        {
            foreach (var partner in Partners)
            {
                if (string.Equals(partner.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
                {
                    return partner;
                }
            }

            return null;
        }

        /// <summary>Customer tenants that have a relationship with the partner tenant, in state order.</summary>
        public IEnumerable<TenantState> CustomersOf(string partnerTenantId)
        {
            foreach (var tenant in Tenants)
            {
                if (tenant.RelationshipWith(partnerTenantId) != null)
                {
                    yield return tenant;
                }
            }
        }

        /// <summary>
        /// Brings a state saved by an older emulator up to <see cref="CurrentSchemaVersion"/>. Version 1 had no access assignments,
        /// so every GDAP relationship gets one active assignment of all its roles to its partner's operators group (created with the
        /// admin as member), which keeps access as it was.
        /// </summary>
        internal void Upgrade()
        {
            if (SchemaVersion >= CurrentSchemaVersion)
            {
                return;
            }

            InvalidateIndexes();
            foreach (var partner in Partners)
            {
                var tenant = FindTenant(partner.TenantId);
                if (tenant != null && tenant.FindSecurityGroup(partner.OperatorsGroupId) == null)
                {
                    var group = SecurityGroupState.Operators(NewId(), partner.AdminUserId, tenant.CreatedDateTime);
                    tenant.SecurityGroups.Add(group);
                    partner.OperatorsGroupId = group.Id;
                }
            }

            foreach (var tenant in Tenants)
            {
                foreach (var relationship in tenant.Relationships)
                {
                    var gdap = relationship.Gdap;
                    var partner = FindPartner(relationship.PartnerTenantId);
                    if (gdap == null || partner == null)
                    {
                        continue;
                    }

                    if (gdap.CreatedDateTime == default)
                    {
                        gdap.CreatedDateTime = gdap.ActivatedDateTime;
                        gdap.Duration = GdapRelationshipState.DurationOf(gdap.EndDateTime - gdap.ActivatedDateTime);
                    }

                    if (gdap.AccessAssignments.Count == 0)
                    {
                        gdap.AccessAssignments.Add(GdapAccessAssignmentState.For(NewId(), partner.OperatorsGroupId, gdap.RoleDefinitionIds, gdap.ActivatedDateTime));
                    }
                }
            }

            SchemaVersion = CurrentSchemaVersion;
        }

        /// <summary>Drops every lookup index; they are rebuilt on next use. Call after changing lists directly.</summary>
        public void InvalidateIndexes()
        {
            _tenantIndex = null;
            foreach (var tenant in Tenants)
            {
                tenant.InvalidateIndex();
            }
        }
    }

    public static class TenantKinds
    {
        public const string Customer = "customer";
        public const string Partner = "partner";
    }

    /// <summary>One Partner Center account (a partner tenant with its app registration and admin user).</summary>
    public sealed class PartnerAccountState
    {
        public string Name { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string CompanyName { get; set; } = "";
        public string MpnId { get; set; } = "";
        public string Region { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string ClientSecret { get; set; } = "";
        public string AppDisplayName { get; set; } = "";
        /// <summary>Object id of the app's service principal: the oid of app-only tokens.</summary>
        public string ServicePrincipalId { get; set; } = "";
        public string AdminUserId { get; set; } = "";
        public string AdminUserPrincipalName { get; set; } = "";
        public string AdminDisplayName { get; set; } = "";
        /// <summary>The partner tenant's "CspAdmin Operators" security group (the admin is a member): new GDAP access assignments go to it.</summary>
        public string OperatorsGroupId { get; set; } = "";
        /// <summary>
        /// Public certificates (base64 DER) registered on the partner's app: a client assertion signed with one of their keys
        /// authenticates the app instead of the client secret.
        /// </summary>
        public List<string> Certificates { get; set; } = new List<string>();
        /// <summary>Indirect resellers this partner (as indirect provider) works with.</summary>
        public List<ResellerState> IndirectResellers { get; set; } = new List<ResellerState>();

        public ResellerState? FindReseller(string? tenantId)
        {
            foreach (var reseller in IndirectResellers)
            {
                if (string.Equals(reseller.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
                {
                    return reseller;
                }
            }

            return null;
        }
    }

    public sealed class ResellerState
    {
        public string TenantId { get; set; } = "";
        public string Name { get; set; } = "";
        public string MpnId { get; set; } = "";
        public string Country { get; set; } = "";
    }

    internal static class Ids
    {
        /// <summary>Formats 16 random bytes as a version-4 GUID string.</summary>
        public static string ToGuidString(byte[] bytes)
        {
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid byte order: bytes 6-7 are little-endian)
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(bytes).ToString();
        }
    }
}
