using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Licensing
{
    /// <summary>
    /// The license table of one customer: seats per product from the tenant's subscribedSkus (one state
    /// for every subscription of the SKU, from every partner), as the partner portals show it.
    /// </summary>
    public static class LicenseOverview
    {
        public static async Task<IReadOnlyList<LicenseSummary>> ReadAsync(CspConnection connection, string customerId, ProductCatalog catalog,
            CancellationToken cancellationToken)
        {
            var companyName = connection.CompanyNameAsync(customerId, cancellationToken);
            var subscriptions = connection.Graph.ListCompanySubscriptionsAsync(customerId, cancellationToken).ToListAsync();
            var skus = await connection.Graph.ListSubscribedSkusAsync(customerId, cancellationToken).ToListAsync().ConfigureAwait(false);

            // subscribedSkus names Graph's own subscription ids; partners and Get-CspSubscription know the commerce ids.
            var commerceIds = (await subscriptions.ConfigureAwait(false))
                .Where(s => !string.IsNullOrEmpty(s.Id) && !string.IsNullOrEmpty(s.CommerceSubscriptionId))
                .GroupBy(s => s.Id!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().CommerceSubscriptionId!, StringComparer.OrdinalIgnoreCase);
            foreach (var sku in skus)
            {
                sku.SubscriptionIds = sku.SubscriptionIds.Select(id => commerceIds.TryGetValue(id, out var commerceId) ? commerceId : id).ToList();
            }

            return Summarize(skus, customerId, await companyName.ConfigureAwait(false), connection.Name, catalog);
        }

        /// <summary>One row per SKU: entries of the same SKU (e.g. under several billing accounts) are added up.</summary>
        public static IReadOnlyList<LicenseSummary> Summarize(IEnumerable<GraphSubscribedSku> skus, string customerId, string companyName, string profile,
            ProductCatalog catalog)
        {
            return skus
                .Where(s => !string.IsNullOrEmpty(s.SkuId))
                .GroupBy(s => s.SkuId!, StringComparer.OrdinalIgnoreCase)
                .Select(group =>
                {
                    var first = group.First();
                    var active = group.Sum(s => s.PrepaidUnits?.Enabled ?? 0);
                    var assigned = group.Sum(s => s.ConsumedUnits);
                    return new LicenseSummary
                    {
                        CustomerId = customerId,
                        CompanyName = companyName,
                        Product = catalog.ProductName(first.SkuId, first.SkuPartNumber),
                        SkuPartNumber = first.SkuPartNumber ?? "",
                        SkuId = first.SkuId!,
                        Active = active,
                        Assigned = assigned,
                        Available = active - assigned,
                        Suspended = group.Sum(s => s.PrepaidUnits?.Suspended ?? 0),
                        Warning = group.Sum(s => s.PrepaidUnits?.Warning ?? 0),
                        SubscriptionIds = group.SelectMany(s => s.SubscriptionIds).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                        Profile = profile,
                    };
                })
                // A SKU with nothing paid, suspended, in grace or assigned is history, not a license.
                .Where(row => row.Active + row.Assigned + row.Suspended + row.Warning > 0)
                .OrderBy(row => row.Product, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }
}
