using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Partner Center v1: customers (seek paging, filters, isolation), subscriptions (NCE fields, add-ons), subscribedskus.</summary>
    public sealed class PartnerCenterTests
    {
        private const string Root = "partnercenter/v1";

        private static List<string> ItemIds(JsonElement collection) =>
            collection.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

        private static string Filter(string field, string value) =>
            EmulatorClient.Escape(EmulatorClient.Json(new { Field = field, Value = value, Operator = "starts_with" }));

        /// <summary>Every page of a customers query: links.next.uri under /v1 plus its headers (the MS-ContinuationToken).</summary>
        private static async Task<List<JsonElement>> CustomerPagesAsync(EmulatorClient client, string url, string token)
        {
            var pages = new List<JsonElement>();
            string? next = url;
            var headers = new (string, string)[0];
            while (next != null)
            {
                var reply = await client.GetAsync(next, token, headers);
                Assert.True(reply.Status == 200, next + " -> " + reply);
                pages.Add(reply.Json);
                Assert.Equal(reply.Json.GetProperty("items").GetArrayLength(), reply.Json.GetProperty("totalCount").GetInt32());
                Assert.Equal("Collection", reply.Json.GetProperty("attributes").GetProperty("objectType").GetString());
                if (reply.Json.GetProperty("links").TryGetProperty("next", out var link))
                {
                    next = Root + link.GetProperty("uri").GetString();
                    headers = link.GetProperty("headers").EnumerateArray()
                        .Select(h => (h.GetProperty("key").GetString()!, h.GetProperty("value").GetString()!)).ToArray();
                }
                else
                {
                    next = null;
                }

                Assert.True(pages.Count < 100, "links.next never ends");
            }

            return pages;
        }

        [Fact]
        public async Task OnlyAPartnerCenterTokenOfThePartnerTenantIsAccepted()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];

            var none = await client.GetAsync(Root + "/customers");
            var graphToken = await client.GetAsync(Root + "/customers", client.GraphToken(client.Eu, client.Eu.TenantId));
            var customerTenant = await client.GetAsync(Root + "/customers",
                client.Cloud.CreateAccessToken(client.Eu, EmulatedApi.PartnerCenter, customer.Id));
            var expired = client.PartnerCenterToken(client.Eu);
            client.Clock.Advance(TimeSpan.FromHours(1));
            var late = await client.GetAsync(Root + "/customers", expired);
            var fresh = await client.GetAsync(Root + "/customers", client.PartnerCenterToken(client.Eu));

            Assert.Equal(401, none.Status);
            Assert.Equal("PartnerFD", none.Json.GetProperty("source").GetString());
            Assert.NotNull(none.Header("WWW-Authenticate"));
            Assert.Equal(401, graphToken.Status);
            Assert.Equal(401, customerTenant.Status);
            Assert.Equal(401, late.Status);
            Assert.Equal(200, fresh.Status);
        }

        [Fact]
        public async Task CustomersArePagedWithLinksNextAndAContinuationToken()
        {
            using var client = EmulatorClient.Create(o => o.Customers = 14);
            var expected = client.CustomersOf(client.Eu).Select(t => t.Id).ToList();
            Assert.Equal(7, expected.Count);
            var token = client.PartnerCenterToken(client.Eu, appOnly: true);

            var first = await client.GetAsync(Root + "/customers?size=3", token);
            var next = first.Json.GetProperty("links").GetProperty("next");
            var pages = await CustomerPagesAsync(client, Root + "/customers?size=3", token);

            Assert.Equal(new[] { 3, 3, 1 }, pages.Select(p => p.GetProperty("items").GetArrayLength()));
            Assert.Equal(expected, pages.SelectMany(ItemIds));
            Assert.StartsWith("/customers?size=3&seekOperation=Next", next.GetProperty("uri").GetString());
            var header = Assert.Single(next.GetProperty("headers").EnumerateArray());
            Assert.Equal("MS-ContinuationToken", header.GetProperty("key").GetString());
            Assert.False(string.IsNullOrEmpty(header.GetProperty("value").GetString()));
            Assert.False(pages[2].GetProperty("links").TryGetProperty("next", out _));
            var customer = pages[0].GetProperty("items")[0];
            Assert.Equal("Customer", customer.GetProperty("attributes").GetProperty("objectType").GetString());
            Assert.Equal(client.Tenant(expected[0]).DefaultDomain, customer.GetProperty("companyProfile").GetProperty("domain").GetString());
        }

        [Fact]
        public async Task SeekNextWithoutTheContinuationTokenIsBadRequest()
        {
            using var client = EmulatorClient.Create();

            var reply = await client.GetAsync(Root + "/customers?size=3&seekOperation=Next", client.PartnerCenterToken(client.Eu));

            Assert.Equal(400, reply.Status);
            Assert.Equal("PartnerFD", reply.Json.GetProperty("source").GetString());
        }

        [Fact]
        public async Task FilterStartsWithOnCompanyNameIsCaseInsensitive()
        {
            using var client = EmulatorClient.Create();
            var customers = client.CustomersOf(client.Eu);
            var prefix = customers[1].DisplayName.Substring(0, 3);
            var expected = customers.Where(t => t.DisplayName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(t => t.Id).ToList();
            var token = client.PartnerCenterToken(client.Eu);

            var upper = await client.GetAsync(Root + "/customers?size=0&filter=" + Filter("CompanyName", prefix.ToUpperInvariant()), token);
            var lower = await client.GetAsync(Root + "/customers?size=0&filter=" + Filter("CompanyName", prefix.ToLowerInvariant()), token);

            Assert.True(upper.Status == 200, upper.ToString());
            Assert.Equal(expected, ItemIds(upper.Json));
            Assert.Equal(expected, ItemIds(lower.Json));
            Assert.True(expected.Count < customers.Count);
        }

        [Fact]
        public async Task FilterStartsWithOnDomainMatchesDefaultAndCustomDomains()
        {
            using var client = EmulatorClient.Create();
            var customers = client.CustomersOf(client.Eu);
            var target = customers[2];
            var onmicrosoft = target.DefaultDomain.Substring(0, target.DefaultDomain.Length - 3).ToUpperInvariant();
            var custom = target.CustomDomains[0];
            var token = client.PartnerCenterToken(client.Eu);

            var byDefault = await client.GetAsync(Root + "/customers?filter=" + Filter("Domain", onmicrosoft), token);
            var byCustom = await client.GetAsync(Root + "/customers?filter=" + Filter("Domain", custom), token);
            var none = await client.GetAsync(Root + "/customers?filter=" + Filter("Domain", "zz-nobody"), token);
            var notAPrefix = await client.GetAsync(Root + "/customers?filter=" + Filter("Domain", target.DefaultDomain.Substring(1)), token);

            Assert.Equal(target.Id, Assert.Single(ItemIds(byDefault.Json)));
            Assert.Equal(target.Id, Assert.Single(ItemIds(byCustom.Json)));
            Assert.Empty(ItemIds(none.Json));
            Assert.DoesNotContain(target.Id, ItemIds(notAPrefix.Json));
        }

        [Fact]
        public async Task FilterSurvivesPaging()
        {
            using var client = EmulatorClient.Create(o => o.Customers = 30);
            var customers = client.CustomersOf(client.Eu);
            var letter = customers.GroupBy(t => t.DisplayName.Substring(0, 1)).OrderByDescending(g => g.Count()).First();
            Assert.True(letter.Count() >= 2, "no two customers share a first letter");
            var token = client.PartnerCenterToken(client.Eu);

            var pages = await CustomerPagesAsync(client, Root + "/customers?size=1&filter=" + Filter("CompanyName", letter.Key.ToLowerInvariant()), token);

            Assert.Equal(letter.Select(t => t.Id), pages.SelectMany(ItemIds));
            Assert.Equal(letter.Count(), pages.Count);
        }

        [Fact]
        public async Task UnsupportedFilterIsBadRequest()
        {
            using var client = EmulatorClient.Create();
            var filter = EmulatorClient.Escape(EmulatorClient.Json(new { Field = "CompanyName", Value = "a", Operator = "equals" }));

            var reply = await client.GetAsync(Root + "/customers?filter=" + filter, client.PartnerCenterToken(client.Eu));

            Assert.Equal(400, reply.Status);
        }

        [Fact]
        public async Task AnotherPartnersCustomerIsNotFound()
        {
            using var client = EmulatorClient.Create();
            var theirs = client.OtherOnlyCustomer();
            var usOnly = client.CustomersOf(client.Us)[0];
            var shared = client.SharedCustomer();
            var token = client.PartnerCenterToken(client.Eu);

            var customer = await client.GetAsync(Root + "/customers/" + theirs.Id, token);
            var profile = await client.GetAsync(Root + "/customers/" + theirs.Id + "/profiles/company", token);
            var subscriptions = await client.GetAsync(Root + "/customers/" + theirs.Id + "/subscriptions", token);
            var otherRegion = await client.GetAsync(Root + "/customers/" + usOnly.Id, token);
            var ours = await client.GetAsync(Root + "/customers/" + shared.Id, token);
            var list = await client.GetAsync(Root + "/customers", token);

            Assert.Equal(404, customer.Status);
            Assert.Equal("PartnerFD", customer.Json.GetProperty("source").GetString());
            Assert.Equal(404, profile.Status);
            Assert.Equal(403, subscriptions.Status);
            Assert.Equal(20002, subscriptions.Json.GetProperty("code").GetInt32());
            Assert.Equal(404, otherRegion.Status);
            Assert.Equal(200, ours.Status);
            Assert.Equal(shared.DisplayName, ours.Json.GetProperty("companyProfile").GetProperty("companyName").GetString());
            Assert.DoesNotContain(theirs.Id, ItemIds(list.Json));
            Assert.DoesNotContain(usOnly.Id, ItemIds(list.Json));
        }

        [Fact]
        public async Task SubscriptionsListOnlyThePartnersOwn()
        {
            using var client = EmulatorClient.Create();
            var shared = client.SharedCustomer();

            var reply = await client.GetAsync(Root + "/customers/" + shared.Id + "/subscriptions", client.PartnerCenterToken(client.Eu));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(shared.Subscriptions.Where(s => s.SellerTenantId == client.Eu.TenantId).Select(s => s.Id), ItemIds(reply.Json));
            Assert.Equal(reply.Json.GetProperty("items").GetArrayLength(), reply.Json.GetProperty("totalCount").GetInt32());
        }

        [Fact]
        public async Task NceSubscriptionBoughtInsideTheWindowCarriesRefundAndCancellationFields()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var bought = client.Clock.GetUtcNow() - TimeSpan.FromHours(10);
            string nceId = "", legacyId = "";
            var quantity = 0;
            client.Cloud.Mutate(s =>
            {
                var ours = s.FindTenant(customer.Id)!.Subscriptions.Where(x => x.SellerTenantId == client.Eu.TenantId && x.ParentSubscriptionId == null).ToList();
                var nce = ours[0];
                nce.IsNce = true;
                nce.Status = SubscriptionStatus.Active;
                nce.TermDuration = "P1Y";
                nce.CreationDate = bought;
                nce.TermStartDate = bought;
                nce.CommitmentEndDate = SubscriptionTerms.CommitmentEnd(bought, "P1Y", nce: true);
                nce.SeatEvents = new List<SeatEventState> { new SeatEventState { Quantity = nce.Quantity, At = bought } };
                nceId = nce.Id;
                quantity = nce.Quantity;
                var legacy = ours[1];
                legacy.IsNce = false;
                legacy.Status = SubscriptionStatus.Active;
                legacyId = legacy.Id;
            });
            var token = client.PartnerCenterToken(client.Eu);

            var list = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions", token);
            var single = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions/" + nceId, token);

            Assert.True(single.Status == 200, single.ToString());
            var items = list.Json.GetProperty("items").EnumerateArray().ToList();
            foreach (var nce in new[] { items.Single(i => i.GetProperty("id").GetString() == nceId), single.Json })
            {
                Assert.Equal(bought + SubscriptionTerms.NceWindow, EmulatorClient.Date(nce.GetProperty("cancellationAllowedUntilDate")));
                var refundable = nce.GetProperty("refundableQuantity");
                Assert.Equal(quantity, refundable.GetProperty("totalQuantity").GetInt32());
                var detail = Assert.Single(refundable.GetProperty("details").EnumerateArray());
                Assert.Equal(quantity, detail.GetProperty("quantity").GetInt32());
                Assert.Equal(bought + TimeSpan.FromHours(168), EmulatorClient.Date(detail.GetProperty("allowedUntilDateTime")));
                Assert.Contains("cancel", nce.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
                Assert.Equal("OnlineServicesNCE", nce.GetProperty("productType").GetProperty("id").GetString());
                Assert.Equal("Subscription", nce.GetProperty("attributes").GetProperty("objectType").GetString());
            }

            var legacyItem = items.Single(i => i.GetProperty("id").GetString() == legacyId);
            Assert.False(legacyItem.TryGetProperty("refundableQuantity", out _));
            Assert.False(legacyItem.TryGetProperty("cancellationAllowedUntilDate", out _));
            Assert.DoesNotContain("cancel", legacyItem.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("OnlineServices", legacyItem.GetProperty("productType").GetProperty("id").GetString());

            // After the 168 hours nothing is refundable and cancel is gone.
            client.Clock.Advance(TimeSpan.FromHours(159));
            var later = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions/" + nceId, client.PartnerCenterToken(client.Eu));
            Assert.True(later.Status == 200, later.ToString());
            Assert.Equal(0, later.Json.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32());
            Assert.Empty(later.Json.GetProperty("refundableQuantity").GetProperty("details").EnumerateArray());
            Assert.DoesNotContain("cancel", later.Json.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        }

        [Fact]
        public async Task SeatsAddedLaterAreRefundableOnTheirOwn()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var now = client.Clock.GetUtcNow();
            string id = "";
            client.Cloud.Mutate(s =>
            {
                var subscription = s.FindTenant(customer.Id)!.Subscriptions.First(x => x.SellerTenantId == client.Eu.TenantId);
                subscription.IsNce = true;
                subscription.Status = SubscriptionStatus.Active;
                subscription.TermStartDate = now - TimeSpan.FromDays(40);
                subscription.SeatEvents = new List<SeatEventState>
                {
                    new SeatEventState { Quantity = subscription.Quantity, At = now - TimeSpan.FromDays(40) },
                    new SeatEventState { Quantity = 5, At = now - TimeSpan.FromHours(2) },
                };
                subscription.Quantity += 5;
                id = subscription.Id;
            });

            var reply = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions/" + id, client.PartnerCenterToken(client.Eu));

            var refundable = reply.Json.GetProperty("refundableQuantity");
            Assert.Equal(5, refundable.GetProperty("totalQuantity").GetInt32());
            Assert.Equal(now + TimeSpan.FromHours(166), EmulatorClient.Date(Assert.Single(refundable.GetProperty("details").EnumerateArray()).GetProperty("allowedUntilDateTime")));
            Assert.DoesNotContain("cancel", reply.Json.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        }

        [Fact]
        public async Task AddOnsCarryTheirParentSubscriptionId()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var addOnProduct = ProductCatalog.FindByPartNumber("MCOEV")!;
            string parentId = "", addOnId = "";
            client.Cloud.Mutate(s =>
            {
                var tenant = s.FindTenant(customer.Id)!;
                var parent = tenant.Subscriptions.First(x => x.SellerTenantId == client.Eu.TenantId && x.ParentSubscriptionId == null);
                parentId = parent.Id;
                addOnId = s.NewId();
                tenant.Subscriptions.Add(new SubscriptionState
                {
                    Id = addOnId,
                    DirectoryId = s.NewId(),
                    SellerTenantId = client.Eu.TenantId,
                    SkuId = addOnProduct.SkuId,
                    IsNce = true,
                    OfferId = addOnProduct.NceOfferId,
                    OfferName = addOnProduct.DisplayName,
                    FriendlyName = addOnProduct.DisplayName,
                    Quantity = 2,
                    CreationDate = client.Clock.GetUtcNow() - TimeSpan.FromDays(20),
                    TermStartDate = client.Clock.GetUtcNow() - TimeSpan.FromDays(20),
                    CommitmentEndDate = client.Clock.GetUtcNow() + TimeSpan.FromDays(300),
                    ParentSubscriptionId = parent.Id,
                    OrderId = s.NewId(),
                });
            });
            var expected = client.Tenant(customer.Id).Subscriptions.Where(x => x.ParentSubscriptionId == parentId).Select(x => x.Id).ToList();
            var token = client.PartnerCenterToken(client.Eu);

            var addOns = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions/" + parentId + "/addons", token);
            var list = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions", token);
            var missing = await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions/" + Guid.Empty + "/addons", token);

            Assert.True(addOns.Status == 200, addOns.ToString());
            Assert.Equal(expected, ItemIds(addOns.Json));
            Assert.Contains(addOnId, expected);
            Assert.All(addOns.Json.GetProperty("items").EnumerateArray(), item =>
            {
                Assert.Equal(parentId, item.GetProperty("parentSubscriptionId").GetString());
                Assert.EndsWith("/subscriptions/" + parentId, item.GetProperty("links").GetProperty("parentSubscription").GetProperty("uri").GetString());
            });
            var parentItem = list.Json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == parentId);
            Assert.False(parentItem.TryGetProperty("parentSubscriptionId", out _));
            Assert.Equal(404, missing.Status);
            Assert.Equal(20003, missing.Json.GetProperty("code").GetInt32());
        }

        [Fact]
        public async Task SubscribedSkusNeedAppPlusUser()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var appOnly = await client.AccessTokenAsync(client.Eu.TenantId, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.PartnerCenterScope));
            var appUser = await client.AccessTokenAsync(client.Eu.TenantId, EmulatorClient.RefreshToken(client.Eu, EmulatorClient.PartnerCenterScope));
            var url = Root + "/customers/" + customer.Id + "/subscribedskus";

            var refused = await client.GetAsync(url, appOnly);
            var allowed = await client.GetAsync(url, appUser);

            Assert.Equal(403, refused.Status);
            Assert.Equal("PartnerFD", refused.Json.GetProperty("source").GetString());
            Assert.True(allowed.Status == 200, allowed.ToString());
            var pools = LicensePools.For(customer);
            var items = allowed.Json.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(pools.Select(p => p.SkuId), items.Select(i => i.GetProperty("productSku").GetProperty("id").GetString()));
            for (var i = 0; i < pools.Count; i++)
            {
                Assert.Equal(pools[i].Consumed, items[i].GetProperty("consumedUnits").GetInt32());
                Assert.Equal(pools[i].Enabled, items[i].GetProperty("activeUnits").GetInt32());
                Assert.Equal(pools[i].Enabled + pools[i].Warning - pools[i].Consumed, items[i].GetProperty("availableUnits").GetInt32());
            }

            // The app-only token is good for the routes that allow it.
            Assert.Equal(200, (await client.GetAsync(Root + "/customers/" + customer.Id + "/subscriptions", appOnly)).Status);
        }

        [Fact]
        public async Task RequestIdsAreEchoed()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            const string RequestId = "2b1b6c4e-8a2f-4c55-9d5e-1f0e2d3c4b5a";
            const string CorrelationId = "8c9d0e1f-2a3b-4c5d-8e7f-9a0b1c2d3e4f";
            const string ClientRequestId = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";

            var pc = await client.GetAsync(Root + "/customers/" + customer.Id, client.PartnerCenterToken(client.Eu),
                ("MS-RequestId", RequestId), ("MS-CorrelationId", CorrelationId));
            var pcError = await client.GetAsync(Root + "/customers/" + Guid.Empty, client.PartnerCenterToken(client.Eu), ("MS-RequestId", RequestId));
            var pcGenerated = await client.GetAsync(Root + "/customers", client.PartnerCenterToken(client.Eu));
            var graph = await client.GetAsync("graph/v1.0/organization", client.GraphToken(client.Eu, customer.Id), ("client-request-id", ClientRequestId));
            var graphError = await client.GetAsync("graph/v1.0/users/nobody@nowhere", client.GraphToken(client.Eu, customer.Id), ("client-request-id", ClientRequestId));
            var graphGenerated = await client.GetAsync("graph/v1.0/organization", client.GraphToken(client.Eu, customer.Id));

            Assert.Equal(RequestId, pc.Header("MS-RequestId"));
            Assert.Equal(CorrelationId, pc.Header("MS-CorrelationId"));
            Assert.Equal(RequestId, pcError.Header("MS-RequestId"));
            Assert.True(Guid.TryParse(pcGenerated.Header("MS-RequestId"), out _), pcGenerated.Header("MS-RequestId"));
            Assert.Equal(ClientRequestId, graph.Header("client-request-id"));
            Assert.True(Guid.TryParse(graph.Header("request-id"), out _));
            Assert.NotEqual(ClientRequestId, graph.Header("request-id"));
            Assert.Equal(404, graphError.Status);
            Assert.Equal(ClientRequestId, graphError.Header("client-request-id"));
            Assert.Equal(ClientRequestId, graphError.Json.GetProperty("error").GetProperty("innerError").GetProperty("client-request-id").GetString());
            Assert.Equal(graphError.Header("request-id"), graphError.Json.GetProperty("error").GetProperty("innerError").GetProperty("request-id").GetString());
            Assert.True(Guid.TryParse(graphGenerated.Header("request-id"), out _));
            Assert.NotEqual(graph.Header("request-id"), graphGenerated.Header("request-id"));
        }
    }
}
