using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>directory/deletedItems: listing, restore (seats come back while there are any), the 30-day purge, permanent delete.</summary>
    public sealed class DeletedItemsTests : FullCustomerTest
    {
        /// <summary>Arrangement: the user goes to deleted items (asserting 204).</summary>
        private async Task DeletedAsync(UserState user) =>
            Assert.Equal(204, (await Client.DeleteUserAsync(Token, user.Id)).Status);

        [Fact]
        public async Task RestoreBringsTheUserBackWithItsLicensesWhichConsumeSeatsAgain()
        {
            var user = Tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var skus = user.AssignedLicenses.Select(l => l.SkuId).OrderBy(s => s).ToArray();
            var before = await Client.GraphSeatsAsync(Token, skus[0]);
            await DeletedAsync(user);
            Assert.Equal(before.Consumed - 1, (await Client.GraphSeatsAsync(Token, skus[0])).Consumed);

            var reply = await Client.RestoreAsync(Token, user.Id);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("#microsoft.graph.user", reply.Json.GetProperty("@odata.type").GetString());
            Assert.EndsWith("$metadata#directoryObjects/$entity", reply.Json.GetProperty("@odata.context").GetString());
            Assert.Equal(user.Id, reply.Json.GetProperty("id").GetString());
            Assert.Equal(skus, reply.Json.Skus());
            Assert.All(reply.Json.GetProperty("licenseAssignmentStates").EnumerateArray(), s => Assert.Equal("Active", s.GetProperty("state").GetString()));
            Assert.Equal(before, await Client.GraphSeatsAsync(Token, skus[0]));
            Assert.Equal(200, (await Client.GetAsync("graph/v1.0/users/" + user.Id, Token)).Status);
            Assert.Null(user.DeletedDateTime);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task ALicenseWithoutAFreeSeatIsDroppedAsCountViolation()
        {
            var user = Tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            await DeletedAsync(user);
            Client.SetFreeSeats(Tenant, sku, 0);

            var reply = await Client.RestoreAsync(Token, user.Id);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.DoesNotContain(sku, reply.Json.Skus());
            var error = reply.Json.GetProperty("licenseAssignmentStates").EnumerateArray().Single(s => s.GetProperty("skuId").GetString() == sku);
            Assert.Equal("Error", error.GetProperty("state").GetString());
            Assert.Equal("CountViolation", error.GetProperty("error").GetString());
            Assert.Equal(0, Client.Pool(Tenant, sku).Available);
            Client.AssertConsistent();

            // A later assignLicense with a seat clears the error.
            Client.SetFreeSeats(Tenant, sku, 1);
            var assigned = await Client.AssignLicenseAsync(Token, user.Id, Writes.AssignLicenseJson(new[] { sku }));
            Assert.True(assigned.Status == 200, assigned.ToString());
            Assert.DoesNotContain(assigned.Json.GetProperty("licenseAssignmentStates").EnumerateArray(),
                s => s.GetProperty("skuId").GetString() == sku && s.GetProperty("state").GetString() == "Error");
            Assert.Contains(sku, assigned.Json.Skus());
        }

        [Fact]
        public async Task RestoreIsRefusedWhenAnActiveUserHasTakenTheUpn()
        {
            var user = Tenant.Users[4];
            await DeletedAsync(user);
            Client.Cloud.Mutate(_ => Tenant.AddUser(new UserState { Id = Guid.NewGuid().ToString(), UserPrincipalName = user.UserPrincipalName, DisplayName = "Newcomer" }));

            var reply = await Client.RestoreAsync(Token, user.Id);

            Assert.Equal("Another object with the same value for property userPrincipalName already exists.", reply.AssertGraphError(400));
            Assert.NotNull(Tenant.FindDeletedUser(user.Id));
        }

        [Fact]
        public async Task AnUnknownIdCannotBeRestored()
        {
            var unknown = await Client.RestoreAsync(Token, Guid.NewGuid().ToString());
            var active = await Client.RestoreAsync(Token, Tenant.Users[0].Id);

            unknown.AssertGraphError(404, "Request_ResourceNotFound");
            active.AssertGraphError(404, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task DeletedUsersArePurgedAfterThirtyDays()
        {
            var user = Tenant.Users[10];
            await DeletedAsync(user);

            Client.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
            var token = Client.GraphToken(Client.Eu, Tenant.Id);
            var stillThere = await Client.GetAsync("graph/v1.0/directory/deletedItems/" + user.Id, token);
            Client.Clock.Advance(TimeSpan.FromSeconds(1));
            token = Client.GraphToken(Client.Eu, Tenant.Id);
            var list = await Client.GetAsync("graph/v1.0/directory/deletedItems/microsoft.graph.user?$top=999", token);
            var get = await Client.GetAsync("graph/v1.0/directory/deletedItems/" + user.Id, token);
            var restore = await Client.RestoreAsync(token, user.Id);

            Assert.Equal(200, stillThere.Status);
            Assert.DoesNotContain(list.Json.GetProperty("value").EnumerateArray(), v => v.GetProperty("id").GetString() == user.Id);
            get.AssertGraphError(404, "Request_ResourceNotFound");
            restore.AssertGraphError(404, "Request_ResourceNotFound");
            Assert.Null(Tenant.FindDeletedUser(user.Id));
            Assert.DoesNotContain(Tenant.RoleAssignments, a => a.PrincipalId == user.Id);
            // The seeded deleted users (1-29 days old) are gone too by now.
            Assert.Empty(Tenant.DeletedUsers);
            Client.AssertConsistent();
        }

        [Fact]
        public async Task PermanentDeleteRemovesTheDeletedUser()
        {
            var deleted = Tenant.DeletedUsers[0];

            var reply = await Client.GraphAsync("DELETE", "directory/deletedItems/" + deleted.Id, Token);
            var again = await Client.RestoreAsync(Token, deleted.Id);

            Assert.Equal(204, reply.Status);
            again.AssertGraphError(404, "Request_ResourceNotFound");
        }
    }
}
