using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.PartnerCenter;

namespace CspAdmin.Engine.Subscriptions
{
    /// <summary>
    /// A customer's subscriptions: this partner's from Partner Center, joined with Graph's view of the
    /// tenant (GET /directory/subscriptions), which gives each subscription's SKU and reveals the
    /// subscriptions other partners sell to the same customer.
    /// </summary>
    public static class SubscriptionReader
    {
        public static async Task<IReadOnlyList<Subscription>> ReadAsync(CspConnection connection, string customerId, string? subscriptionId,
            ProductCatalog catalog, Action<string> warn, CancellationToken cancellationToken)
        {
            var ours = subscriptionId == null
                ? connection.PartnerCenter.ListSubscriptionsAsync(customerId, cancellationToken).ToListAsync()
                : GetOneAsync(connection, customerId, subscriptionId, cancellationToken);
            var tenantView = ReadTenantViewAsync(connection, customerId, warn, cancellationToken);
            await Task.WhenAll(ours, tenantView).ConfigureAwait(false);

            var bySubscription = tenantView.Result
                .Where(s => !string.IsNullOrEmpty(s.CommerceSubscriptionId))
                .GroupBy(s => s.CommerceSubscriptionId!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var now = connection.Clock.GetUtcNow();

            var result = ours.Result.Select(s =>
            {
                bySubscription.TryGetValue(s.Id ?? "", out var graph);
                return FromPartnerCenter(s, graph, customerId, connection.Name, catalog, now);
            }).ToList();

            var known = new HashSet<string>(result.Select(s => s.SubscriptionId), StringComparer.OrdinalIgnoreCase);
            result.AddRange(tenantView.Result
                .Where(s => !known.Contains(s.CommerceSubscriptionId ?? s.Id ?? "") && !string.Equals(s.Status, "Deleted", StringComparison.OrdinalIgnoreCase))
                .Where(s => subscriptionId == null || string.Equals(s.CommerceSubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase))
                .Select(s => FromOtherPartner(s, customerId, connection.Name, catalog)));
            return result;
        }

        public static Subscription FromPartnerCenter(PcSubscription source, GraphCompanySubscription? graph, string customerId, string profile,
            ProductCatalog catalog, DateTimeOffset now)
        {
            var isNce = (source.ProductType?.Id?.IndexOf("NCE", StringComparison.OrdinalIgnoreCase) ?? -1) >= 0
                || (source.OfferId?.Contains(":") ?? false);
            var openWindows = source.RefundableQuantity?.Details.Where(d => d.AllowedUntilDateTime > now).ToList() ?? new List<PcRefundableDetail>();
            DateTimeOffset? decreaseUntil = null;
            if (isNce)
            {
                // The latest window that was ever open tells both "until when" and, when past, "since when closed".
                decreaseUntil = source.RefundableQuantity?.Details.Select(d => d.AllowedUntilDateTime).Where(d => d.HasValue).Max()
                    ?? source.CancellationAllowedUntilDate
                    ?? source.CreationDate;
            }

            return new Subscription
            {
                CustomerId = customerId,
                SubscriptionId = source.Id ?? "",
                OfferId = source.OfferId,
                OfferName = source.OfferName,
                FriendlyName = source.FriendlyName,
                SkuId = graph?.SkuId,
                SkuPartNumber = graph?.SkuPartNumber,
                Product = graph == null ? source.OfferName : catalog.ProductName(graph.SkuId, graph.SkuPartNumber),
                Quantity = source.Quantity,
                Status = Lower(source.Status),
                IsNce = isNce,
                IsTrial = source.IsTrial,
                AutoRenewEnabled = source.AutoRenewEnabled,
                TermDuration = source.TermDuration,
                BillingCycle = Lower(source.BillingCycle),
                CreationDate = source.CreationDate,
                CommitmentEndDate = source.CommitmentEndDate,
                DecreaseAllowedUntil = decreaseUntil,
                RefundableQuantity = isNce ? openWindows.Sum(d => d.Quantity) : 0,
                ProvidedByThisPartner = true,
                PartnerId = string.IsNullOrWhiteSpace(source.PartnerId) ? null : source.PartnerId,
                ParentSubscriptionId = string.IsNullOrWhiteSpace(source.ParentSubscriptionId) ? null : source.ParentSubscriptionId,
                Profile = profile,
            };
        }

        private static Subscription FromOtherPartner(GraphCompanySubscription source, string customerId, string profile, ProductCatalog catalog) =>
            new Subscription
            {
                CustomerId = customerId,
                SubscriptionId = source.CommerceSubscriptionId ?? source.Id ?? "",
                SkuId = source.SkuId,
                SkuPartNumber = source.SkuPartNumber,
                Product = catalog.ProductName(source.SkuId, source.SkuPartNumber),
                OfferName = catalog.ProductName(source.SkuId, source.SkuPartNumber),
                Quantity = source.TotalLicenses,
                Status = GraphStatus(source.Status),
                IsTrial = source.IsTrial,
                CreationDate = source.CreatedDateTime,
                CommitmentEndDate = source.NextLifecycleDateTime,
                ProvidedByThisPartner = false,
                Profile = profile,
            };

        private static async Task<List<PcSubscription>> GetOneAsync(CspConnection connection, string customerId, string subscriptionId, CancellationToken cancellationToken)
        {
            try
            {
                return new List<PcSubscription> { await connection.PartnerCenter.GetSubscriptionAsync(customerId, subscriptionId, cancellationToken).ConfigureAwait(false) };
            }
            catch (CspException ex) when (ex.StatusCode == 404)
            {
                // Maybe another partner's: the tenant view decides.
                return new List<PcSubscription>();
            }
        }

        private static async Task<List<GraphCompanySubscription>> ReadTenantViewAsync(CspConnection connection, string customerId, Action<string> warn,
            CancellationToken cancellationToken)
        {
            try
            {
                return await connection.Graph.ListCompanySubscriptionsAsync(customerId, cancellationToken).ToListAsync().ConfigureAwait(false);
            }
            catch (CspException ex) when (ex.Category == CspErrorCategory.PermissionDenied || ex.Category == CspErrorCategory.AuthenticationError)
            {
                // Without Graph access the Partner Center view still stands; only SKUs and other partners' subscriptions are missing.
                warn($"Customer {customerId}: cannot read the tenant's subscriptions through Graph, so SKUs and other partners' subscriptions are not shown. {ex.Message}");
                return new List<GraphCompanySubscription>();
            }
        }

        public static CspException NotFound(string customerId, string subscriptionId) =>
            new CspException("SubscriptionNotFound", CspErrorCategory.ObjectNotFound,
                $"Customer {customerId} has no subscription '{subscriptionId}'.", subscriptionId)
            {
                RecommendedAction = "List the customer's subscriptions with Get-CspSubscription.",
            };

        private static string Lower(string? value) => (value ?? "").ToLowerInvariant();

        private static string GraphStatus(string? status)
        {
            switch ((status ?? "").ToLowerInvariant())
            {
                case "enabled": return "active";
                case "warning": return "expired";
                case "lockedout": return "disabled";
                default: return Lower(status);
            }
        }
    }
}
