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
        private static string Path(TenantState tenant, SubscriptionState subscription) => "customers/" + tenant.Id + "/subscriptions/" + subscription.Id;

        [Fact]
        public async Task AnIncreaseIsAlwaysAllowedAndShowsInGraphAtOnce()
        {
            using var old = OldSubscription.Create();
            var (client, tenant, subscription) = old;
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;
            var before = await client.GraphSeatsAsync(graph, subscription.SkuId);

            var reply = await old.ChangeAsync(s => s["quantity"] = quantity + 3);

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
            using var old = OldSubscription.Create();
            var quantity = old.Subscription.Quantity;

            var beyondAny = await old.ChangeAsync(s => s["quantity"] = quantity - 1);
            Assert.Equal(200, (await old.ChangeAsync(s => s["quantity"] = quantity + 3)).Status);
            var refund = await old.ChangeAsync(s => s["quantity"] = quantity + 1);
            var tooFar = await old.ChangeAsync(s => s["quantity"] = quantity - 1);
            old.Client.Clock.Advance(TimeSpan.FromHours(169));
            old.RenewToken();
            var afterWindow = await old.ChangeAsync(s => s["quantity"] = quantity);

            beyondAny.AssertPcError(400, "800090");
            Assert.Equal("Subscription quantity cannot be decreased", beyondAny.Json.GetProperty("description").GetString());
            Assert.True(refund.Status == 200, refund.ToString());
            Assert.Equal(1, refund.Json.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32());
            tooFar.AssertPcError(400, "800090");
            afterWindow.AssertPcError(400, "800090");
            Assert.Equal(quantity + 1, old.Subscription.Quantity);
        }

        [Fact]
        public async Task ALegacyDecreaseIsAllowedAnyTime()
        {
            using var old = OldSubscription.Create(nce: false);
            var quantity = old.Subscription.Quantity;
            Assert.True(quantity > 1);

            var reply = await old.ChangeAsync(s => s["quantity"] = quantity - 1);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(quantity - 1, old.Subscription.Quantity);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        [InlineData(10001)]
        public async Task AQuantityOutsideOneToTheMaximumIs2002(int quantity)
        {
            using var old = OldSubscription.Create();

            var reply = await old.PatchAsync(Writes.Json(new { quantity }));

            reply.AssertPcError(400, "2002");
        }

        [Fact]
        public async Task SuspendQuantityWhileSuspendedAndReactivate()
        {
            using var old = OldSubscription.Create();
            var (client, tenant, subscription) = old;
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;

            var suspend = await old.ChangeAsync(s => s["status"] = "suspended");
            var skus = await client.GetAsync("graph/v1.0/subscribedSkus", graph);
            var again = await old.PatchAsync("{\"Status\":\"suspended\"}");
            var resize = await old.ChangeAsync(s => s["quantity"] = quantity + 1);
            var reactivate = await old.ChangeAsync(s => s["status"] = "active");

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
            using var old = OldSubscription.Create();
            old.Client.Cloud.Mutate(_ => old.Subscription.Status = SubscriptionStatus.Deleted);

            var reply = await old.PatchAsync(Writes.Json(new { quantity = old.Subscription.Quantity + 1 }));

            reply.AssertPcError(400, "2011");
        }

        [Fact]
        public async Task AnNceSubscriptionCanBeCancelledOnlyInsideItsWindow()
        {
            using var old = OldSubscription.Create();
            var (client, _, subscription) = old;

            var late = await old.PatchAsync("{\"status\":\"deleted\"}");
            client.Cloud.Mutate(_ => subscription.TermStartDate = client.Clock.GetUtcNow().AddHours(-2));
            var inTime = await old.PatchAsync("{\"status\":\"deleted\"}");

            late.AssertPcError(400, "900117");
            Assert.True(inTime.Status == 200, inTime.ToString());
            Assert.Equal("deleted", subscription.Status);
            Assert.False(subscription.AutoRenewEnabled);
        }

        [Fact]
        public async Task AutoRenewAndFriendlyNameChangeAlone()
        {
            using var old = OldSubscription.Create();
            old.Client.Cloud.Mutate(_ => old.Subscription.AutoRenewEnabled = true);
            var quantity = old.Subscription.Quantity;

            var reply = await old.PatchAsync("{\"autoRenewEnabled\":false,\"friendlyName\":\"Sales seats\"}");

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.False(reply.Json.GetProperty("autoRenewEnabled").GetBoolean());
            Assert.Equal("Sales seats", reply.Json.GetProperty("friendlyName").GetString());
            Assert.Equal(quantity, old.Subscription.Quantity);
        }

        [Fact]
        public async Task AStaleEtagIs412()
        {
            using var old = OldSubscription.Create();
            var etag = (await old.GetAsync())["attributes"]!["etag"]!.GetValue<string>();
            var quantity = old.Subscription.Quantity;

            var first = await old.ChangeAsync(s => s["quantity"] = quantity + 1, ifMatch: "\"" + etag + "\"");
            var stale = await old.ChangeAsync(s => s["quantity"] = quantity + 2, ifMatch: etag);

            Assert.True(first.Status == 200, first.ToString());
            Assert.NotEqual(etag, first.Json.GetProperty("attributes").GetProperty("etag").GetString());
            stale.AssertPcError(412, "PreconditionFailed");
            Assert.Equal(quantity + 1, old.Subscription.Quantity);
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
            using var old = OldSubscription.Create();
            var body = JsonNode.Parse(Recorded.Load("partnercenter/change-subscription-quantity.json").Body)!.AsObject();
            body["Id"] = old.Subscription.Id;
            body["Quantity"] = old.Subscription.Quantity + 2;
            var quantity = old.Subscription.Quantity;

            var reply = await old.PatchAsync(body.ToJsonString());

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(quantity + 2, reply.Json.GetProperty("quantity").GetInt32());
            Assert.Equal("nickname", reply.Json.GetProperty("friendlyName").GetString());
            Assert.Equal("active", reply.Json.GetProperty("status").GetString());
            Assert.Equal("Subscription", reply.Json.GetProperty("attributes").GetProperty("objectType").GetString());
        }

        [Fact]
        public async Task An202ChangeAppliesAfterTheDelaySoTheClientPolls()
        {
            using var old = OldSubscription.Create(configure: o => o.SubscriptionUpdateAcceptedRate = 1);
            var (client, tenant, subscription) = old;
            var graph = client.GraphToken(client.Eu, tenant.Id);
            var quantity = subscription.Quantity;
            var seats = await client.GraphSeatsAsync(graph, subscription.SkuId);

            var accepted = await old.ChangeAsync(s => s["quantity"] = quantity + 4);
            var pending = await old.GetAsync();
            var second = await old.PatchAsync(Writes.Json(new { quantity = quantity + 5 }));
            client.Clock.Advance(client.Cloud.Options.SubscriptionUpdateDelay);
            var settled = await old.GetAsync();

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
            using var old = OldSubscription.Create(configure: o => o.SubscriptionUpdateAcceptedRate = 1);
            var (client, tenant, subscription) = old;
            var quantity = subscription.Quantity;

            Assert.Equal(202, (await old.PatchAsync(Writes.Json(new { quantity = quantity + 1 }))).Status);
            client.Clock.Advance(TimeSpan.FromMinutes(1));
            var company = await client.GetAsync("graph/v1.0/directory/subscriptions/" + subscription.Id, client.GraphToken(client.Eu, tenant.Id));

            Assert.Equal(quantity + 1, company.Json.GetProperty("totalLicenses").GetInt32());
        }

        /// <summary>
        /// A fresh cloud with an active, paid NCE (or legacy) subscription of "eu" at its <see cref="Writes.FullCustomer"/>, bought
        /// 30 days ago (nothing refundable, not cancellable), and a Partner Center token of "eu"; requests on that subscription.
        /// </summary>
        private sealed class OldSubscription : IDisposable
        {
            private OldSubscription(EmulatorClient client, bool nce)
            {
                Client = client;
                Tenant = client.FullCustomer();
                var subscription = Tenant.Subscriptions.First(s => s.SellerTenantId == client.Eu.TenantId && s.Status == SubscriptionStatus.Active && !s.IsTrial);
                var bought = client.Clock.GetUtcNow().AddDays(-30);
                client.Cloud.Mutate(_ =>
                {
                    subscription.IsNce = nce;
                    subscription.TermStartDate = bought;
                    subscription.SeatEvents.Clear();
                    subscription.SeatEvents.Add(new SeatEventState { Quantity = subscription.Quantity, At = bought });
                });
                Subscription = subscription;
                Token = client.PartnerCenterToken(client.Eu);
            }

            public EmulatorClient Client { get; }
            public TenantState Tenant { get; }
            public SubscriptionState Subscription { get; }

            /// <summary>App+user Partner Center token of "eu".</summary>
            public string Token { get; private set; }

            public static OldSubscription Create(bool nce = true, Action<EmulatorOptions>? configure = null) =>
                new OldSubscription(EmulatorClient.Create(configure), nce);

            public void Deconstruct(out EmulatorClient client, out TenantState tenant, out SubscriptionState subscription)
            {
                client = Client;
                tenant = Tenant;
                subscription = Subscription;
            }

            /// <summary>A new token (after the clock has moved past the lifetime of the first).</summary>
            public void RenewToken() => Token = Client.PartnerCenterToken(Client.Eu);

            /// <summary>PATCH the subscription with <paramref name="json"/> as it is.</summary>
            public Task<EmulatorReply> PatchAsync(string json) => Client.PartnerCenterAsync("PATCH", Path(Tenant, Subscription), Token, json);

            public async Task<JsonObject> GetAsync()
            {
                var reply = await Client.GetAsync("partnercenter/v1/" + Path(Tenant, Subscription), Token);
                Assert.True(reply.Status == 200, reply.ToString());
                return JsonNode.Parse(reply.Text)!.AsObject();
            }

            /// <summary>GET, change, PATCH the full resource back with its etag in If-Match (as the docs ask).</summary>
            public async Task<EmulatorReply> ChangeAsync(Action<JsonObject> change, string? ifMatch = null)
            {
                var body = await GetAsync();
                var etag = body["attributes"]!["etag"]!.GetValue<string>();
                change(body);
                return await Client.PartnerCenterAsync("PATCH", Path(Tenant, Subscription), Token, body.ToJsonString(), ("If-Match", ifMatch ?? etag));
            }

            public void Dispose() => Client.Dispose();
        }
    }
}
