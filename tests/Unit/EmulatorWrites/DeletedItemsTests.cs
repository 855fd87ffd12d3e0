using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>directory/deletedItems: listing, restore (seats come back while there are any), the 30-day purge, permanent delete.</summary>
    public sealed class DeletedItemsTests
    {
        [Fact]
        public async Task RestoreBringsTheUserBackWithItsLicensesWhichConsumeSeatsAgain()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var skus = user.AssignedLicenses.Select(l => l.SkuId).OrderBy(s => s).ToArray();
            var before = await client.GraphSeatsAsync(token, skus[0]);
            Assert.Equal(204, (await client.GraphAsync("DELETE", "users/" + user.Id, token)).Status);
            Assert.Equal(before.Consumed - 1, (await client.GraphSeatsAsync(token, skus[0])).Consumed);

            var reply = await client.GraphAsync("POST", "directory/deletedItems/" + user.Id + "/restore", token);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("#microsoft.graph.user", reply.Json.GetProperty("@odata.type").GetString());
            Assert.EndsWith("$metadata#directoryObjects/$entity", reply.Json.GetProperty("@odata.context").GetString());
            Assert.Equal(user.Id, reply.Json.GetProperty("id").GetString());
            Assert.Equal(skus, reply.Json.Skus());
            Assert.All(reply.Json.GetProperty("licenseAssignmentStates").EnumerateArray(), s => Assert.Equal("Active", s.GetProperty("state").GetString()));
            Assert.Equal(before, await client.GraphSeatsAsync(token, skus[0]));
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/users/" + user.Id, token)).Status);
            Assert.Null(user.DeletedDateTime);
            client.AssertConsistent();
        }

        [Fact]
        public async Task ALicenseWithoutAFreeSeatIsDroppedAsCountViolation()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            Assert.Equal(204, (await client.GraphAsync("DELETE", "users/" + user.Id, token)).Status);
            client.SetFreeSeats(tenant, sku, 0);

            var reply = await client.GraphAsync("POST", "directory/deletedItems/" + user.Id + "/restore", token);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.DoesNotContain(sku, reply.Json.Skus());
            var error = reply.Json.GetProperty("licenseAssignmentStates").EnumerateArray().Single(s => s.GetProperty("skuId").GetString() == sku);
            Assert.Equal("Error", error.GetProperty("state").GetString());
            Assert.Equal("CountViolation", error.GetProperty("error").GetString());
            Assert.Equal(0, client.Pool(tenant, sku).Available);
            client.AssertConsistent();

            // A later assignLicense with a seat clears the error.
            client.SetFreeSeats(tenant, sku, 1);
            var assigned = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                "{\"addLicenses\":[{\"skuId\":\"" + sku + "\",\"disabledPlans\":[]}],\"removeLicenses\":[]}");
            Assert.True(assigned.Status == 200, assigned.ToString());
            Assert.DoesNotContain(assigned.Json.GetProperty("licenseAssignmentStates").EnumerateArray(),
                s => s.GetProperty("skuId").GetString() == sku && s.GetProperty("state").GetString() == "Error");
            Assert.Contains(sku, assigned.Json.Skus());
        }

        [Fact]
        public async Task RestoreIsRefusedWhenAnActiveUserHasTakenTheUpn()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[4];
            Assert.Equal(204, (await client.GraphAsync("DELETE", "users/" + user.Id, token)).Status);
            client.Cloud.Mutate(_ => tenant.AddUser(new UserState { Id = Guid.NewGuid().ToString(), UserPrincipalName = user.UserPrincipalName, DisplayName = "Newcomer" }));

            var reply = await client.GraphAsync("POST", "directory/deletedItems/" + user.Id + "/restore", token);

            Assert.Equal("Another object with the same value for property userPrincipalName already exists.", reply.AssertGraphError(400));
            Assert.NotNull(tenant.FindDeletedUser(user.Id));
        }

        [Fact]
        public async Task AnUnknownIdCannotBeRestored()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var unknown = await client.GraphAsync("POST", "directory/deletedItems/" + Guid.NewGuid() + "/restore", token);
            var active = await client.GraphAsync("POST", "directory/deletedItems/" + tenant.Users[0].Id + "/restore", token);

            unknown.AssertGraphError(404, "Request_ResourceNotFound");
            active.AssertGraphError(404, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task DeletedUsersArePurgedAfterThirtyDays()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[10];
            Assert.Equal(204, (await client.GraphAsync("DELETE", "users/" + user.Id, token)).Status);

            client.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
            token = client.GraphToken(client.Eu, tenant.Id);
            var stillThere = await client.GetAsync("graph/v1.0/directory/deletedItems/" + user.Id, token);
            client.Clock.Advance(TimeSpan.FromSeconds(1));
            token = client.GraphToken(client.Eu, tenant.Id);
            var list = await client.GetAsync("graph/v1.0/directory/deletedItems/microsoft.graph.user?$top=999", token);
            var get = await client.GetAsync("graph/v1.0/directory/deletedItems/" + user.Id, token);
            var restore = await client.GraphAsync("POST", "directory/deletedItems/" + user.Id + "/restore", token);

            Assert.Equal(200, stillThere.Status);
            Assert.DoesNotContain(list.Json.GetProperty("value").EnumerateArray(), v => v.GetProperty("id").GetString() == user.Id);
            get.AssertGraphError(404, "Request_ResourceNotFound");
            restore.AssertGraphError(404, "Request_ResourceNotFound");
            Assert.Null(tenant.FindDeletedUser(user.Id));
            Assert.DoesNotContain(tenant.RoleAssignments, a => a.PrincipalId == user.Id);
            // The seeded deleted users (1-29 days old) are gone too by now.
            Assert.Empty(tenant.DeletedUsers);
            client.AssertConsistent();
        }

        [Fact]
        public async Task PermanentDeleteRemovesTheDeletedUser()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var deleted = tenant.DeletedUsers[0];

            var reply = await client.GraphAsync("DELETE", "directory/deletedItems/" + deleted.Id, token);
            var again = await client.GraphAsync("POST", "directory/deletedItems/" + deleted.Id + "/restore", token);

            Assert.Equal(204, reply.Status);
            again.AssertGraphError(404, "Request_ResourceNotFound");
        }
    }
}
