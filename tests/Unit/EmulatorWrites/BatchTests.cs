using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>POST $batch: per-item status through the normal pipeline, shuffled order, dependsOn, inner 429, malformed batches.</summary>
    public sealed class BatchTests : FullCustomerTest
    {
        /// <summary>POST $batch of <paramref name="requests"/>.</summary>
        private static Task<EmulatorReply> BatchAsync(EmulatorClient client, string token, params object[] requests) =>
            client.GraphAsync("POST", "$batch", token, Writes.Json(new { requests }));

        private static Dictionary<string, JsonElement> ById(EmulatorReply reply)
        {
            Assert.True(reply.Status == 200, reply.ToString());
            return reply.Json.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        }

        [Fact]
        public async Task EachRequestIsAnsweredByIdInAShuffledOrder()
        {
            var user = Tenant.Users[5];
            var requests = new List<object>
            {
                new { id = "get", method = "GET", url = "/users/" + user.Id + "?$select=id,jobTitle" },
                new { id = "patch", method = "PATCH", url = "/users/" + user.Id, headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = new { jobTitle = "Batched" } },
                new { id = "missing", method = "GET", url = "users/" + Guid.NewGuid() },
                new { id = "count", method = "GET", url = "/users/$count", headers = new Dictionary<string, string> { ["ConsistencyLevel"] = "eventual" } },
            };
            for (var i = 0; i < 6; i++)
            {
                requests.Add(new { id = "org" + i, method = "GET", url = "/organization" });
            }

            var reply = await BatchAsync(Client, Token, requests.ToArray());

            var responses = ById(reply);
            Assert.Equal(requests.Count, responses.Count);
            var order = reply.Json.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.NotEqual(new[] { "get", "patch", "missing", "count", "org0", "org1", "org2", "org3", "org4", "org5" }, order);
            Assert.Equal(200, responses["get"].GetProperty("status").GetInt32());
            Assert.Equal(user.Id, responses["get"].GetProperty("body").GetProperty("id").GetString());
            Assert.Equal(204, responses["patch"].GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, responses["patch"].GetProperty("body").ValueKind);
            Assert.Equal("Batched", user.JobTitle);
            Assert.Equal(404, responses["missing"].GetProperty("status").GetInt32());
            Assert.Equal("Request_ResourceNotFound", responses["missing"].GetProperty("body").GetProperty("error").GetProperty("code").GetString());
            Assert.Equal("20", responses["count"].GetProperty("body").GetString());
            Assert.Equal("1", responses["org0"].GetProperty("headers").GetProperty("x-ms-resource-unit").GetString());

            // Same batch, same order: the shuffle is deterministic.
            var again = await BatchAsync(Client, Token, requests.ToArray());
            Assert.Equal(order, again.Json.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList());
        }

        [Fact]
        public async Task AFailedPrerequisiteGives424()
        {
            var user = Tenant.Users[6];
            var json = new Dictionary<string, string> { ["Content-Type"] = "application/json" };

            var reply = await BatchAsync(Client, Token,
                new { id = "1", method = "PATCH", url = "/users/" + user.Id, headers = json, body = new { usageLocation = "Nowhere" } },
                new { id = "2", dependsOn = new[] { "1" }, method = "PATCH", url = "/users/" + user.Id, headers = json, body = new { jobTitle = "Never" } },
                new { id = "3", dependsOn = new[] { "2" }, method = "GET", url = "/organization" },
                new { id = "4", method = "PATCH", url = "/users/" + user.Id, headers = json, body = new { department = "Ran" } });

            var responses = ById(reply);
            Assert.Equal(400, responses["1"].GetProperty("status").GetInt32());
            Assert.Equal(424, responses["2"].GetProperty("status").GetInt32());
            Assert.Equal(424, responses["3"].GetProperty("status").GetInt32());
            Assert.Equal(204, responses["4"].GetProperty("status").GetInt32());
            Assert.NotEqual("Never", user.JobTitle);
            Assert.Equal("Ran", user.Department);
        }

        [Fact]
        public async Task DependentsRunAfterTheirPrerequisites()
        {
            var upn = "batched.user@" + Tenant.DefaultDomain;
            var json = new Dictionary<string, string> { ["Content-Type"] = "application/json" };

            var reply = await BatchAsync(Client, Token,
                new { id = "read", dependsOn = new[] { "create" }, method = "GET", url = "/users/" + upn },
                new { id = "create", method = "POST", url = "/users", headers = json, body = JsonDocument.Parse(Writes.NewUserJson(upn)).RootElement });

            var responses = ById(reply);
            Assert.Equal(201, responses["create"].GetProperty("status").GetInt32());
            Assert.Equal(200, responses["read"].GetProperty("status").GetInt32());
        }

        [Fact]
        public async Task AThrottledInnerRequestGets429WithRetryAfterWhileTheBatchIs200()
        {
            using var client = EmulatorClient.Create(o => o.GraphLimits.SmallTenantResourceUnits = 3);
            var (_, token) = client.FullCustomerWithToken();

            // Four 1-RU calls against 3 RU: the envelope itself costs nothing, so exactly the fourth is throttled.
            var reply = await BatchAsync(client, token,
                new { id = "a", method = "GET", url = "/organization" },
                new { id = "b", method = "GET", url = "/organization" },
                new { id = "c", method = "GET", url = "/organization" },
                new { id = "d", method = "GET", url = "/organization" });

            var responses = ById(reply);
            Assert.All(new[] { "a", "b", "c" }, id => Assert.Equal(200, responses[id].GetProperty("status").GetInt32()));
            var throttled = responses["d"];
            Assert.Equal(429, throttled.GetProperty("status").GetInt32());
            Assert.True(EmulatorClient.Seconds(throttled.GetProperty("headers").GetProperty("Retry-After").GetString()!) > 0);
            var error = throttled.GetProperty("body").GetProperty("error");
            Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
            Assert.Equal("Please retry again later.", error.GetProperty("message").GetString());
            Assert.Equal("429", error.GetProperty("innerError").GetProperty("status").GetString());
            Assert.Equal(1, client.Cloud.Counters.Graph.Throttled);
            Assert.Equal(5, client.Cloud.Counters.Graph.Requests);
        }

        [Fact]
        public async Task InnerRequestsMeetInjectedFaultsAsTopLevelCallsDo()
        {
            using var client = EmulatorClient.Create(o => o.ServerErrorRate = 0.5);
            var (_, token) = client.FullCustomerWithToken();
            var requests = Enumerable.Range(0, 20).Select(i => (object)new { id = "r" + i, method = "GET", url = "/organization" }).ToArray();

            EmulatorReply? reply = null;
            for (var attempt = 0; attempt < 20 && reply?.Status != 200; attempt++)
            {
                reply = await BatchAsync(client, token, requests);
            }

            var statuses = ById(reply!).Values.Select(r => r.GetProperty("status").GetInt32()).ToList();
            Assert.Contains(503, statuses);
            Assert.Contains(200, statuses);
            Assert.Equal(20, statuses.Count(s => s == 200 || s == 503));
        }

        [Fact]
        public async Task InnerRequestsAreCheckedAgainstGdap()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await BatchAsync(client, token,
                new { id = "read", method = "GET", url = "/organization" },
                new { id = "delete", method = "DELETE", url = "/users/" + tenant.Users[3].Id });

            var responses = ById(reply);
            Assert.Equal(200, responses["read"].GetProperty("status").GetInt32());
            Assert.Equal(403, responses["delete"].GetProperty("status").GetInt32());
            Assert.Equal("Authorization_RequestDenied", responses["delete"].GetProperty("body").GetProperty("error").GetProperty("code").GetString());
        }

        [Theory]
        [InlineData(21, false, false)]
        [InlineData(2, true, false)]
        [InlineData(2, false, true)]
        public async Task AMalformedBatchIs400AsAWhole(int count, bool duplicateIds, bool absoluteUrl)
        {
            var requests = Enumerable.Range(0, count).Select(i => (object)new
            {
                id = duplicateIds ? "X" + (i % 1) : "r" + i,
                method = "GET",
                url = absoluteUrl && i == 1 ? "https://graph.microsoft.com/v1.0/organization" : "/organization",
            }).ToArray();

            var reply = await BatchAsync(Client, Token, requests);

            Assert.Equal(400, reply.Status);
            Assert.Equal("BadRequest", reply.GraphError);
            Assert.Equal(1, Client.Cloud.Counters.Graph.Requests);
        }

        [Fact]
        public async Task ABatchInsideABatchIsRefusedForThatItem()
        {
            var json = new Dictionary<string, string> { ["Content-Type"] = "application/json" };

            var responses = ById(await BatchAsync(Client, Token,
                new { id = "nested", method = "POST", url = "/$batch", headers = json, body = new { requests = new[] { new { id = "x", method = "GET", url = "/organization" } } } },
                new { id = "plain", method = "GET", url = "/organization" }));

            Assert.Equal(400, responses["nested"].GetProperty("status").GetInt32());
            Assert.Equal(200, responses["plain"].GetProperty("status").GetInt32());
        }

        [Fact]
        public async Task DuplicateIdsDifferOnlyInCase()
        {
            var reply = await BatchAsync(Client, Token,
                new { id = "a", method = "GET", url = "/organization" },
                new { id = "A", method = "GET", url = "/organization" });

            Assert.Equal(400, reply.Status);
        }

        [Fact]
        public async Task TwentyRequestsAreFine()
        {
            var requests = Enumerable.Range(0, 20).Select(i => (object)new { id = "r" + i, method = "GET", url = "/users/" + Tenant.Users[i].Id }).ToArray();

            var responses = ById(await BatchAsync(Client, Token, requests));

            Assert.Equal(20, responses.Count);
            Assert.All(responses.Values, r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        }
    }
}
