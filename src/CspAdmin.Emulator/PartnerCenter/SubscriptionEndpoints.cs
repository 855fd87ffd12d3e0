using System;
using System.Collections.Generic;
using System.Linq;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// A partner's subscriptions in a customer (its own, including those sold through its indirect resellers; never another
    /// partner's), add-ons, and the customer's license pools (subscribedskus, App+User only).
    /// </summary>
    internal static class SubscriptionEndpoints
    {
        public static EmulatorResponse List(PcCall call)
        {
            var orderId = call.Request.Query["order_id"];
            var mpnId = call.Request.Query["mpn_id"];
            var items = Ours(call)
                .Where(s => orderId == null || string.Equals(s.OrderId, orderId, StringComparison.OrdinalIgnoreCase))
                .Where(s => mpnId == null || string.Equals(call.Partner.FindReseller(s.ResellerTenantId)?.MpnId, mpnId, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return Collection(call, items, "/customers/" + call.Customer!.Id + "/subscriptions" + call.Request.Uri.Query);
        }

        public static EmulatorResponse Get(PcCall call)
        {
            var subscription = Find(call, call.Route["subscriptionId"]);
            if (subscription == null)
            {
                return PcErrors.SubscriptionNotFound(call.Route["subscriptionId"]);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.Subscription(w, subscription, call.Customer!, call.Partner, call.Now);
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse AddOns(PcCall call)
        {
            var parent = Find(call, call.Route["subscriptionId"]);
            if (parent == null)
            {
                return PcErrors.SubscriptionNotFound(call.Route["subscriptionId"]);
            }

            var items = Ours(call).Where(s => string.Equals(s.ParentSubscriptionId, parent.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            return Collection(call, items, "/customers/" + call.Customer!.Id + "/subscriptions/" + parent.Id + "/addons");
        }

        /// <summary>The tenant's license pools (all partners' seats, like Graph); licenseGroupIds other than Group1 give nothing.</summary>
        public static EmulatorResponse SubscribedSkus(PcCall call)
        {
            var groups = call.Request.Query.Pairs.Where(p => string.Equals(p.Key, "licenseGroupIds", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).ToList();
            var pools = groups.Count == 0 || groups.Any(g => string.Equals(g, "Group1", StringComparison.OrdinalIgnoreCase))
                ? LicensePools.For(call.Customer!).ToList()
                : new List<LicensePool>();
            return PcJson.Collection(pools, PcJson.SubscribedSku, "/customers/" + call.Customer!.Id + "/subscribedskus" + call.Request.Uri.Query);
        }

        /// <summary>
        /// GET customers/{id}/subscriptions/{subId}/provisioningstatus: "pending" while an order or a 202-accepted change is being
        /// provisioned, else "success"; quantity and endDate (the commitment end) as they are.
        /// </summary>
        public static EmulatorResponse ProvisioningStatus(PcCall call)
        {
            var subscription = Find(call, call.Route["subscriptionId"]);
            if (subscription == null)
            {
                return PcErrors.SubscriptionNotFound(call.Route["subscriptionId"]);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.ProvisioningStatus(w, subscription);
                w.WriteEndObject();
            });
        }

        /// <summary>The partner's subscriptions in the customer (sold by it, directly or through its indirect resellers).</summary>
        internal static IEnumerable<SubscriptionState> Ours(PcCall call) =>
            call.Customer!.Subscriptions.Where(s => string.Equals(s.SellerTenantId, call.Partner.TenantId, StringComparison.OrdinalIgnoreCase));

        private static SubscriptionState? Find(PcCall call, string id) =>
            Ours(call).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

        private static EmulatorResponse Collection(PcCall call, List<SubscriptionState> items, string self) =>
            PcJson.Collection(items, (w, s) => PcJson.Subscription(w, s, call.Customer!, call.Partner, call.Now), self);
    }
}
