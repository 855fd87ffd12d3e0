using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>PATCH customers/{id}/subscriptions/{subId}: quantity (NCE 168-hour rule), status, auto-renew, etags, 202 Accepted.</summary>
    public sealed class SubscriptionPatchTests
    {
        /// <summary>An active, paid NCE subscription of "eu" bought 30 days ago (nothing refundable, not cancellable).</summary>
        private static (TenantState Tenant, SubscriptionState Subscription) OldNce(EmulatorClient client, bool nce = true)
        {
            var tenant = client.FullCustomer();
            var subscription = tenant.Subscriptions.First(s => s.SellerTenantId == client.Eu.TenantId && s.Status == SubscriptionStatus.Active && !s.IsTrial);
            var bought = client.Clock.GetUtcNow().AddDays(-30);
            client.Cloud.Mutate(_ =>
            {
                subscription.IsNce = nce;
                subscription.TermStartDate = bought;
                subscription.SeatEvents.Clear();
                subscription.SeatEvents.Add(new SeatEventState { Quantity = subscription.Quantity, At = bought });
            });
            return (tenant, subscription);
        }

        private static string Path(TenantState tenant, SubscriptionState subscription) => "customers/" + tenant.Id + "/subscriptions/" + subscription.Id;

        private static async Task<JsonObject> GetAsync(EmulatorClient client, string token, TenantState tenant, SubscriptionState subscription)
        {
            var reply = await client.GetAsync("partnercenter/v1/" + Path(tenant, subscription), token);
            Assert.True(reply.Status == 200, reply.ToString());
            return JsonNode.Parse(reply.Text)!.AsObject();
        }

        /// <summary>GET, change, PATCH the full resource back with its etag in If-Match (as the docs ask).</summary>
        private static async Task<EmulatorReply> ChangeAsync(EmulatorClient client, string token, TenantState tenant, SubscriptionState subscription,
            Action<JsonObject> change, string? ifMatch = null)
        {
            var body = await GetAsync(client, token, tenant, subscription);
            var etag = body["attributes"]!["etag"]!.GetValue<string>();
            change(body);
            return await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, body.ToJsonString(), ("If-Match", ifMatch ?? etag));
        }

        [Fact]
        public async Task AnIncreaseIsAlwaysAllowedAndShowsInGraphAtOnce()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;
            var before = await client.GraphSeatsAsync(graph, subscription.SkuId);

            var reply = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 3);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(quantity + 3, reply.Json.GetProperty("quantity").GetInt32());
            var refundable = reply.Json.GetProperty("refundableQuantity");
            Assert.Equal(3, refundable.GetProperty("totalQuantity").GetInt32());
            Assert.Equal(client.Clock.GetUtcNow().AddHours(168), EmulatorClient.Date(refundable.GetProperty("details")[0].GetProperty("allowedUntilDateTime")));
            Assert.Equal(before.Enabled + 3, (await client.GraphSeatsAsync(graph, subscription.SkuId)).Enabled);
            var company = await client.GetAsync("graph/v1.0/directory/subscriptions/" + subscription.Id, graph);
            Assert.Equal(quantity + 3, company.Json.GetProperty("totalLicenses").GetInt32());
        }

        [Fact]
        public async Task AnNceDecreaseIsLimitedToSeatsBoughtInTheLast168Hours()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var quantity = subscription.Quantity;

            var beyondAny = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity - 1);
            Assert.Equal(200, (await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 3)).Status);
            var refund = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 1);
            var tooFar = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity - 1);
            client.Clock.Advance(TimeSpan.FromHours(169));
            token = client.PartnerCenterToken(client.Eu);
            var afterWindow = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity);

            beyondAny.AssertPcError(400, "800090");
            Assert.Equal("Subscription quantity cannot be decreased", beyondAny.Json.GetProperty("description").GetString());
            Assert.True(refund.Status == 200, refund.ToString());
            Assert.Equal(1, refund.Json.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32());
            tooFar.AssertPcError(400, "800090");
            afterWindow.AssertPcError(400, "800090");
            Assert.Equal(quantity + 1, subscription.Quantity);
        }

        [Fact]
        public async Task ALegacyDecreaseIsAllowedAnyTime()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client, nce: false);
            var token = client.PartnerCenterToken(client.Eu);
            var quantity = subscription.Quantity;
            Assert.True(quantity > 1);

            var reply = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity - 1);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(quantity - 1, subscription.Quantity);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        [InlineData(10001)]
        public async Task AQuantityOutsideOneToTheMaximumIs2002(int quantity)
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);

            var reply = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, Writes.Json(new { quantity }));

            reply.AssertPcError(400, "2002");
        }

        [Fact]
        public async Task SuspendQuantityWhileSuspendedAndReactivate()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;

            var suspend = await ChangeAsync(client, token, tenant, subscription, s => s["status"] = "suspended");
            var skus = await client.GetAsync("graph/v1.0/subscribedSkus", graph);
            var again = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, "{\"Status\":\"suspended\"}");
            var resize = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 1);
            var reactivate = await ChangeAsync(client, token, tenant, subscription, s => s["status"] = "active");

            Assert.True(suspend.Status == 200, suspend.ToString());
            Assert.Equal("suspended", suspend.Json.GetProperty("status").GetString());
            var sku = skus.Json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("skuId").GetString() == subscription.SkuId);
            Assert.True(sku.GetProperty("prepaidUnits").GetProperty("suspended").GetInt32() >= quantity);
            again.AssertPcError(400, "800096");
            Assert.Equal("Cannot update the status for this subscription", again.Json.GetProperty("description").GetString());
            resize.AssertPcError(400, "2001");
            Assert.True(reactivate.Status == 200, reactivate.ToString());
            Assert.Equal("active", subscription.Status);
            Assert.Equal(quantity, subscription.Quantity);
        }

        [Fact]
        public async Task ADeletedSubscriptionCannotChange()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            client.Cloud.Mutate(_ => subscription.Status = SubscriptionStatus.Deleted);
            var token = client.PartnerCenterToken(client.Eu);

            var reply = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, Writes.Json(new { quantity = subscription.Quantity + 1 }));

            reply.AssertPcError(400, "2011");
        }

        [Fact]
        public async Task AnNceSubscriptionCanBeCancelledOnlyInsideItsWindow()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);

            var late = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, "{\"status\":\"deleted\"}");
            client.Cloud.Mutate(_ => subscription.TermStartDate = client.Clock.GetUtcNow().AddHours(-2));
            var inTime = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, "{\"status\":\"deleted\"}");

            late.AssertPcError(400, "900117");
            Assert.True(inTime.Status == 200, inTime.ToString());
            Assert.Equal("deleted", subscription.Status);
            Assert.False(subscription.AutoRenewEnabled);
        }

        [Fact]
        public async Task AutoRenewAndFriendlyNameChangeAlone()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            client.Cloud.Mutate(_ => subscription.AutoRenewEnabled = true);
            var token = client.PartnerCenterToken(client.Eu);
            var quantity = subscription.Quantity;

            var reply = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, "{\"autoRenewEnabled\":false,\"friendlyName\":\"Sales seats\"}");

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.False(reply.Json.GetProperty("autoRenewEnabled").GetBoolean());
            Assert.Equal("Sales seats", reply.Json.GetProperty("friendlyName").GetString());
            Assert.Equal(quantity, subscription.Quantity);
        }

        [Fact]
        public async Task AStaleEtagIs412()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var old = (await GetAsync(client, token, tenant, subscription))["attributes"]!["etag"]!.GetValue<string>();
            var quantity = subscription.Quantity;

            var first = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 1, ifMatch: "\"" + old + "\"");
            var stale = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 2, ifMatch: old);

            Assert.True(first.Status == 200, first.ToString());
            Assert.NotEqual(old, first.Json.GetProperty("attributes").GetProperty("etag").GetString());
            stale.AssertPcError(412, "PreconditionFailed");
            Assert.Equal(quantity + 1, subscription.Quantity);
        }

        [Fact]
        public async Task AnotherPartnersSubscriptionIsNotFoundAndAStrangersCustomerForbidden()
        {
            using var client = EmulatorClient.Create();
            var shared = client.SharedCustomer();
            var theirs = shared.Subscriptions.First(s => s.SellerTenantId == client.Other.TenantId);
            var stranger = client.OtherOnlyCustomer();
            var token = client.PartnerCenterToken(client.Eu);

            var notFound = await client.PartnerCenterAsync("PATCH", Path(shared, theirs), token, Writes.Json(new { quantity = theirs.Quantity + 1 }));
            var forbidden = await client.PartnerCenterAsync("PATCH", Path(stranger, stranger.Subscriptions[0]), token, Writes.Json(new { quantity = 5 }));

            notFound.AssertPcError(404, "20003");
            forbidden.AssertPcError(403, "20002");
        }

        [Fact]
        public async Task ThePascalCaseBodyOfTheDocsWorks()
        {
            using var client = EmulatorClient.Create();
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var body = JsonNode.Parse(Recorded.Load("partnercenter/change-subscription-quantity.json").Body)!.AsObject();
            body["Id"] = subscription.Id;
            body["Quantity"] = subscription.Quantity + 2;
            var quantity = subscription.Quantity;

            var reply = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, body.ToJsonString());

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(quantity + 2, reply.Json.GetProperty("quantity").GetInt32());
            Assert.Equal("nickname", reply.Json.GetProperty("friendlyName").GetString());
            Assert.Equal("active", reply.Json.GetProperty("status").GetString());
            Assert.Equal("Subscription", reply.Json.GetProperty("attributes").GetProperty("objectType").GetString());
        }

        [Fact]
        public async Task An202ChangeAppliesAfterTheDelaySoTheClientPolls()
        {
            using var client = EmulatorClient.Create(o => o.SubscriptionUpdateAcceptedRate = 1);
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;
            var seats = await client.GraphSeatsAsync(graph, subscription.SkuId);

            var accepted = await ChangeAsync(client, token, tenant, subscription, s => s["quantity"] = quantity + 4);
            var pending = await GetAsync(client, token, tenant, subscription);
            var second = await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, Writes.Json(new { quantity = quantity + 5 }));
            client.Clock.Advance(client.Cloud.Options.SubscriptionUpdateDelay);
            var settled = await GetAsync(client, token, tenant, subscription);

            Assert.Equal(202, accepted.Status);
            Assert.Equal("/customers/" + tenant.Id + "/subscriptions/" + subscription.Id, accepted.RequiredHeader("Location"));
            Assert.Equal("", accepted.Text);
            Assert.Equal(quantity, pending["quantity"]!.GetValue<int>());
            second.AssertPcError(409, "SubscriptionUpdateInProgress");
            Assert.Equal(quantity + 4, settled["quantity"]!.GetValue<int>());
            Assert.Equal(seats.Enabled + 4, (await client.GraphSeatsAsync(graph, subscription.SkuId)).Enabled);
        }

        [Fact]
        public async Task A202ChangeAlsoShowsInGraphWithoutAPartnerCenterPoll()
        {
            using var client = EmulatorClient.Create(o => o.SubscriptionUpdateAcceptedRate = 1);
            var (tenant, subscription) = OldNce(client);
            var token = client.PartnerCenterToken(client.Eu);
            var quantity = subscription.Quantity;

            Assert.Equal(202, (await client.PartnerCenterAsync("PATCH", Path(tenant, subscription), token, Writes.Json(new { quantity = quantity + 1 }))).Status);
            client.Clock.Advance(TimeSpan.FromMinutes(1));
            var company = await client.GetAsync("graph/v1.0/directory/subscriptions/" + subscription.Id, client.GraphToken(client.Eu, tenant.Id));

            Assert.Equal(quantity + 1, company.Json.GetProperty("totalLicenses").GetInt32());
        }
    }
}
