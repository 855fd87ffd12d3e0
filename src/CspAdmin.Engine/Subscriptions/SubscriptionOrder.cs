using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.PartnerCenter;

namespace CspAdmin.Engine.Subscriptions
{
    /// <summary>What New-CspSubscription orders.</summary>
    public sealed class OrderRequest
    {
        /// <summary>Catalog item id, part number or product name.</summary>
        public string Offer { get; set; } = "";
        public int Quantity { get; set; }
        public string TermDuration { get; set; } = "P1Y";
        public string BillingCycle { get; set; } = "monthly";
        /// <summary>Return as soon as Partner Center took the order, while it is still being fulfilled.</summary>
        public bool NoWait { get; set; }
    }

    /// <summary>Orders a new-commerce offer for a customer: checked against the catalog, then cart, checkout, and the wait for fulfilment.</summary>
    public static class SubscriptionOrder
    {
        /// <summary>The country whose catalog the customer buys from: its tenant's country, else the default.</summary>
        public static async Task<string> CountryAsync(CspConnection connection, string customerId, CancellationToken cancellationToken) =>
            (await connection.Graph.GetOrganizationAsync(customerId, cancellationToken).ConfigureAwait(false))?.CountryLetterCode ?? OfferCatalog.DefaultCountry;

        public static async Task<Subscription> OrderAsync(CspConnection connection, string customerId, OrderRequest request, ChangeJournal journal, ProductCatalog catalog,
            Action<string> notice, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
        {
            var country = await CountryAsync(connection, customerId, cancellationToken).ConfigureAwait(false);
            var offer = OfferCatalog.Resolve(await OfferCatalog.ListAsync(connection, country, catalog, cancellationToken).ConfigureAwait(false), request.Offer);
            Check(offer, request);

            var cart = await connection.PartnerCenter.CreateCartAsync(customerId, new PcCart
            {
                LineItems =
                {
                    new PcCartLineItem
                    {
                        Id = 0,
                        CatalogItemId = offer.OfferId,
                        Quantity = request.Quantity,
                        TermDuration = request.TermDuration,
                        BillingCycle = request.BillingCycle.ToLowerInvariant(),
                    },
                },
            }, cancellationToken).ConfigureAwait(false);
            var lineError = cart.LineItems.FirstOrDefault(l => l.Error != null)?.Error;
            if (lineError != null)
            {
                throw new CspException("OfferOrderInvalid", CspErrorCategory.InvalidArgument,
                    $"Partner Center refused to order {offer.Name} (code {lineError.ErrorCode}): {lineError.ErrorDescription?.TrimEnd('.')}. Nothing was bought.", offer.OfferId)
                {
                    ServiceCode = lineError.ErrorCode,
                };
            }

            var entry = journal.Begin("SubscriptionOrdered", connection.Name, customerId, offer.OfferId, null,
                new { offer.Name, request.Quantity, request.TermDuration, request.BillingCycle });
            PcCheckoutResult result;
            try
            {
                result = await connection.PartnerCenter.CheckoutAsync(customerId, cart.Id!, cancellationToken).ConfigureAwait(false);
                if (result.OrderErrors.Count > 0)
                {
                    var error = result.OrderErrors[0];
                    throw new CspException("OfferOrderFailed", CspErrorCategory.InvalidOperation,
                        $"Partner Center did not place the order for {offer.Name}: {error.Description} (code {error.Code}).", offer.OfferId) { ServiceCode = error.Code };
                }
            }
            catch (CspException ex)
            {
                journal.Failed(entry, ex);
                throw;
            }

            var subscriptionId = result.Orders.SelectMany(o => o.LineItems).Select(l => l.SubscriptionId).FirstOrDefault(id => !string.IsNullOrEmpty(id))
                ?? throw new CspException("OfferOrderFailed", CspErrorCategory.ProtocolError, $"The order for {offer.Name} names no subscription.", offer.OfferId);
            journal.Succeeded(entry, new { offer.Name, request.Quantity, request.TermDuration, request.BillingCycle, SubscriptionId = subscriptionId, Order = result.Orders[0].Id },
                $"order {result.Orders[0].Id} placed");
            notice($"Ordered {request.Quantity} x {offer.Name} for customer {customerId}: order {result.Orders[0].Id}, subscription {subscriptionId}.");

            if (!request.NoWait)
            {
                await WaitUntilActiveAsync(connection, customerId, subscriptionId, waiting, cancellationToken).ConfigureAwait(false);
            }

            return (await SubscriptionReader.ReadAsync(connection, customerId, subscriptionId, catalog, notice, cancellationToken).ConfigureAwait(false)).First();
        }

        private static void Check(Offer offer, OrderRequest request)
        {
            if (request.Quantity < Math.Max(1, offer.MinimumQuantity) || (offer.MaximumQuantity > 0 && request.Quantity > offer.MaximumQuantity))
            {
                var range = offer.MaximumQuantity > 0 ? $"{Math.Max(1, offer.MinimumQuantity)} to {offer.MaximumQuantity}" : $"at least {Math.Max(1, offer.MinimumQuantity)}";
                throw new CspException("SubscriptionQuantityInvalid", CspErrorCategory.InvalidArgument,
                    $"{offer.Name} is sold in quantities of {range}; {request.Quantity} was asked.", request.Quantity);
            }

            if (offer.TermDurations.Length > 0 && !offer.TermDurations.Contains(request.TermDuration, StringComparer.OrdinalIgnoreCase))
            {
                throw new CspException("OfferTermInvalid", CspErrorCategory.InvalidArgument,
                    $"{offer.Name} is not sold for a term of {request.TermDuration}; terms: {string.Join(", ", offer.TermDurations)}.", request.TermDuration);
            }

            var wanted = $"{request.TermDuration} {request.BillingCycle}";
            if (offer.Terms.Length > 0 && !offer.Terms.Contains(wanted, StringComparer.OrdinalIgnoreCase))
            {
                throw new CspException("OfferBillingCycleInvalid", CspErrorCategory.InvalidArgument,
                    $"{offer.Name} for {request.TermDuration} is not billed {request.BillingCycle}; it is sold as: {string.Join(", ", offer.Terms)}.", request.BillingCycle);
            }
        }

        /// <summary>Polls the new subscription (pending while the order is fulfilled) until it is active.</summary>
        private static async Task WaitUntilActiveAsync(CspConnection connection, string customerId, string subscriptionId, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
        {
            var delay = TimeSpan.FromMilliseconds(250);
            var waited = TimeSpan.Zero;
            while (waited < TimeSpan.FromMinutes(10))
            {
                var subscription = await connection.PartnerCenter.GetSubscriptionAsync(customerId, subscriptionId, cancellationToken).ConfigureAwait(false);
                if (string.Equals(subscription.Status, "active", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                await connection.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
                waiting?.Invoke(waited);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }

            throw new CspException("SubscriptionChangePending", CspErrorCategory.OperationTimeout,
                $"Subscription {subscriptionId} was ordered but is not active after 10 minutes.", subscriptionId)
            {
                RecommendedAction = "Check it later with Get-CspSubscription; do not order it again.",
            };
        }
    }
}
