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
    /// <summary>POST/GET/PUT customers/{id}/carts: per-line validation with CartErrorCode numbers, expiry, PascalCase bodies.</summary>
    public sealed class CartTests
    {
        [Fact]
        public async Task ACartKeepsValidLinesAndMarksEachInvalidLineWithItsError()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu);
            var e3 = ProductCatalog.Get("SPE_E3").NceOfferId;
            var exchange = ProductCatalog.Get("EXCHANGESTANDARD").NceOfferId;
            var now = client.Clock.GetUtcNow();

            var reply = await client.CreateCartAsync(token, tenant, Cart(
                Line(0, e3, 5, "monthly", "P1Y", friendlyName: "E3 for sales"),
                Line(1, "CFQ7TTC0XXXX:0001:CFQ7TTC0YYYY", 1),
                Line(2, e3, client.Cloud.Options.MaxSubscriptionQuantity + 1),
                Line(3, e3, 1, "annual", "P1M"),
                Line(4, exchange, 1, "annual", "P3Y"),
                Line(5, e3, 0),
                Line(6, e3, 2, "annual", "P1Y")));

            Assert.True(reply.Status == 201, reply.ToString());
            var cart = reply.Json;
            Assert.Equal("Active", cart.GetProperty("status").GetString());
            Assert.Equal("Cart", cart.GetProperty("attributes").GetProperty("objectType").GetString());
            Assert.Equal(now, EmulatorClient.Date(cart.GetProperty("creationTimestamp")));
            Assert.Equal(now.AddDays(7), EmulatorClient.Date(cart.GetProperty("expirationTimestamp")));
            var lines = cart.GetProperty("lineItems").EnumerateArray().ToArray();
            Assert.Equal(7, lines.Length);
            Assert.All(lines, l => Assert.Equal(NceCatalog.Currency(tenant.CountryLetterCode).Code, l.GetProperty("currencyCode").GetString()));
            Assert.False(lines[0].TryGetProperty("error", out _));
            Assert.Equal("E3 for sales", lines[0].GetProperty("friendlyName").GetString());
            Assert.Equal("0", lines[0].GetProperty("orderGroup").GetString());
            Assert.Equal("1", lines[6].GetProperty("orderGroup").GetString());   // annual billing: another order
            Assert.Equal(10001, ErrorCode(lines[1]));
            Assert.Equal(10015, ErrorCode(lines[2]));
            Assert.Equal(10013, ErrorCode(lines[3]));
            Assert.Equal(10010, ErrorCode(lines[4]));
            Assert.Contains("P3Y", lines[4].GetProperty("error").GetProperty("errorDescription").GetString());
            Assert.Equal(10010, ErrorCode(lines[5]));
            Assert.False(lines[6].TryGetProperty("error", out _));

            var fetched = await client.GetOkAsync(CartPath(tenant, cart.GetProperty("id").GetString()), token);
            Assert.Equal(cart.GetRawText(), fetched.GetRawText());
        }

        [Fact]
        public async Task ACartWithAnInvalidLineCannotBeCheckedOutUntilAPutFixesIt()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Us);
            var product = ProductCatalog.Get("POWER_BI_PRO");
            var created = await client.CreateCartAsync(token, tenant, Cart(Line(0, product.NceOfferId, 2), Line(1, "nonsense", 1)));
            var cartId = created.Json.GetProperty("id").GetString()!;
            var subscriptions = client.Cloud.Read(_ => tenant.Subscriptions.Count);

            var refused = await client.CheckoutAsync(token, tenant, cartId);
            client.Clock.Advance(TimeSpan.FromMinutes(5));
            var fixedCart = await client.PartnerCenterAsync("PUT", CartPath(tenant, cartId), token, Cart(Line(0, product.NceOfferId, 3)));
            var checkout = await client.CheckoutAsync(token, tenant, cartId);

            refused.AssertPcError(400, "10001");
            Assert.Contains("line item 1", refused.Json.GetProperty("description").GetString());
            Assert.True(fixedCart.Status == 201, fixedCart.ToString());
            Assert.Equal(3, Assert.Single(fixedCart.Json.GetProperty("lineItems").EnumerateArray()).GetProperty("quantity").GetInt32());
            Assert.Equal(client.Clock.GetUtcNow(), EmulatorClient.Date(fixedCart.Json.GetProperty("lastModifiedTimestamp")));
            Assert.NotEqual(fixedCart.Json.GetProperty("creationTimestamp").GetString(), fixedCart.Json.GetProperty("lastModifiedTimestamp").GetString());
            Assert.True(checkout.Status == 201, checkout.ToString());
            Assert.Equal(subscriptions + 1, client.Cloud.Read(_ => tenant.Subscriptions.Count));
        }

        [Fact]
        public async Task ThePascalCaseBodyOfTheNceExampleIsAcceptedAndAnsweredInTheRecordedShape()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu, 1);
            var recorded = JsonDocument.Parse(Recorded.Load("partnercenter/create-cart-nce.json").Body).RootElement;
            var recordedLine = recorded.GetProperty("lineItems")[0];
            // The request of the documented NCE example (PascalCase, "Monthly"), for the catalog item of its response.
            var body = "{\"LineItems\":[{\"Id\":0,\"CatalogItemId\":\"" + recordedLine.GetProperty("catalogItemId").GetString()
                + "\",\"TermDuration\":\"P1M\",\"BillingCycle\":\"Monthly\",\"Quantity\":1,\"ProvisioningContext\":{}}]}";

            var reply = await client.CreateCartAsync(token, tenant, body);

            Assert.True(reply.Status == 201, reply.ToString());
            Assert.Equal(Keys(recorded).OrderBy(k => k), Keys(reply.Json).OrderBy(k => k));
            var line = Assert.Single(reply.Json.GetProperty("lineItems").EnumerateArray());
            Assert.Equal(Keys(recordedLine).OrderBy(k => k), Keys(line).OrderBy(k => k));
            Assert.Equal("monthly", line.GetProperty("billingCycle").GetString());
            Assert.Equal(JsonValueKind.Number, line.GetProperty("id").ValueKind);
            Assert.Equal(JsonValueKind.String, line.GetProperty("orderGroup").ValueKind);
        }

        [Fact]
        public async Task AnAddOnNeedsItsBaseInTheTenantOrInTheSameCart()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Eu);
            var addOn = ProductCatalog.Get("IDENTITY_THREAT_PROTECTION");
            var parents = addOn.AddOnParents.Select(p => ProductCatalog.Get(p).SkuId).ToList();
            var tenant = client.CustomersOf(client.Eu).First(t => t.Subscriptions.All(s => !parents.Contains(s.SkuId)));

            var alone = await client.CreateCartAsync(token, tenant, Cart(Line(0, addOn.NceOfferId, 1)));
            var withBase = await client.CreateCartAsync(token, tenant, Cart(Line(0, addOn.NceOfferId, 1), Line(1, ProductCatalog.Get("SPE_E3").NceOfferId, 1)));

            Assert.Equal(10010, ErrorCode(alone.Json.GetProperty("lineItems")[0]));
            Assert.All(withBase.Json.GetProperty("lineItems").EnumerateArray(), l => Assert.False(l.TryGetProperty("error", out _)));
        }

        [Fact]
        public async Task BodiesThatAreNotCartsAreRefusedWithoutCreatingOne()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu);
            var e3 = ProductCatalog.Get("SPE_E3").NceOfferId;

            var empty = await client.CreateCartAsync(token, tenant, "{\"lineItems\":[]}");
            var notJson = await client.CreateCartAsync(token, tenant, "lineItems");
            var textQuantity = await client.CreateCartAsync(token, tenant, "{\"lineItems\":[{\"catalogItemId\":\"" + e3 + "\",\"quantity\":\"2\"}]}");
            var duplicateIds = await client.CreateCartAsync(token, tenant, Cart(Line(1, e3, 1), Line(1, e3, 2)));
            var unknownCart = await client.GetAsync(Root + CartPath(tenant, Guid.NewGuid().ToString()), token);

            empty.AssertPcError(400, "InvalidInput");
            notJson.AssertPcError(400, "InvalidInput");
            textQuantity.AssertPcError(400, "InvalidInput");
            duplicateIds.AssertPcError(400, "InvalidInput");
            unknownCart.AssertPcError(404, "CartNotFound");
            Assert.Empty(client.Cloud.Read(_ => tenant.Carts));
        }

        [Fact]
        public async Task AnExpiredCartCanNeitherBeChangedNorCheckedOut()
        {
            using var client = EmulatorClient.Create();
            var (tenant, token) = client.CustomerToOrderFor(client.Eu);
            var line = Line(0, ProductCatalog.Get("EMS").NceOfferId, 1);
            var created = await client.CreateCartAsync(token, tenant, Cart(line));
            var cartId = created.Json.GetProperty("id").GetString()!;

            client.Clock.Advance(TimeSpan.FromDays(7));
            token = client.PartnerCenterToken(client.Eu);
            var put = await client.PartnerCenterAsync("PUT", CartPath(tenant, cartId), token, Cart(line));
            var checkout = await client.CheckoutAsync(token, tenant, cartId);
            var stillReadable = await client.GetAsync(Root + CartPath(tenant, cartId), token);

            put.AssertPcError(400, "CartExpired");
            checkout.AssertPcError(400, "CartExpired");
            Assert.Equal(200, stillReadable.Status);
        }

        private static int ErrorCode(JsonElement line) => line.GetProperty("error").GetProperty("errorCode").GetInt32();
    }
}
