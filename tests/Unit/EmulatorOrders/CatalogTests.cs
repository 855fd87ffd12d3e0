using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.EmulatorWrites;
using Xunit;
using static CspAdmin.Tests.EmulatorOrders.Ordering;

namespace CspAdmin.Tests.EmulatorOrders
{
    /// <summary>The new-commerce catalog: products?targetView=OnlineServices → skus → availabilities → catalogItemId.</summary>
    public sealed class CatalogTests
    {
        [Fact]
        public async Task BrowsingProductSkuAndAvailabilityLeadsToTheCatalogItemId()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Eu, appOnly: true);
            var expected = ProductCatalog.Get("O365_BUSINESS_ESSENTIALS");

            var products = await client.GetOkAsync("products?country=de&targetView=OnlineServices", token);
            Assert.Equal("Collection", products.GetProperty("attributes").GetProperty("objectType").GetString());
            Assert.Equal(ProductCatalog.All.Count, products.GetProperty("totalCount").GetInt32());
            var product = products.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("title").GetString() == expected.DisplayName);
            Assert.Equal(expected.ProductId, product.GetProperty("id").GetString());
            Assert.Equal("OnlineServicesNCE", product.GetProperty("productType").GetProperty("id").GetString());
            Assert.Equal("Product", product.GetProperty("attributes").GetProperty("objectType").GetString());

            // Follow the links as a client would (they are relative to /v1).
            var skusUri = product.GetProperty("links").GetProperty("skus").GetProperty("uri").GetString()!;
            Assert.Equal("/products/" + expected.ProductId + "/skus?country=DE", skusUri);
            var skus = await client.GetOkAsync(skusUri.TrimStart('/'), token);
            var sku = Assert.Single(skus.GetProperty("items").EnumerateArray());
            Assert.Equal(expected.NceSkuId, sku.GetProperty("id").GetString());
            Assert.Equal(expected.ProductId, sku.GetProperty("productId").GetString());
            Assert.Equal(1, sku.GetProperty("minimumQuantity").GetInt32());
            Assert.Equal(client.Cloud.Options.MaxSubscriptionQuantity, sku.GetProperty("maximumQuantity").GetInt32());
            Assert.False(sku.GetProperty("isTrial").GetBoolean());
            Assert.Equal(new[] { "annual", "monthly", "triennial" }, sku.GetProperty("supportedBillingCycles").EnumerateArray().Select(c => c.GetString()).ToArray());
            var dynamic = sku.GetProperty("dynamicAttributes");
            Assert.Equal(expected.SkuId, dynamic.GetProperty("provisioningId").GetString());   // the Graph skuId
            Assert.Equal("O365_BUSINESS_ESSENTIALS", dynamic.GetProperty("skuPartNumber").GetString());
            Assert.False(dynamic.GetProperty("isAddon").GetBoolean());

            var availabilities = await client.GetOkAsync(sku.GetProperty("links").GetProperty("availabilities").GetProperty("uri").GetString()!.TrimStart('/'), token);
            var availability = Assert.Single(availabilities.GetProperty("items").EnumerateArray());
            var catalogItemId = availability.GetProperty("catalogItemId").GetString();
            Assert.Equal(expected.ProductId + ":" + expected.NceSkuId + ":" + availability.GetProperty("id").GetString(), catalogItemId);
            Assert.Equal(expected.NceOfferId, catalogItemId);
            Assert.Equal("EUR", availability.GetProperty("defaultCurrency").GetProperty("code").GetString());
            Assert.Equal("DE", availability.GetProperty("country").GetString());
            var terms = availability.GetProperty("terms").EnumerateArray()
                .Select(t => t.GetProperty("duration").GetString() + "/" + t.GetProperty("billingCycle").GetString()).ToArray();
            Assert.Equal(new[] { "P1M/Monthly", "P1Y/Monthly", "P1Y/Annual", "P3Y/Annual", "P3Y/Triennial" }, terms);
            var refund = availability.GetProperty("terms")[0].GetProperty("cancellationPolicies")[0].GetProperty("refundOptions")[0];
            Assert.Equal("Full", refund.GetProperty("type").GetString());
            Assert.Equal("P7D", refund.GetProperty("expiresAfter").GetString());

            var byId = await client.GetOkAsync("products/" + expected.ProductId + "/skus/" + expected.NceSkuId + "/availabilities/"
                + expected.AvailabilityId + "?country=US", token);
            Assert.Equal("USD", byId.GetProperty("defaultCurrency").GetProperty("code").GetString());
        }

        [Fact]
        public async Task AddOnsAndExtrasShowTheirPrerequisitesAndShorterTerms()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Us);
            var addOn = ProductCatalog.Get("MCOEV");

            var sku = await client.GetOkAsync("products/" + addOn.ProductId + "/skus/" + addOn.NceSkuId + "?country=US", token);
            var availability = await client.GetOkAsync("products/" + addOn.ProductId + "/skus/" + addOn.NceSkuId + "/availabilities?country=US", token);

            Assert.True(sku.GetProperty("dynamicAttributes").GetProperty("isAddon").GetBoolean());
            Assert.Contains(ProductCatalog.Get("SPE_E3").ProductId + ":" + ProductCatalog.Get("SPE_E3").NceSkuId,
                sku.GetProperty("dynamicAttributes").GetProperty("prerequisiteSkus").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(new[] { "annual", "monthly" }, sku.GetProperty("supportedBillingCycles").EnumerateArray().Select(c => c.GetString()).ToArray());
            Assert.DoesNotContain(availability.GetProperty("items")[0].GetProperty("terms").EnumerateArray(), t => t.GetProperty("duration").GetString() == "P3Y");
        }

        [Fact]
        public async Task UnknownIdsMissingCountryAndOtherViewsAnswerAsDocumented()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Eu);
            var product = ProductCatalog.Get("SPB");

            var noProduct = await client.GetAsync(Root + "products/NOPE00000000?country=US", token);
            var noSku = await client.GetAsync(Root + "products/" + product.ProductId + "/skus/9999?country=US", token);
            var noAvailability = await client.GetAsync(Root + "products/" + product.ProductId + "/skus/" + product.NceSkuId + "/availabilities/NOPE?country=US", token);
            var noCountry = await client.GetAsync(Root + "products?targetView=OnlineServices", token);
            var azure = await client.GetOkAsync("products?country=US&targetView=MicrosoftAzure", token);
            var badView = await client.GetAsync(Root + "products?country=US&targetView=Nonsense", token);
            var education = await client.GetOkAsync("products?country=US&targetView=OnlineServices&targetSegment=education", token);

            noProduct.AssertPcError(404, "400013");
            noSku.AssertPcError(404, "400018");
            noAvailability.AssertPcError(404, "400019");
            noCountry.AssertPcError(400, "InvalidInput");
            Assert.Equal(0, azure.GetProperty("totalCount").GetInt32());
            badView.AssertPcError(403, "400036");
            Assert.Equal(0, education.GetProperty("totalCount").GetInt32());
        }
    }
}
