using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>POST users/{id|upn}/assignLicense: success, plan sets, seats counted after removes, every error, atomicity.</summary>
    public sealed class AssignLicenseTests
    {
        private static string Body(string[]? add = null, string[]? remove = null, string[]? disabledPlans = null) =>
            Writes.Json(new
            {
                addLicenses = (add ?? Array.Empty<string>()).Select(s => new { skuId = s, disabledPlans = disabledPlans ?? Array.Empty<string>() }),
                removeLicenses = remove ?? Array.Empty<string>(),
            });

        [Fact]
        public async Task AddingALicenseAnswers200WithTheFullUserAndTakesASeat()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 1);
            var before = await client.GraphSeatsAsync(token, pool.SkuId);

            var reply = await client.GraphAsync("POST", "users/" + EmulatorClient.Escape(user.UserPrincipalName) + "/assignLicense", token,
                Body(new[] { pool.SkuId.ToUpperInvariant() }));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.EndsWith("$metadata#users/$entity", reply.Json.GetProperty("@odata.context").GetString());
            Assert.Equal(user.Id, reply.Json.GetProperty("id").GetString());
            Assert.Equal(new[] { pool.SkuId }, reply.Json.Skus());
            Assert.True(reply.Json.GetProperty("accountEnabled").GetBoolean());
            Assert.Equal(pool.Product!.ServicePlans.Count, reply.Json.GetProperty("assignedPlans").GetArrayLength());
            Assert.Equal((before.Enabled, before.Consumed + 1), await client.GraphSeatsAsync(token, pool.SkuId));
            Assert.Equal(0, client.Pool(tenant, pool.SkuId).Available);
            client.AssertConsistent();
        }

        [Fact]
        public async Task ReAddingAHeldSkuReplacesItsDisabledPlansWithoutASeat()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            var plans = pool.Product!.ServicePlans.Select(p => p.Id).ToArray();
            client.SetFreeSeats(tenant, pool.SkuId, 1);
            Assert.Equal(200, (await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { pool.SkuId }, disabledPlans: new[] { plans[0] }))).Status);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { pool.SkuId }, disabledPlans: new[] { plans[1] }));

            Assert.True(reply.Status == 200, reply.ToString());
            var license = Assert.Single(reply.Json.GetProperty("assignedLicenses").EnumerateArray());
            Assert.Equal(new[] { plans[1] }, license.GetProperty("disabledPlans").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(0, client.Pool(tenant, pool.SkuId).Available);
        }

        [Fact]
        public async Task SeatsAreCountedAfterTheRemovesOfTheSameRequest()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            var plan = pool.Product!.ServicePlans[1].Id;
            client.SetFreeSeats(tenant, pool.SkuId, 1);
            Assert.Equal(200, (await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { pool.SkuId }))).Status);
            Assert.Equal(0, client.Pool(tenant, pool.SkuId).Available);

            // Remove and add back in one request: the removed seat is the one the add takes.
            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                Body(new[] { pool.SkuId }, new[] { pool.SkuId }, new[] { plan }));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(new[] { plan }, user.AssignedLicenses.Single().DisabledPlans);
            Assert.Equal(0, client.Pool(tenant, pool.SkuId).Available);
            client.AssertConsistent();
        }

        [Fact]
        public async Task SwappingSkusMovesOneSeatEach()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var a = client.ActivePool(tenant);
            var b = client.ActivePool(tenant, except: a.SkuId);
            client.SetFreeSeats(tenant, a.SkuId, 1);
            client.SetFreeSeats(tenant, b.SkuId, 1);
            Assert.Equal(200, (await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { a.SkuId }))).Status);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { b.SkuId }, new[] { a.SkuId }));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(new[] { b.SkuId }, reply.Json.Skus());
            Assert.Equal(1, client.Pool(tenant, a.SkuId).Available);
            Assert.Equal(0, client.Pool(tenant, b.SkuId).Available);
            client.AssertConsistent();
        }

        [Fact]
        public async Task AFailingAddLeavesTheRemovesUndone()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var a = client.ActivePool(tenant);
            var b = client.ActivePool(tenant, except: a.SkuId);
            client.SetFreeSeats(tenant, a.SkuId, 1);
            Assert.Equal(200, (await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { a.SkuId }))).Status);
            client.SetFreeSeats(tenant, b.SkuId, 0);
            var changes = client.Cloud.ChangeCount;

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { b.SkuId }, new[] { a.SkuId }));

            Assert.Equal($"Subscription {b.SkuId} does not have any available licenses.", reply.AssertGraphError(400));
            Assert.Equal(new[] { a.SkuId }, user.AssignedLicenses.Select(l => l.SkuId));
            Assert.Equal(0, client.Pool(tenant, a.SkuId).Available);
            Assert.Equal(0, client.Pool(tenant, b.SkuId).Available);
            Assert.Equal(changes, client.Cloud.ChangeCount);
            client.AssertConsistent();
        }

        [Fact]
        public async Task NoUsageLocationNoLicense()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant, usageLocation: null);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 3);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { pool.SkuId }));

            Assert.Equal("License assignment cannot be done for user with invalid usage location.", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Fact]
        public async Task NoFreeSeatNoLicense()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 0);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { pool.SkuId }));

            Assert.Equal($"Subscription {pool.SkuId} does not have any available licenses.", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Theory]
        [InlineData("c5928f49-12ba-48f7-ada3-0d743a3601d5")] // a catalog SKU the customer may not have
        [InlineData("00000000-0000-0000-0000-000000000001")]
        public async Task AnUnsubscribedSkuIsNotACompanyLicense(string skuId)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            client.Cloud.Mutate(_ => tenant.Subscriptions.RemoveAll(s => s.SkuId == skuId));
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(new[] { skuId }));

            Assert.Equal($"License {skuId} does not correspond to a valid company License.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task RemovingAnUnheldSkuIsRefused()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, Body(remove: new[] { pool.SkuId }));

            Assert.Equal("User does not have a corresponding license.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task ADisabledPlanOutsideTheSkuIsRefused()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 2);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                Body(new[] { pool.SkuId }, disabledPlans: new[] { "11111111-2222-3333-4444-555555555555" }));

            Assert.StartsWith("Invalid value specified for property 'disabledPlans'", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Theory]
        [InlineData("{\"addLicenses\":[]}", "removeLicenses")]
        [InlineData("{\"removeLicenses\":[]}", "addLicenses")]
        [InlineData("{}", "addLicenses, removeLicenses")]
        public async Task BothListsMustBeSent(string body, string missing)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token, body);

            Assert.EndsWith("The missing parameters are: " + missing + ".", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task UnknownUserIsNotFound()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users/" + Guid.NewGuid() + "/assignLicense", token, Body());

            reply.AssertGraphError(404, "Request_ResourceNotFound");
        }
    }
}
