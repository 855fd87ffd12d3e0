using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Graph resource units (CONTRACTS §1.10-1.11) and Partner Center request windows (§2.8), on a frozen clock.</summary>
    public sealed class ThrottlingTests
    {
        [Fact]
        public async Task GraphResourceUnitLimitAnswers429WithTheDocumentedShape()
        {
            using var client = EmulatorClient.Create(o => o.GraphLimits.SmallTenantResourceUnits = 7);
            var customer = client.CustomersOf(client.Eu)[0];
            Assert.True(customer.Users.Count < client.Cloud.Options.GraphLimits.MediumTenantMinUsers);
            var token = client.GraphToken(client.Eu, customer.Id);

            // GET users costs 2 RU: 7 -> 5 -> 3 -> 1, then the 4th does not fit.
            var ok = new[] { await client.GetAsync("graph/v1.0/users", token), await client.GetAsync("graph/v1.0/users", token), await client.GetAsync("graph/v1.0/users", token) };
            var throttled = await client.GetAsync("graph/v1.0/users", token, ("client-request-id", "c0ffee00-0000-4000-8000-000000000001"));

            Assert.All(ok, r => Assert.Equal(200, r.Status));
            Assert.All(ok, r => Assert.Equal("2", r.Header("x-ms-resource-unit")));
            Assert.Null(ok[0].Header("x-ms-throttle-limit-percentage"));
            Assert.Null(ok[1].Header("x-ms-throttle-limit-percentage"));
            var percentage = double.Parse(ok[2].RequiredHeader("x-ms-throttle-limit-percentage"), CultureInfo.InvariantCulture);
            Assert.InRange(percentage, 0.8, 1.8);

            Assert.Equal(429, throttled.Status);
            var error = throttled.Json.GetProperty("error");
            Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
            Assert.Equal("Please retry again later.", error.GetProperty("message").GetString());
            var inner = error.GetProperty("innerError");
            Assert.Equal("429", inner.GetProperty("code").GetString());
            Assert.Equal("429", inner.GetProperty("status").GetString());
            Assert.Equal("Please retry after", inner.GetProperty("message").GetString());
            Assert.Equal(throttled.Header("request-id"), inner.GetProperty("request-id").GetString());
            Assert.Equal("c0ffee00-0000-4000-8000-000000000001", throttled.Header("client-request-id"));
            Assert.Equal(client.Clock.GetUtcNow().UtcDateTime, DateTime.Parse(inner.GetProperty("date").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            Assert.Equal("Tenant_Application/ReadWrite/" + client.Eu.ClientId + "/" + customer.Id, throttled.Header("x-ms-throttle-scope"));
            Assert.Equal("ResourceUnitLimitExceeded", throttled.Header("x-ms-throttle-information"));
            // One RU missing at 7 RU per 10 s: 10/7 s, a fractional Retry-After.
            var retryAfter = EmulatorClient.Seconds(throttled.RequiredHeader("Retry-After"));
            Assert.InRange(retryAfter, 10.0 / 7, 10.0 / 7 + 0.002);
            Assert.Equal(1, client.Cloud.Counters.Graph.Throttled);

            // Still throttled a moment before, admitted once Retry-After has passed.
            client.Clock.Advance(TimeSpan.FromSeconds(retryAfter / 2));
            Assert.Equal(429, (await client.GetAsync("graph/v1.0/users", token)).Status);
            client.Clock.Advance(TimeSpan.FromSeconds(retryAfter / 2));
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/users", token)).Status);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        [InlineData(9)]
        [InlineData(11)]
        [InlineData(13)]
        public async Task WaitingExactlyRetryAfterIsEnough(int resourceUnits)
        {
            using var client = EmulatorClient.Create(o => o.GraphLimits.SmallTenantResourceUnits = resourceUnits);
            var token = client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id);

            for (var round = 0; round < 3; round++)
            {
                EmulatorReply reply;
                var admitted = 0;
                while ((reply = await client.GetAsync("graph/v1.0/users", token)).Status == 200)
                {
                    Assert.True(++admitted <= resourceUnits, "never throttled");
                }

                Assert.Equal(429, reply.Status);
                var retryAfter = reply.RequiredHeader("Retry-After");
                client.Clock.Advance(TimeSpan.FromSeconds(EmulatorClient.Seconds(retryAfter)));

                var again = await client.GetAsync("graph/v1.0/users", token);
                Assert.True(again.Status == 200, $"round {round}: still {again.Status} after Retry-After: {retryAfter} (next Retry-After: {again.Header("Retry-After")})");
            }
        }

        [Theory]
        [InlineData("graph/v1.0/users", "2")]
        [InlineData("graph/v1.0/users?$select=id", "1")]
        [InlineData("graph/v1.0/users?$top=5", "1")]
        [InlineData("graph/v1.0/users?$top=5&$select=id", "1")]
        [InlineData("graph/v1.0/users?$top=20", "2")]
        [InlineData("graph/v1.0/subscribedSkus", "3")]
        [InlineData("graph/v1.0/organization", "1")]
        [InlineData("graph/v1.0/directory/subscriptions", "1")]
        public async Task SuccessesCarryTheirResourceUnitCost(string url, string cost)
        {
            using var client = EmulatorClient.Create();

            var reply = await client.GetAsync(url, client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(cost, reply.Header("x-ms-resource-unit"));
        }

        [Fact]
        public async Task GraphLimitIsPerAppAndTenant()
        {
            using var client = EmulatorClient.Create(o => o.GraphLimits.SmallTenantResourceUnits = 4);
            var customers = client.CustomersOf(client.Eu);
            var tokenA = client.GraphToken(client.Eu, customers[0].Id);

            await client.GetAsync("graph/v1.0/users", tokenA);
            await client.GetAsync("graph/v1.0/users", tokenA);
            var throttled = await client.GetAsync("graph/v1.0/users", tokenA);
            var otherTenant = await client.GetAsync("graph/v1.0/users", client.GraphToken(client.Eu, customers[1].Id));

            Assert.Equal(429, throttled.Status);
            Assert.Equal(200, otherTenant.Status);
        }

        [Fact]
        public async Task PartnerCenterLimitAnswers429WithAPlainBody()
        {
            using var client = EmulatorClient.Create(o => o.PartnerCenterLimits.RequestsPerPartner = 3);
            var token = client.PartnerCenterToken(client.Eu);

            var ok = new[]
            {
                await client.GetAsync("partnercenter/v1/customers", token),
                await client.GetAsync("partnercenter/v1/customers", token),
                await client.GetAsync("partnercenter/v1/customers", token),
            };
            var throttled = await client.GetAsync("partnercenter/v1/customers", token);
            var otherPartner = await client.GetAsync("partnercenter/v1/customers", client.PartnerCenterToken(client.Us));

            Assert.All(ok, r => Assert.Equal(200, r.Status));
            Assert.Equal(429, throttled.Status);
            Assert.Equal(new[] { "message", "statusCode" }, throttled.Json.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(429, throttled.Json.GetProperty("statusCode").GetInt32());
            Assert.Equal("Rate limit is exceeded. Try again in 60 seconds.", throttled.Json.GetProperty("message").GetString());
            Assert.Equal("60", throttled.Header("Retry-After"));
            Assert.NotNull(throttled.Header("MS-RequestId"));
            Assert.Equal(200, otherPartner.Status);
            Assert.Equal(1, client.Cloud.Counters.PartnerCenter.Throttled);

            client.Clock.Advance(TimeSpan.FromSeconds(59));
            Assert.Equal(429, (await client.GetAsync("partnercenter/v1/customers", token)).Status);
            client.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(200, (await client.GetAsync("partnercenter/v1/customers", token)).Status);
        }

        [Fact]
        public async Task PartnerCenterSubscriptionLimitIsPerCustomer()
        {
            using var client = EmulatorClient.Create(o => o.PartnerCenterLimits.SubscriptionRequestsPerCustomer = 2);
            var customers = client.CustomersOf(client.Eu);
            var token = client.PartnerCenterToken(client.Eu);
            var a = "partnercenter/v1/customers/" + customers[0].Id;

            var first = await client.GetAsync(a + "/subscriptions", token);
            var second = await client.GetAsync(a + "/subscriptions", token);
            var third = await client.GetAsync(a + "/subscriptions", token);
            var otherCustomer = await client.GetAsync("partnercenter/v1/customers/" + customers[1].Id + "/subscriptions", token);
            var notASubscriptionRoute = await client.GetAsync(a, token);

            Assert.Equal(200, first.Status);
            Assert.Equal(200, second.Status);
            Assert.Equal(429, third.Status);
            Assert.Equal(429, third.Json.GetProperty("statusCode").GetInt32());
            Assert.Equal(200, otherCustomer.Status);
            Assert.Equal(200, notASubscriptionRoute.Status);
        }

        [Fact]
        public async Task TimeScaleShortensTheWindows()
        {
            using var client = EmulatorClient.Create(o =>
            {
                o.TimeScale = 100;
                o.PartnerCenterLimits.RequestsPerPartner = 1;
                o.GraphLimits.SmallTenantResourceUnits = 2;
            });
            var pcToken = client.PartnerCenterToken(client.Eu);
            var graphToken = client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id);

            await client.GetAsync("partnercenter/v1/customers", pcToken);
            var pc = await client.GetAsync("partnercenter/v1/customers", pcToken);
            await client.GetAsync("graph/v1.0/users", graphToken);
            var graph = await client.GetAsync("graph/v1.0/users", graphToken);

            Assert.Equal(429, pc.Status);
            Assert.Equal("0.6", pc.Header("Retry-After"));
            Assert.Equal(429, graph.Status);
            Assert.InRange(EmulatorClient.Seconds(graph.RequiredHeader("Retry-After")), 0.001, 0.1);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(100)]
        [InlineData(333)]
        public async Task WaitingExactlyPartnerCenterRetryAfterIsEnough(double timeScale)
        {
            using var client = EmulatorClient.Create(o =>
            {
                o.TimeScale = timeScale;
                o.PartnerCenterLimits.RequestsPerPartner = 1;
            });
            var token = client.PartnerCenterToken(client.Eu);

            for (var round = 0; round < 3; round++)
            {
                Assert.Equal(200, (await client.GetAsync("partnercenter/v1/customers", token)).Status);
                var throttled = await client.GetAsync("partnercenter/v1/customers", token);
                Assert.Equal(429, throttled.Status);
                var retryAfter = throttled.RequiredHeader("Retry-After");
                Assert.InRange(EmulatorClient.Seconds(retryAfter), 60 / timeScale, 60 / timeScale + 0.001);
                client.Clock.Advance(TimeSpan.FromSeconds(EmulatorClient.Seconds(retryAfter)));
            }
        }

        [Fact]
        public async Task ThrottlingOffAdmitsEverythingAndIsReadOnEveryRequest()
        {
            using var client = EmulatorClient.Create(o =>
            {
                o.Throttling = false;
                o.GraphLimits.SmallTenantResourceUnits = 4;
                o.PartnerCenterLimits.RequestsPerPartner = 2;
            });
            var graphToken = client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id);
            var pcToken = client.PartnerCenterToken(client.Eu);

            for (var i = 0; i < 10; i++)
            {
                var graph = await client.GetAsync("graph/v1.0/users", graphToken);
                var pc = await client.GetAsync("partnercenter/v1/customers", pcToken);
                Assert.Equal(200, graph.Status);
                Assert.Equal("2", graph.Header("x-ms-resource-unit"));
                Assert.Null(graph.Header("x-ms-throttle-limit-percentage"));
                Assert.Equal(200, pc.Status);
            }

            Assert.Equal(0, client.Cloud.Counters.Throttled);

            client.Cloud.Options.Throttling = true;
            var statuses = new int[4];
            for (var i = 0; i < statuses.Length; i++)
            {
                statuses[i] = (await client.GetAsync("partnercenter/v1/customers", pcToken)).Status;
            }

            Assert.Equal(new[] { 200, 200, 429, 429 }, statuses);
        }
    }
}
