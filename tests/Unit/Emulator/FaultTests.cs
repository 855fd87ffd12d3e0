using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Injected faults (503, dropped connections) happen before any processing; latency is real but cancellable and scaled.</summary>
    public sealed class FaultTests
    {
        /// <summary>
        /// Valid requests to each service: Graph read and write (assignLicense), Partner Center read and write (a quantity
        /// PATCH), the token endpoint. Were a write to get through, the state would change.
        /// </summary>
        private static List<Func<Task<EmulatorReply>>> OneOfEach(EmulatorClient client)
        {
            var customer = client.CustomersOf(client.Eu)[0];
            var user = customer.Users.First(u => u.AssignedLicenses.Count > 0);
            var subscription = customer.Subscriptions.First(s => s.SellerTenantId == client.Eu.TenantId && s.Status == SubscriptionStatus.Active);
            var graphToken = client.GraphToken(client.Eu, customer.Id);
            var pcToken = client.PartnerCenterToken(client.Eu);
            var assign = EmulatorClient.Json(new { addLicenses = Array.Empty<object>(), removeLicenses = new[] { user.AssignedLicenses[0].SkuId } });
            var patch = EmulatorClient.Json(new { id = subscription.Id, quantity = subscription.Quantity + 1, status = "active" });
            return new List<Func<Task<EmulatorReply>>>
            {
                () => client.GetAsync("graph/v1.0/users", graphToken),
                () => client.SendAsync(HttpMethod.Post, "graph/v1.0/users/" + user.Id + "/assignLicense", graphToken,
                    content: new StringContent(assign, Encoding.UTF8, "application/json")),
                () => client.GetAsync("partnercenter/v1/customers/" + customer.Id + "/subscriptions", pcToken),
                () => client.SendAsync(new HttpMethod("PATCH"), "partnercenter/v1/customers/" + customer.Id + "/subscriptions/" + subscription.Id, pcToken,
                    content: new StringContent(patch, Encoding.UTF8, "application/json")),
                () => client.PostTokenAsync(client.Eu.TenantId, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope)),
            };
        }

        [Fact]
        public async Task ServerErrorsAnswer503InEachServicesShapeAndChangeNothing()
        {
            using var client = EmulatorClient.Create(o => o.ServerErrorRate = 1);
            var before = EmulatorClient.StateBytes(client.Cloud);
            var changes = client.Cloud.ChangeCount;
            var requests = OneOfEach(client);
            var retryAfters = new List<string?>();

            for (var round = 0; round < 5; round++)
            {
                var graph = await requests[0]();
                var graphWrite = await requests[1]();
                var partnerCenter = await requests[2]();
                var partnerCenterWrite = await requests[3]();
                var login = await requests[4]();

                Assert.Equal(503, graph.Status);
                Assert.Equal("serviceNotAvailable", graph.GraphError);
                Assert.Equal(graph.Header("request-id"), graph.Json.GetProperty("error").GetProperty("innerError").GetProperty("request-id").GetString());
                Assert.Equal(503, graphWrite.Status);
                Assert.Equal("serviceNotAvailable", graphWrite.GraphError);
                Assert.Equal(503, partnerCenter.Status);
                Assert.Equal("ServiceUnavailable", partnerCenter.Json.GetProperty("code").GetString());
                Assert.Equal("PartnerFD", partnerCenter.Json.GetProperty("source").GetString());
                Assert.False(string.IsNullOrEmpty(partnerCenter.Json.GetProperty("description").GetString()));
                Assert.NotNull(partnerCenter.Header("MS-RequestId"));
                Assert.Equal(503, partnerCenterWrite.Status);
                Assert.Equal("ServiceUnavailable", partnerCenterWrite.Json.GetProperty("code").GetString());
                Assert.Equal(503, login.Status);
                Assert.Equal("temporarily_unavailable", login.Json.GetProperty("error").GetString());
                Assert.StartsWith("AADSTS50196: ", login.Json.GetProperty("error_description").GetString());
                retryAfters.AddRange(new[] { graph, graphWrite, partnerCenter, partnerCenterWrite, login }.Select(r => r.Header("Retry-After")));
            }

            // Some injected 503s say when to come back (1-3 s), the others leave it to the client.
            Assert.Contains(null, retryAfters);
            Assert.All(retryAfters.Where(r => r != null), r => Assert.InRange(EmulatorClient.Seconds(r!), 1, 3));
            Assert.Contains(retryAfters, r => r != null);
            Assert.Equal(25, client.Cloud.Counters.FaultsInjected);
            Assert.Equal(25, client.Cloud.Counters.Requests);
            Assert.Equal(changes, client.Cloud.ChangeCount);
            Assert.Equal(before, EmulatorClient.StateBytes(client.Cloud));

            // Fault rates are read on every request.
            client.Cloud.Options.ServerErrorRate = 0;
            Assert.Equal(200, (await requests[0]()).Status);
        }

        [Fact]
        public async Task ServerErrorsComeBeforeAuthentication()
        {
            using var client = EmulatorClient.Create(o => o.ServerErrorRate = 1);

            var reply = await client.GetAsync("graph/v1.0/users");

            Assert.Equal(503, reply.Status);
        }

        [Fact]
        public async Task DroppedConnectionsThrowHttpRequestException()
        {
            using var client = EmulatorClient.Create(o => o.DropConnectionRate = 1);
            var before = EmulatorClient.StateBytes(client.Cloud);

            foreach (var request in OneOfEach(client))
            {
                var exception = await Assert.ThrowsAsync<HttpRequestException>(request);
                Assert.IsType<IOException>(exception.InnerException);
            }

            Assert.Equal(2, client.Cloud.Counters.Graph.FaultsInjected);
            Assert.Equal(2, client.Cloud.Counters.PartnerCenter.FaultsInjected);
            Assert.Equal(1, client.Cloud.Counters.Login.FaultsInjected);
            Assert.Equal(before, EmulatorClient.StateBytes(client.Cloud));
        }

        [Fact]
        public async Task LatencyHonoursTheRequestsCancellationToken()
        {
            using var client = EmulatorClient.Create(o => o.Latency = TimeSpan.FromSeconds(30));
            var token = client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            var watch = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => client.SendAsync(HttpMethod.Get, "graph/v1.0/users", token, cancellationToken: cancellation.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        }

        [Fact]
        public async Task LatencyAndSlowResponsesAreDividedByTimeScale()
        {
            using var client = EmulatorClient.Create(o =>
            {
                o.Latency = TimeSpan.FromSeconds(20);
                o.SlowResponseRate = 1;
                o.SlowResponseDelay = TimeSpan.FromSeconds(20);
                o.TimeScale = 1000;
            });
            var token = client.GraphToken(client.Eu, client.CustomersOf(client.Eu)[0].Id);
            var watch = Stopwatch.StartNew();

            var reply = await client.GetAsync("graph/v1.0/organization", token);

            Assert.Equal(200, reply.Status);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(5));
            Assert.Equal(1, client.Cloud.Counters.Graph.SlowResponses);
            Assert.Equal(0, client.Cloud.Counters.FaultsInjected);
        }

        [Fact]
        public async Task ConcurrentRequestsAreAllAnswered()
        {
            using var client = EmulatorClient.Create(o => o.Throttling = false);
            var customers = client.CustomersOf(client.Eu);
            var pcToken = client.PartnerCenterToken(client.Eu);
            var graphTokens = customers.Select(c => client.GraphToken(client.Eu, c.Id)).ToList();

            var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => i % 2 == 0
                ? client.GetAsync("graph/v1.0/users?$top=5", graphTokens[i % graphTokens.Count])
                : client.GetAsync("partnercenter/v1/customers/" + customers[i % customers.Count].Id + "/subscriptions", pcToken))));

            Assert.All(replies, r => Assert.Equal(200, r.Status));
            Assert.Equal(200, client.Cloud.Counters.Requests);
            Assert.Equal(200, replies.Select(r => r.Header(r.Header("request-id") != null ? "request-id" : "MS-RequestId")).Distinct().Count());
        }
    }
}
