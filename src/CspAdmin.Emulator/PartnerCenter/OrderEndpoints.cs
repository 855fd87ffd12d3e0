using System;
using System.Collections.Generic;
using System.Linq;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// GET customers/{id}/orders and customers/{id}/orders/{orderId}: the partner's orders for the customer. Orders placed by
    /// checkouts are stored (pending, then completed); seeded subscriptions, which have an orderId but no order record, are shown
    /// as completed orders grouped by that orderId (current quantities), so every subscription's orderId resolves.
    /// </summary>
    internal static class OrderEndpoints
    {
        public static EmulatorResponse List(PcCall call)
        {
            var orders = Orders(call);
            return PcJson.Collection(orders, (w, o) => PcJson.Order(w, o, call.Customer!), "/customers/" + call.Customer!.Id + "/orders" + call.Request.Uri.Query);
        }

        public static EmulatorResponse Get(PcCall call)
        {
            var id = call.Route["orderId"];
            var order = Orders(call).FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.OrdinalIgnoreCase));
            if (order == null)
            {
                return PcErrors.Error(404, "OrderNotFound", $"Order {id} was not found for this customer.");
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.Order(w, order, call.Customer!);
                w.WriteEndObject();
            });
        }

        /// <summary>Stored orders of the partner plus one completed order per orderId of its other subscriptions, oldest first.</summary>
        private static List<OrderState> Orders(PcCall call)
        {
            var customer = call.Customer!;
            var stored = customer.Orders.Where(o => string.Equals(o.PartnerTenantId, call.Partner.TenantId, StringComparison.OrdinalIgnoreCase)).ToList();
            var known = new HashSet<string>(stored.Select(o => o.Id), StringComparer.OrdinalIgnoreCase);
            var currency = NceCatalog.Currency(customer.CountryLetterCode).Code;
            var historic = SubscriptionEndpoints.Ours(call)
                .Where(s => s.OrderId.Length > 0 && !known.Contains(s.OrderId))
                .GroupBy(s => s.OrderId, StringComparer.OrdinalIgnoreCase)
                .Select(g => new OrderState
                {
                    Id = g.Key,
                    AlternateId = g.Key,
                    PartnerTenantId = call.Partner.TenantId,
                    BillingCycle = g.First().BillingCycle,
                    CurrencyCode = currency,
                    CreationDate = g.Min(s => s.CreationDate),
                    Status = OrderStatus.Completed,
                    LineItems = g.Select((s, i) => new OrderLineItemState
                    {
                        LineItemNumber = i,
                        OfferId = s.OfferId,
                        SubscriptionId = s.Id,
                        TermDuration = s.TermDuration,
                        FriendlyName = s.FriendlyName,
                        Quantity = s.Quantity,
                        PartnerIdOnRecord = call.Partner.FindReseller(s.ResellerTenantId)?.MpnId,
                    }).ToList(),
                });
            return stored.Concat(historic).OrderBy(o => o.CreationDate).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        }
    }
}
