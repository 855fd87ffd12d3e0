using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// A tenant's seats of one SKU, summed over every partner's subscriptions: the single source of
    /// Graph subscribedSkus and Partner Center subscribedskus.
    /// </summary>
    public sealed class LicensePool
    {
        internal LicensePool(string skuId, CatalogProduct? product)
        {
            SkuId = skuId;
            Product = product;
        }

        public string SkuId { get; }
        public CatalogProduct? Product { get; }
        public string SkuPartNumber => Product?.SkuPartNumber ?? SkuId;
        /// <summary>Seats of active (including trial) subscriptions.</summary>
        public int Enabled { get; internal set; }
        public int Suspended { get; internal set; }
        /// <summary>Seats of expired subscriptions still in their grace period.</summary>
        public int Warning { get; internal set; }
        /// <summary>Seats of cancelled (deleted) subscriptions.</summary>
        public int LockedOut { get; internal set; }
        /// <summary>Active users holding the SKU.</summary>
        public int Consumed { get; internal set; }
        public List<SubscriptionState> Subscriptions { get; } = new List<SubscriptionState>();

        /// <summary>Seats that can still be assigned (seats in warning remain assignable).</summary>
        public int Available => Enabled + Warning - Consumed;

        /// <summary>Graph capabilityStatus: Enabled, Warning, Suspended or LockedOut.</summary>
        public string CapabilityStatus =>
            Enabled > 0 ? "Enabled" : Warning > 0 ? "Warning" : Suspended > 0 ? "Suspended" : "LockedOut";
    }

    public static class LicensePools
    {
        /// <summary>
        /// One pool per SKU that has any provisioned subscription in the tenant, in order of first subscription. Pending purchases
        /// (an order not yet fulfilled) are not in the directory yet, so they count nowhere.
        /// </summary>
        public static IReadOnlyList<LicensePool> For(TenantState tenant)
        {
            var pools = new List<LicensePool>();
            var bySku = new Dictionary<string, LicensePool>(StringComparer.OrdinalIgnoreCase);
            foreach (var subscription in tenant.Subscriptions)
            {
                if (!subscription.IsProvisioned)
                {
                    continue;
                }

                if (!bySku.TryGetValue(subscription.SkuId, out var pool))
                {
                    pool = new LicensePool(subscription.SkuId, ProductCatalog.FindBySkuId(subscription.SkuId));
                    bySku[subscription.SkuId] = pool;
                    pools.Add(pool);
                }

                pool.Subscriptions.Add(subscription);
                switch (subscription.Status)
                {
                    case SubscriptionStatus.Active: pool.Enabled += subscription.Quantity; break;
                    case SubscriptionStatus.Suspended: pool.Suspended += subscription.Quantity; break;
                    case SubscriptionStatus.Expired: pool.Warning += subscription.Quantity; break;
                    case SubscriptionStatus.Deleted: pool.LockedOut += subscription.Quantity; break;
                }
            }

            foreach (var user in tenant.Users)
            {
                foreach (var license in user.AssignedLicenses)
                {
                    if (bySku.TryGetValue(license.SkuId, out var pool))
                    {
                        pool.Consumed++;
                    }
                }
            }

            return pools;
        }

        public static LicensePool? Find(TenantState tenant, string skuId)
        {
            foreach (var pool in For(tenant))
            {
                if (string.Equals(pool.SkuId, skuId, StringComparison.OrdinalIgnoreCase))
                {
                    return pool;
                }
            }

            return null;
        }
    }
}
