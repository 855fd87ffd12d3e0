using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Licensing
{
    /// <summary>
    /// A customer's SKUs as the tenant has them (subscribedSkus), so users can name a license the way they
    /// think of it: part number (SPE_E3), friendly name (Microsoft 365 E3) or GUID.
    /// </summary>
    public sealed class TenantSkus
    {
        private readonly List<GraphSubscribedSku> _skus;
        private readonly ProductCatalog _catalog;

        private TenantSkus(string customerId, List<GraphSubscribedSku> skus, ProductCatalog catalog)
        {
            CustomerId = customerId;
            _skus = skus;
            _catalog = catalog;
        }

        public string CustomerId { get; }
        public IReadOnlyList<GraphSubscribedSku> Skus => _skus;

        public static async Task<TenantSkus> ReadAsync(CspConnection connection, string customerId, ProductCatalog catalog, CancellationToken cancellationToken) =>
            new TenantSkus(customerId, await connection.Graph.ListSubscribedSkusAsync(customerId, cancellationToken).ToListAsync().ConfigureAwait(false), catalog);

        /// <summary>The tenant's SKU a name means, or a SkuNotFound error listing what the tenant has.</summary>
        public GraphSubscribedSku Resolve(string name)
        {
            var text = name.Trim();
            var match = _skus.FirstOrDefault(s => string.Equals(s.SkuId, text, StringComparison.OrdinalIgnoreCase))
                ?? _skus.FirstOrDefault(s => string.Equals(s.SkuPartNumber, text, StringComparison.OrdinalIgnoreCase))
                ?? _skus.FirstOrDefault(s => string.Equals(ProductName(s), text, StringComparison.OrdinalIgnoreCase));
            if (match != null)
            {
                return match;
            }

            var known = string.Join(", ", _skus.Where(s => (s.PrepaidUnits?.Enabled ?? 0) + s.ConsumedUnits > 0).Select(s => s.SkuPartNumber).OrderBy(p => p));
            throw new CspException("SkuNotFound", CspErrorCategory.ObjectNotFound,
                $"Customer {CustomerId} has no license '{name}'. It has: {(known.Length == 0 ? "none" : known)}.", name)
            {
                RecommendedAction = "Name a license by part number, product name or SKU id, as Get-CspLicense shows them.",
            };
        }

        public GraphSubscribedSku? Find(string? skuId) => _skus.FirstOrDefault(s => string.Equals(s.SkuId, skuId, StringComparison.OrdinalIgnoreCase));

        public string ProductName(GraphSubscribedSku sku) => _catalog.ProductName(sku.SkuId, sku.SkuPartNumber);

        public string PartNumber(string skuId) => Find(skuId)?.SkuPartNumber ?? _catalog.Find(skuId)?.SkuPartNumber ?? skuId;

        public string ProductName(string skuId) => _catalog.ProductName(skuId, Find(skuId)?.SkuPartNumber);

        /// <summary>Seats that can be assigned now: enabled − consumed (never below zero).</summary>
        public int Free(string skuId)
        {
            var sku = Find(skuId);
            return sku == null ? 0 : Math.Max(0, (sku.PrepaidUnits?.Enabled ?? 0) - sku.ConsumedUnits);
        }

        /// <summary>The service plan ids of a SKU matching names (service plan name or friendly name) or ids.</summary>
        public IReadOnlyList<string> ResolvePlans(GraphSubscribedSku sku, IEnumerable<string> names)
        {
            var result = new List<string>();
            foreach (var name in names)
            {
                var text = name.Trim();
                var plan = sku.ServicePlans.FirstOrDefault(p => string.Equals(p.ServicePlanId, text, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(p.ServicePlanName, text, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(_catalog.ServicePlanName(p.ServicePlanId), text, StringComparison.OrdinalIgnoreCase));
                if (plan?.ServicePlanId == null)
                {
                    throw new CspException("ServicePlanNotFound", CspErrorCategory.ObjectNotFound,
                        $"{ProductName(sku)} has no service plan '{name}'. Its plans: {string.Join(", ", sku.ServicePlans.Select(p => p.ServicePlanName))}.", name);
                }

                result.Add(plan.ServicePlanId);
            }

            return result;
        }
    }
}
