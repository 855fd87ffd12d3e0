using System;
using System.Linq;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Carts and checkout: POST customers/{id}/carts (201 Cart), GET and PUT customers/{id}/carts/{cartId} (PUT replaces the line
    /// items; 201 as documented), POST customers/{id}/carts/{cartId}/checkout (201 CartCheckoutResult). A cart is the creating
    /// partner's only and expires <see cref="EmulatorOptions.CartLifetime"/> after creation. Checkout creates one order per order
    /// group (billing cycle) and one new "pending" subscription per line; <see cref="TenantState.Settle"/> activates them
    /// <see cref="EmulatorOptions.OrderFulfilmentDelay"/> later. Retrying a checkout with the same MS-RequestId answers the same
    /// result again (the header is Partner Center's idempotency key); any other checkout of an ordered cart is a 409.
    /// </summary>
    internal static class CartEndpoints
    {
        public static EmulatorResponse Create(PcCall call)
        {
            var lines = CartInput.Read(call.Request, out var error);
            if (lines == null)
            {
                return error!;
            }

            CartInput.Apply(call, lines);
            var cart = new CartState
            {
                Id = call.Cloud.State.NewId(),
                PartnerTenantId = call.Partner.TenantId,
                CreationTimestamp = call.Now,
                LastModifiedTimestamp = call.Now,
                ExpirationTimestamp = call.Now + call.Cloud.Options.CartLifetime,
                LastModifiedUser = call.Claims.ObjectId,
                LineItems = lines,
            };
            call.Customer!.Carts.Add(cart);
            return CartAnswer(call, 201, cart);
        }

        public static EmulatorResponse Get(PcCall call)
        {
            var cart = Find(call);
            return cart == null ? CartNotFound(call) : CartAnswer(call, 200, cart);
        }

        public static EmulatorResponse Update(PcCall call)
        {
            var cart = Find(call);
            if (cart == null)
            {
                return CartNotFound(call);
            }

            var refusal = Changeable(call, cart);
            if (refusal != null)
            {
                return refusal;
            }

            var lines = CartInput.Read(call.Request, out var error);
            if (lines == null)
            {
                return error!;
            }

            CartInput.Apply(call, lines);
            cart.LineItems = lines;
            cart.LastModifiedTimestamp = call.Now;
            cart.LastModifiedUser = call.Claims.ObjectId;
            return CartAnswer(call, 201, cart);
        }

        public static EmulatorResponse Checkout(PcCall call)
        {
            var cart = Find(call);
            if (cart == null)
            {
                return CartNotFound(call);
            }

            var requestId = call.Request.Header("MS-RequestId");
            if (cart.Status == CartStatus.Ordered && !string.IsNullOrWhiteSpace(requestId)
                && string.Equals(requestId, cart.CheckoutRequestId, StringComparison.OrdinalIgnoreCase))
            {
                return CheckoutAnswer(call, cart);
            }

            var refusal = Changeable(call, cart);
            if (refusal != null)
            {
                return refusal;
            }

            var errors = CartInput.Check(call, cart.LineItems);
            if (errors.Count > 0)
            {
                var first = errors.OrderBy(e => e.Key).First();
                return PcErrors.Error(400, first.Value.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"The cart cannot be checked out: line item {cart.LineItems[first.Key].Id}: {first.Value.Description}",
                    errors.OrderBy(e => e.Key).Select(e => $"lineItem {cart.LineItems[e.Key].Id}: {e.Value.Code} {e.Value.Description}").ToArray());
            }

            PlaceOrders(call, cart);
            cart.Status = CartStatus.Ordered;
            cart.CheckoutRequestId = string.IsNullOrWhiteSpace(requestId) ? null : requestId;
            cart.LastModifiedTimestamp = call.Now;
            cart.LastModifiedUser = call.Claims.ObjectId;
            return CheckoutAnswer(call, cart);
        }

        /// <summary>One pending order per order group, one new pending subscription per line (even for a SKU the customer holds).</summary>
        private static void PlaceOrders(PcCall call, CartState cart)
        {
            var state = call.Cloud.State;
            var customer = call.Customer!;
            var fulfilAt = call.Now + call.Cloud.Options.Scale(call.Cloud.Options.OrderFulfilmentDelay);
            foreach (var group in cart.LineItems.GroupBy(l => l.OrderGroup).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var orderId = state.NewId().Replace("-", "").Substring(0, 12);
                var order = new OrderState
                {
                    Id = orderId,
                    AlternateId = orderId,
                    PartnerTenantId = call.Partner.TenantId,
                    CartId = cart.Id,
                    BillingCycle = group.First().BillingCycle,
                    CurrencyCode = group.First().CurrencyCode,
                    CreationDate = call.Now,
                    Status = OrderStatus.Pending,
                    FulfilAt = fulfilAt,
                };
                foreach (var line in group)
                {
                    var product = NceCatalog.FindByCatalogItemId(line.CatalogItemId)!;
                    var reseller = CartInput.TransactionReseller(call.Partner, line);
                    var subscription = new SubscriptionState
                    {
                        Id = state.NewId(),
                        DirectoryId = state.NewId(),
                        SellerTenantId = call.Partner.TenantId,
                        ResellerTenantId = reseller?.TenantId,
                        SkuId = product.SkuId,
                        IsNce = true,
                        OfferId = product.NceOfferId,
                        OfferName = product.DisplayName,
                        FriendlyName = string.IsNullOrWhiteSpace(line.FriendlyName) ? product.DisplayName : line.FriendlyName!,
                        Quantity = line.Quantity,
                        Status = SubscriptionStatus.Pending,
                        AutoRenewEnabled = true,
                        BillingCycle = line.BillingCycle,
                        TermDuration = line.TermDuration!,
                        CreationDate = call.Now,
                        TermStartDate = call.Now,
                        CommitmentEndDate = SubscriptionTerms.CommitmentEnd(call.Now, line.TermDuration!, nce: true),
                        OrderId = orderId,
                    };
                    customer.Subscriptions.Add(subscription);
                    order.LineItems.Add(new OrderLineItemState
                    {
                        LineItemNumber = order.LineItems.Count,
                        OfferId = product.NceOfferId,
                        SubscriptionId = subscription.Id,
                        TermDuration = subscription.TermDuration,
                        FriendlyName = subscription.FriendlyName,
                        Quantity = line.Quantity,
                        PartnerIdOnRecord = reseller?.MpnId,
                    });
                }

                customer.Orders.Add(order);
                cart.OrderIds.Add(orderId);
            }
        }

        /// <summary>Only an active, unexpired cart can be changed or checked out.</summary>
        private static EmulatorResponse? Changeable(PcCall call, CartState cart)
        {
            if (cart.Status == CartStatus.Ordered)
            {
                return PcErrors.Error(409, "CartAlreadyOrdered",
                    $"Cart {cart.Id} has already been checked out (orders {string.Join(", ", cart.OrderIds)}). Create a new cart.");
            }

            if (call.Now >= cart.ExpirationTimestamp)
            {
                return PcErrors.Error(400, "CartExpired", $"Cart {cart.Id} expired at {JsonBody.Date(cart.ExpirationTimestamp)}. Create a new cart.");
            }

            return null;
        }

        private static CartState? Find(PcCall call) =>
            call.Customer!.Carts.FirstOrDefault(c => string.Equals(c.Id, call.Route["cartId"], StringComparison.OrdinalIgnoreCase)
                && string.Equals(c.PartnerTenantId, call.Partner.TenantId, StringComparison.OrdinalIgnoreCase));

        private static EmulatorResponse CartNotFound(PcCall call) =>
            PcErrors.Error(404, "CartNotFound", $"Cart {call.Route["cartId"]} was not found for this customer.");

        private static EmulatorResponse CartAnswer(PcCall call, int status, CartState cart) =>
            call.Json(status, w =>
            {
                w.WriteStartObject();
                PcJson.Cart(w, cart, call.Customer!);
                w.WriteEndObject();
            });

        /// <summary>201 {orders (current status), orderErrors: [], attributes: CartCheckoutResult}.</summary>
        private static EmulatorResponse CheckoutAnswer(PcCall call, CartState cart)
        {
            var orders = cart.OrderIds
                .Select(id => call.Customer!.Orders.FirstOrDefault(o => o.Id == id))
                .Where(o => o != null)
                .ToList();
            return call.Json(201, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("orders");
                foreach (var order in orders)
                {
                    w.WriteStartObject();
                    PcJson.Order(w, order!, call.Customer!);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("orderErrors");
                w.WriteEndArray();
                PcJson.Attributes(w, "CartCheckoutResult");
                w.WriteEndObject();
            });
        }
    }
}
