using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Engine.Users
{
    /// <summary>Buys missing seats on the active subscription this partner provides for a SKU (direct partners).</summary>
    public static class SeatPurchaser
    {
        /// <summary>Raises the quantity by <paramref name="seats"/> and returns how many were bought.</summary>
        public static async Task<int> BuyAsync(CspConnection connection, string customerId, GraphSubscribedSku sku, int seats, ChangeJournal journal,
            ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            var product = catalog.ProductName(sku.SkuId, sku.SkuPartNumber);
            var subscriptions = await SubscriptionReader.ReadAsync(connection, customerId, null, catalog, notice, cancellationToken).ConfigureAwait(false);
            var target = Target(subscriptions, customerId, sku, seats, catalog);

            var subscription = await connection.PartnerCenter.GetSubscriptionAsync(customerId, target.SubscriptionId, cancellationToken).ConfigureAwait(false);
            var before = subscription.Quantity;
            subscription.Quantity = before + seats;
            var entry = journal.Begin("SeatsBought", connection.Name, customerId, target.SubscriptionId, new { quantity = before, sku = sku.SkuPartNumber }, new { quantity = before + seats });
            try
            {
                var after = await connection.PartnerCenter.UpdateSubscriptionAsync(customerId, subscription, s => s.Quantity >= before + seats, connection.Clock, cancellationToken)
                    .ConfigureAwait(false);
                journal.Succeeded(entry, new { quantity = after.Quantity }, $"{seats} seat(s) bought");
            }
            catch (Exception ex)
            {
                journal.Failed(entry, ex);
                throw;
            }

            notice($"Bought {seats} seat(s) of {product} ({sku.SkuPartNumber}) for customer {customerId} on subscription {target.SubscriptionId}: quantity {before} -> {before + seats}.");
            return seats;
        }

        /// <summary>
        /// Throws LicenseAutoIncreaseUnavailable unless every product has a subscription <see cref="BuyAsync"/> could add its
        /// seats to, so a caller can find out before changing anything that a later purchase is impossible.
        /// </summary>
        public static async Task CheckAsync(CspConnection connection, string customerId, IEnumerable<(GraphSubscribedSku Sku, int Seats)> deficits,
            ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            var subscriptions = await SubscriptionReader.ReadAsync(connection, customerId, null, catalog, notice, cancellationToken).ConfigureAwait(false);
            foreach (var (sku, seats) in deficits)
            {
                Target(subscriptions, customerId, sku, seats, catalog);
            }
        }

        /// <summary>The subscription seats of the SKU are added to: this partner's, active, not a trial, the largest if several.</summary>
        private static Subscription Target(IEnumerable<Subscription> subscriptions, string customerId, GraphSubscribedSku sku, int seats, ProductCatalog catalog) =>
            subscriptions
                .Where(s => s.ProvidedByThisPartner && s.Status == "active" && !s.IsTrial && string.Equals(s.SkuId, sku.SkuId, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(s => s.Quantity)
                .FirstOrDefault()
            ?? throw new CspException("LicenseAutoIncreaseUnavailable", CspErrorCategory.InvalidOperation,
                $"{seats} more seat(s) of {catalog.ProductName(sku.SkuId, sku.SkuPartNumber)} ({sku.SkuPartNumber}) are needed, but this partner provides no active subscription of it to customer {customerId} to add them to.",
                sku.SkuPartNumber)
            {
                RecommendedAction = "Buy the product first (or ask the partner that provides it), then assign the licenses.",
            };
    }
}
