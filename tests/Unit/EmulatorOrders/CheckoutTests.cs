using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.EmulatorWrites;
using CspAdmin.Tests.Support;
using Xunit;
using static CspAdmin.Tests.EmulatorOrders.Ordering;

namespace CspAdmin.Tests.EmulatorOrders
{
    /// <summary>
    /// Checkout: pending orders and subscriptions (Partner Center only), fulfilment after OrderFulfilmentDelay on the emulator
    /// clock (seats in Graph, refundable for 168 hours), replays and refusals, partner isolation.
    /// </summary>
    public sealed class CheckoutTests
    {
        [Fact]
        public async Task ACheckoutIsPendingInPartnerCenterOnlyUntilTheOrderIsFulfilled()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu, appOnly: true);   // carts and orders allow app-only tokens
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var product = client.ProductHeld(tenant, client.Eu);
            var before = await client.GraphSeatsAsync(graph, product.SkuId);
            var held = client.Cloud.Read(_ => tenant.Subscriptions.Count(s => s.SkuId == product.SkuId));
            var boughtAt = client.Clock.GetUtcNow();

            var result = await client.BuyAsync(token, tenant, Line(0, product.NceOfferId, 3, "monthly", "P1Y"));

            Assert.Equal("CartCheckoutResult", result.GetProperty("attributes").GetProperty("objectType").GetString());
            Assert.Empty(result.GetProperty("orderErrors").EnumerateArray());
            var order = Assert.Single(result.GetProperty("orders").EnumerateArray());
            var orderId = order.GetProperty("id").GetString()!;
            Assert.False(Guid.TryParse(orderId, out _));
            Assert.Equal(orderId, order.GetProperty("alternateId").GetString());
            Assert.Equal(tenant.Id, order.GetProperty("referenceCustomerId").GetString());
            Assert.Equal("pending", order.GetProperty("status").GetString());
            Assert.Equal("UserPurchase", order.GetProperty("transactionType").GetString());
            Assert.Equal("monthly", order.GetProperty("billingCycle").GetString());
            var line = Assert.Single(order.GetProperty("lineItems").EnumerateArray());
            Assert.Equal(0, line.GetProperty("lineItemNumber").GetInt32());
            Assert.Equal(product.NceOfferId, line.GetProperty("offerId").GetString());
            Assert.Equal("New", line.GetProperty("transactionType").GetString());
            Assert.Equal(3, line.GetProperty("quantity").GetInt32());
            var subscriptionId = line.GetProperty("subscriptionId").GetString()!;

            // Partner Center: a new pending subscription (even though the customer holds the SKU), listed under the order.
            var subscription = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions/" + subscriptionId, token);
            Assert.Equal("pending", subscription.GetProperty("status").GetString());
            Assert.Equal(orderId, subscription.GetProperty("orderId").GetString());
            Assert.Equal(0, subscription.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32());
            Assert.Equal(held + 1, client.Cloud.Read(_ => tenant.Subscriptions.Count(s => s.SkuId == product.SkuId)));
            var byOrder = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions?order_id=" + orderId, token);
            Assert.Equal(subscriptionId, Assert.Single(byOrder.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
            var provisioning = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions/" + subscriptionId + "/provisioningstatus", token);
            Assert.Equal("pending", provisioning.GetProperty("status").GetString());
            Assert.Equal(product.SkuId.ToUpperInvariant(), provisioning.GetProperty("skuId").GetString());
            var patch = await client.PartnerCenterAsync("PATCH", "customers/" + tenant.Id + "/subscriptions/" + subscriptionId, token, "{\"quantity\":4}");
            patch.AssertPcError(409, "SubscriptionProvisioningInProgress");

            // Graph: nothing yet, also just before the fulfilment delay is over.
            client.Clock.Advance(TimeSpan.FromSeconds(19));
            Assert.Equal(before, await client.GraphSeatsAsync(graph, product.SkuId));
            Assert.Equal(404, (await client.GetAsync("graph/v1.0/directory/subscriptions/" + subscriptionId, graph)).Status);
            Assert.Equal("pending", (await client.GetOkAsync("customers/" + tenant.Id + "/orders/" + orderId, token)).GetProperty("status").GetString());

            // 20 s after checkout: the next request that touches the customer (here Graph) fulfils the order.
            client.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal((before.Enabled + 3, before.Consumed), await client.GraphSeatsAsync(graph, product.SkuId));
            var company = await client.GetAsync("graph/v1.0/directory/subscriptions/" + subscriptionId, graph);
            Assert.Equal(200, company.Status);
            Assert.Equal(3, company.Json.GetProperty("totalLicenses").GetInt32());
            Assert.Equal("completed", (await client.GetOkAsync("customers/" + tenant.Id + "/orders/" + orderId, token)).GetProperty("status").GetString());
            subscription = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions/" + subscriptionId, token);
            Assert.Equal("active", subscription.GetProperty("status").GetString());
            var refundable = subscription.GetProperty("refundableQuantity");
            Assert.Equal(3, refundable.GetProperty("totalQuantity").GetInt32());
            Assert.Equal(boughtAt.AddHours(168), EmulatorClient.Date(refundable.GetProperty("details")[0].GetProperty("allowedUntilDateTime")));
            Assert.Contains("cancel", subscription.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            provisioning = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions/" + subscriptionId + "/provisioningstatus", token);
            Assert.Equal("success", provisioning.GetProperty("status").GetString());
            client.AssertConsistent();
        }

        [Fact]
        public async Task ASkuTheCustomerDidNotHaveAppearsInGraphOnlyWhenActiveAndTheTimeScaleShortensTheWait()
        {
            using var client = EmulatorClient.Create(o => o.TimeScale = 10);
            var (tenant, token) = client.CustomerToOrderFor(client.Us, 1);
            var graph = client.GraphToken(client.Us, tenant.Id);
            var product = client.ProductNotHeld(tenant);

            await client.BuyAsync(token, tenant, Line(0, product.NceOfferId, 7, "annual", "P1Y"));
            var pending = await client.GraphSkuAsync(graph, product.SkuId);
            client.Clock.Advance(TimeSpan.FromSeconds(2));   // 20 s / TimeScale 10
            var active = await client.GraphSkuAsync(graph, product.SkuId);

            Assert.Null(pending);
            Assert.NotNull(active);
            Assert.Equal(7, active!.Value.GetProperty("prepaidUnits").GetProperty("enabled").GetInt32());
            Assert.Equal(0, active.Value.GetProperty("consumedUnits").GetInt32());
        }

        [Fact]
        public async Task ACartIsOrderedOnceAndARetryWithTheSameRequestIdGetsTheSameOrders()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu, 2);
            var e3 = ProductCatalog.Get("SPE_E3").NceOfferId;
            var created = await client.CreateCartAsync(token, tenant, Cart(Line(0, e3, 2, "monthly", "P1M"), Line(1, e3, 1, "annual", "P1Y")));
            var cartId = created.Json.GetProperty("id").GetString()!;
            var requestId = Guid.NewGuid().ToString();

            var first = await client.CheckoutAsync(token, tenant, cartId, requestId);
            var count = client.Cloud.Read(_ => tenant.Subscriptions.Count);
            var retry = await client.CheckoutAsync(token, tenant, cartId, requestId);
            var again = await client.CheckoutAsync(token, tenant, cartId, Guid.NewGuid().ToString());
            var put = await client.PartnerCenterAsync("PUT", CartPath(tenant, cartId), token, Cart(Line(0, e3, 9)));
            var cart = await client.GetOkAsync(CartPath(tenant, cartId), token);

            Assert.True(first.Status == 201, first.ToString());
            var orders = first.Json.GetProperty("orders").EnumerateArray().ToArray();
            Assert.Equal(2, orders.Length);   // one order per billing cycle (order group)
            Assert.Equal(new[] { "monthly", "annual" }, orders.Select(o => o.GetProperty("billingCycle").GetString()).ToArray());
            Assert.Equal(201, retry.Status);
            Assert.Equal(orders.Select(o => o.GetProperty("id").GetString()), retry.Json.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
            Assert.Equal(count, client.Cloud.Read(_ => tenant.Subscriptions.Count));
            again.AssertPcError(409, "CartAlreadyOrdered");
            put.AssertPcError(409, "CartAlreadyOrdered");
            Assert.Equal("Ordered", cart.GetProperty("status").GetString());
        }

        [Fact]
        public async Task OrdersListTheCheckoutsAndTheSeededPurchasesInTheRecordedShape()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu, 3);
            var seeded = client.Cloud.Read(_ => tenant.Subscriptions.First(s => s.SellerTenantId == client.Eu.TenantId));
            var result = await client.BuyAsync(token, tenant, Line(0, ProductCatalog.Get("VISIOCLIENT").NceOfferId, 1));
            var orderId = result.GetProperty("orders")[0].GetProperty("id").GetString();

            var list = await client.GetOkAsync("customers/" + tenant.Id + "/orders", token);
            var historic = await client.GetOkAsync("customers/" + tenant.Id + "/orders/" + seeded.OrderId, token);
            var unknown = await client.GetAsync(Root + "customers/" + tenant.Id + "/orders/abc123", token);

            var ids = list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
            Assert.Contains(orderId, ids);
            Assert.Contains(seeded.OrderId, ids);
            Assert.Equal("completed", historic.GetProperty("status").GetString());
            Assert.Contains(historic.GetProperty("lineItems").EnumerateArray(), l => l.GetProperty("subscriptionId").GetString() == seeded.Id);
            unknown.AssertPcError(404, "OrderNotFound");

            // Every property of Microsoft's documented (pending) order and order line is there.
            var recorded = JsonDocument.Parse(Recorded.Load("partnercenter/checkout-cart.json").Body).RootElement.GetProperty("orders")[1];
            var ours = result.GetProperty("orders")[0];
            Assert.Empty(Keys(recorded).Except(Keys(ours)));
            Assert.Empty(Keys(recorded.GetProperty("lineItems")[0]).Except(Keys(ours.GetProperty("lineItems")[0])));
        }

        [Fact]
        public async Task ATransactionResellerBecomesThePartnerOfRecord()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Us);
            var reseller = client.Cloud.Read(s => s.FindPartner("us")!.IndirectResellers[0]);
            var participants = new[] { new { key = "transaction_reseller", value = reseller.MpnId } };

            var result = await client.BuyAsync(token, tenant, Line(0, ProductCatalog.Get("EMS").NceOfferId, 2, participants: participants));
            var line = result.GetProperty("orders")[0].GetProperty("lineItems")[0];
            var subscription = await client.GetOkAsync("customers/" + tenant.Id + "/subscriptions/" + line.GetProperty("subscriptionId").GetString(), token);
            var unknownReseller = await client.CreateCartAsync(token, tenant,
                Cart(Line(0, ProductCatalog.Get("EMS").NceOfferId, 2, participants: new[] { new { Key = "transaction_reseller", Value = "0000000" } })));

            Assert.Equal(reseller.MpnId, line.GetProperty("partnerIdOnRecord").GetString());
            Assert.Equal(reseller.MpnId, subscription.GetProperty("partnerId").GetString());
            Assert.Equal(10010, unknownReseller.Json.GetProperty("lineItems")[0].GetProperty("error").GetProperty("errorCode").GetInt32());
        }

        [Fact]
        public async Task AnotherPartnerCanNeitherOrderForTheCustomerNorSeeItsCartsAndOrders()
        {
            using var client = EmulatorClient.Create();
            var shared = client.SharedCustomer();   // eu and other both sell to it
            var euToken = client.PartnerCenterToken(client.Eu);
            var otherToken = client.PartnerCenterToken(client.Other);
            var usToken = client.PartnerCenterToken(client.Us);
            var line = Line(0, ProductCatalog.Get("EMS").NceOfferId, 1);
            var created = await client.CreateCartAsync(euToken, shared, Cart(line));
            var cartId = created.Json.GetProperty("id").GetString()!;
            var result = await client.BuyAsync(euToken, shared, line);
            var orderId = result.GetProperty("orders")[0].GetProperty("id").GetString()!;

            var noRelationship = await client.CreateCartAsync(usToken, shared, Cart(line));
            var otherOnly = await client.CreateCartAsync(euToken, client.OtherOnlyCustomer(), Cart(line));
            var othersCart = await client.GetAsync(Root + CartPath(shared, cartId), otherToken);
            var othersCheckout = await client.CheckoutAsync(otherToken, shared, cartId);
            var othersOrder = await client.GetAsync(Root + "customers/" + shared.Id + "/orders/" + orderId, otherToken);
            var othersOrders = await client.GetOkAsync("customers/" + shared.Id + "/orders", otherToken);

            noRelationship.AssertPcError(403, "20002");
            otherOnly.AssertPcError(403, "20002");
            othersCart.AssertPcError(404, "CartNotFound");
            othersCheckout.AssertPcError(404, "CartNotFound");
            othersOrder.AssertPcError(404, "OrderNotFound");
            Assert.DoesNotContain(othersOrders.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == orderId);
            Assert.Equal(201, (await client.CheckoutAsync(euToken, shared, cartId)).Status);   // still the owner's to check out
        }
    }
}
