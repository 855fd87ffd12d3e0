using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>POST users/{id|upn}/assignLicense: success, plan sets, seats counted after removes, every error, atomicity.</summary>
    public sealed class AssignLicenseTests : FullCustomerTest
    {
        /// <summary>assignLicense for the user by id, with a body of <see cref="Writes.AssignLicenseJson"/>.</summary>
        private Task<EmulatorReply> AssignAsync(UserState user, string[]? add = null, string[]? remove = null, string[]? disabledPlans = null) =>
            Client.AssignLicenseAsync(Token, user.Id, Writes.AssignLicenseJson(add, remove, disabledPlans));

        /// <summary>Arrangement: the user gets the SKU (asserting 200).</summary>
        private async Task HoldsAsync(UserState user, string skuId, string[]? disabledPlans = null) =>
            Assert.Equal(200, (await AssignAsync(user, new[] { skuId }, disabledPlans: disabledPlans)).Status);

        /// <summary>An active SKU of the customer (<see cref="Writes.ActivePool"/>) left with exactly <paramref name="freeSeats"/> seats.</summary>
        private LicensePool PoolWithFreeSeats(int freeSeats, string? except = null)
        {
            var pool = Client.ActivePool(Tenant, except);
            Client.SetFreeSeats(Tenant, pool.SkuId, freeSeats);
            return pool;
        }

        [Fact]
        public async Task AddingALicenseAnswers200WithTheFullUserAndTakesASeat()
        {
            var user = Client.AddUser(Tenant);
            var pool = PoolWithFreeSeats(1);
            var before = await Client.GraphSeatsAsync(Token, pool.SkuId);

            var reply = await Client.AssignLicenseAsync(Token, EmulatorClient.Escape(user.UserPrincipalName),
                Writes.AssignLicenseJson(new[] { pool.SkuId.ToUpperInvariant() }));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.EndsWith("$metadata#users/$entity", reply.Json.GetProperty("@odata.context").GetString());
            Assert.Equal(user.Id, reply.Json.GetProperty("id").GetString());
            Assert.Equal(new[] { pool.SkuId }, reply.Json.Skus());
            Assert.True(reply.Json.GetProperty("accountEnabled").GetBoolean());
            Assert.Equal(pool.Product!.ServicePlans.Count, reply.Json.GetProperty("assignedPlans").GetArrayLength());
            Assert.Equal((before.Enabled, before.Consumed + 1), await Client.GraphSeatsAsync(Token, pool.SkuId));
            Assert.Equal(0, Client.Pool(Tenant, pool.SkuId).Available);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task ReAddingAHeldSkuReplacesItsDisabledPlansWithoutASeat()
        {
            var user = Client.AddUser(Tenant);
            var pool = PoolWithFreeSeats(1);
            var plans = pool.Product!.ServicePlans.Select(p => p.Id).ToArray();
            await HoldsAsync(user, pool.SkuId, disabledPlans: new[] { plans[0] });

            var reply = await AssignAsync(user, new[] { pool.SkuId }, disabledPlans: new[] { plans[1] });

            Assert.True(reply.Status == 200, reply.ToString());
            var license = Assert.Single(reply.Json.GetProperty("assignedLicenses").EnumerateArray());
            Assert.Equal(new[] { plans[1] }, license.GetProperty("disabledPlans").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(0, Client.Pool(Tenant, pool.SkuId).Available);
        }

        [Fact]
        public async Task SeatsAreCountedAfterTheRemovesOfTheSameRequest()
        {
            var user = Client.AddUser(Tenant);
            var pool = PoolWithFreeSeats(1);
            var plan = pool.Product!.ServicePlans[1].Id;
            await HoldsAsync(user, pool.SkuId);
            Assert.Equal(0, Client.Pool(Tenant, pool.SkuId).Available);

            // Remove and add back in one request: the removed seat is the one the add takes.
            var reply = await AssignAsync(user, new[] { pool.SkuId }, new[] { pool.SkuId }, new[] { plan });

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(new[] { plan }, user.AssignedLicenses.Single().DisabledPlans);
            Assert.Equal(0, Client.Pool(Tenant, pool.SkuId).Available);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task SwappingSkusMovesOneSeatEach()
        {
            var user = Client.AddUser(Tenant);
            var a = PoolWithFreeSeats(1);
            var b = PoolWithFreeSeats(1, except: a.SkuId);
            await HoldsAsync(user, a.SkuId);

            var reply = await AssignAsync(user, new[] { b.SkuId }, new[] { a.SkuId });

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(new[] { b.SkuId }, reply.Json.Skus());
            Assert.Equal(1, Client.Pool(Tenant, a.SkuId).Available);
            Assert.Equal(0, Client.Pool(Tenant, b.SkuId).Available);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task AFailingAddLeavesTheRemovesUndone()
        {
            var user = Client.AddUser(Tenant);
            var a = PoolWithFreeSeats(1);
            var b = Client.ActivePool(Tenant, except: a.SkuId);
            await HoldsAsync(user, a.SkuId);
            Client.SetFreeSeats(Tenant, b.SkuId, 0);
            var changes = Client.Cloud.ChangeCount;

            var reply = await AssignAsync(user, new[] { b.SkuId }, new[] { a.SkuId });

            Assert.Equal($"Subscription {b.SkuId} does not have any available licenses.", reply.AssertGraphError(400));
            Assert.Equal(new[] { a.SkuId }, user.AssignedLicenses.Select(l => l.SkuId));
            Assert.Equal(0, Client.Pool(Tenant, a.SkuId).Available);
            Assert.Equal(0, Client.Pool(Tenant, b.SkuId).Available);
            Assert.Equal(changes, Client.Cloud.ChangeCount);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task NoUsageLocationNoLicense()
        {
            var user = Client.AddUser(Tenant, usageLocation: null);
            var pool = PoolWithFreeSeats(3);

            var reply = await AssignAsync(user, new[] { pool.SkuId });

            Assert.Equal("License assignment cannot be done for user with invalid usage location.", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Fact]
        public async Task NoFreeSeatNoLicense()
        {
            var user = Client.AddUser(Tenant);
            var pool = PoolWithFreeSeats(0);

            var reply = await AssignAsync(user, new[] { pool.SkuId });

            Assert.Equal($"Subscription {pool.SkuId} does not have any available licenses.", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Theory]
        [InlineData("c5928f49-12ba-48f7-ada3-0d743a3601d5")] // a catalog SKU the customer may not have
        [InlineData("00000000-0000-0000-0000-000000000001")]
        public async Task AnUnsubscribedSkuIsNotACompanyLicense(string skuId)
        {
            Client.Cloud.Mutate(_ => Tenant.Subscriptions.RemoveAll(s => s.SkuId == skuId));
            var user = Client.AddUser(Tenant);

            var reply = await AssignAsync(user, new[] { skuId });

            Assert.Equal($"License {skuId} does not correspond to a valid company License.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task RemovingAnUnheldSkuIsRefused()
        {
            var user = Client.AddUser(Tenant);
            var pool = Client.ActivePool(Tenant);

            var reply = await AssignAsync(user, remove: new[] { pool.SkuId });

            Assert.Equal("User does not have a corresponding license.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task ADisabledPlanOutsideTheSkuIsRefused()
        {
            var user = Client.AddUser(Tenant);
            var pool = PoolWithFreeSeats(2);

            var reply = await AssignAsync(user, new[] { pool.SkuId }, disabledPlans: new[] { "11111111-2222-3333-4444-555555555555" });

            Assert.StartsWith("Invalid value specified for property 'disabledPlans'", reply.AssertGraphError(400));
            Assert.Empty(user.AssignedLicenses);
        }

        [Theory]
        [InlineData("{\"addLicenses\":[]}", "removeLicenses")]
        [InlineData("{\"removeLicenses\":[]}", "addLicenses")]
        [InlineData("{}", "addLicenses, removeLicenses")]
        public async Task BothListsMustBeSent(string body, string missing)
        {
            var user = Client.AddUser(Tenant);

            var reply = await Client.AssignLicenseAsync(Token, user.Id, body);

            Assert.EndsWith("The missing parameters are: " + missing + ".", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task UnknownUserIsNotFound()
        {
            var reply = await Client.AssignLicenseAsync(Token, Guid.NewGuid().ToString(), Writes.AssignLicenseJson());

            reply.AssertGraphError(404, "Request_ResourceNotFound");
        }
    }
}
