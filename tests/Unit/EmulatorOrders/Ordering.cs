using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.EmulatorWrites;
using Xunit;

namespace CspAdmin.Tests.EmulatorOrders
{
    /// <summary>Catalog, cart and order helpers over <see cref="EmulatorClient"/> (raw Partner Center HTTP).</summary>
    internal static class Ordering
    {
        public const string Root = "partnercenter/v1/";

        /// <summary>A cart line in the SDK's camelCase wire shape; null properties are left out.</summary>
        public static Dictionary<string, object?> Line(int id, string catalogItemId, int quantity, string billingCycle = "monthly",
            string? termDuration = "P1M", object? participants = null, string? friendlyName = null) =>
            new Dictionary<string, object?>
            {
                ["id"] = id,
                ["catalogItemId"] = catalogItemId,
                ["quantity"] = quantity,
                ["billingCycle"] = billingCycle,
                ["termDuration"] = termDuration,
                ["participants"] = participants,
                ["friendlyName"] = friendlyName,
                ["provisioningContext"] = new Dictionary<string, string>(),
            }.Where(p => p.Value != null).ToDictionary(p => p.Key, p => p.Value);

        /// <summary>The partner's customer number <paramref name="index"/> (Partner Center order) and a Partner Center token of the partner.</summary>
        public static (TenantState Tenant, string Token) CustomerToOrderFor(this EmulatorClient client, EmulatedPartner partner, int index = 0,
            bool appOnly = false) =>
            (client.CustomersOf(partner)[index], client.PartnerCenterToken(partner, appOnly));

        public static string Cart(params Dictionary<string, object?>[] lines) => Writes.Json(new Dictionary<string, object> { ["lineItems"] = lines });

        public static string CartPath(TenantState tenant, string? cartId = null) =>
            "customers/" + tenant.Id + "/carts" + (cartId == null ? "" : "/" + cartId);

        public static Task<EmulatorReply> CreateCartAsync(this EmulatorClient client, string token, TenantState tenant, string json) =>
            client.PartnerCenterAsync("POST", CartPath(tenant), token, json);

        /// <summary>POST .../checkout with an empty body (optionally an MS-RequestId).</summary>
        public static Task<EmulatorReply> CheckoutAsync(this EmulatorClient client, string token, TenantState tenant, string cartId, string? requestId = null) =>
            requestId == null
                ? client.PartnerCenterAsync("POST", CartPath(tenant, cartId) + "/checkout", token)
                : client.PartnerCenterAsync("POST", CartPath(tenant, cartId) + "/checkout", token, null, ("MS-RequestId", requestId));

        /// <summary>Creates a cart of valid lines and checks it out; returns the checkout result (asserting 201s).</summary>
        public static async Task<JsonElement> BuyAsync(this EmulatorClient client, string token, TenantState tenant, params Dictionary<string, object?>[] lines)
        {
            var cart = await client.CreateCartAsync(token, tenant, Cart(lines));
            Assert.True(cart.Status == 201, cart.ToString());
            Assert.All(cart.Json.GetProperty("lineItems").EnumerateArray(), l => Assert.False(l.TryGetProperty("error", out _), l.ToString()));
            var checkout = await client.CheckoutAsync(token, tenant, cart.Json.GetProperty("id").GetString()!);
            Assert.True(checkout.Status == 201, checkout.ToString());
            return checkout.Json;
        }

        public static async Task<JsonElement> GetOkAsync(this EmulatorClient client, string path, string token)
        {
            var reply = await client.GetAsync(Root + path, token);
            Assert.True(reply.Status == 200, path + " -> " + reply);
            return reply.Json;
        }

        /// <summary>A catalog product that the tenant holds no subscription of (not an add-on).</summary>
        public static CatalogProduct ProductNotHeld(this EmulatorClient client, TenantState tenant) =>
            client.Cloud.Read(_ => ProductCatalog.All.First(p => !p.IsAddOn && tenant.Subscriptions.All(s => s.SkuId != p.SkuId)));

        /// <summary>A catalog product of an active subscription the partner sold to the tenant.</summary>
        public static CatalogProduct ProductHeld(this EmulatorClient client, TenantState tenant, EmulatedPartner partner) =>
            client.Cloud.Read(_ => tenant.Subscriptions
                .Where(s => s.SellerTenantId == partner.TenantId && s.Status == SubscriptionStatus.Active && !s.IsTrial)
                .Select(s => ProductCatalog.FindBySkuId(s.SkuId))
                .First(p => p != null && !p.IsAddOn)!);

        /// <summary>Graph subscribedSkus entry of a SKU, or null when the tenant has none.</summary>
        public static async Task<JsonElement?> GraphSkuAsync(this EmulatorClient client, string graphToken, string skuId)
        {
            var reply = await client.GetAsync("graph/v1.0/subscribedSkus", graphToken);
            Assert.True(reply.Status == 200, reply.ToString());
            foreach (var sku in reply.Json.GetProperty("value").EnumerateArray())
            {
                if (sku.GetProperty("skuId").GetString() == skuId)
                {
                    return sku;
                }
            }

            return null;
        }

        public static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
    }
}
