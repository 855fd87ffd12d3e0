using System;
using System.Collections.Generic;
using System.Linq;
using CspAdmin.Emulator;

namespace CspAdmin.Tests.Support
{
    /// <summary>What the license table should say, computed straight from the emulator's raw state.</summary>
    public static class Expected
    {
        public sealed class Seats
        {
            public int Active;
            public int Suspended;
            public int Warning;
            public int Assigned;
            public HashSet<string> SubscriptionIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        public static Dictionary<string, Seats> SeatsBySku(TenantState tenant)
        {
            var result = new Dictionary<string, Seats>(StringComparer.OrdinalIgnoreCase);
            Seats For(string sku) => result.TryGetValue(sku, out var s) ? s : result[sku] = new Seats();
            foreach (var subscription in tenant.Subscriptions)
            {
                var seats = For(subscription.SkuId);
                switch (subscription.Status)
                {
                    case SubscriptionStatus.Active: seats.Active += subscription.Quantity; break;
                    case SubscriptionStatus.Suspended: seats.Suspended += subscription.Quantity; break;
                    case SubscriptionStatus.Expired: seats.Warning += subscription.Quantity; break;
                }

                if (subscription.Status != SubscriptionStatus.Deleted)
                {
                    seats.SubscriptionIds.Add(subscription.Id);
                }
            }

            foreach (var license in tenant.Users.SelectMany(u => u.AssignedLicenses))
            {
                For(license.SkuId).Assigned++;
            }

            return result.Where(kv => kv.Value.Active + kv.Value.Suspended + kv.Value.Warning + kv.Value.Assigned > 0)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        }

        public static IReadOnlyList<TenantState> CustomersOf(EmulatedCloud cloud, string partnerName) =>
            cloud.Read(state => state.CustomersOf(state.FindPartner(partnerName)!.TenantId).ToList());
    }
}
