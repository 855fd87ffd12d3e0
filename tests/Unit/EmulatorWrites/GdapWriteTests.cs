using System;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>
    /// GDAP on writes: users, passwords and role assignments need User Administrator; assignLicense License Administrator or User
    /// Administrator; Global Administrator covers everything. Graph does not say which role is missing. The seed has customers
    /// without each role.
    /// </summary>
    public sealed class GdapWriteTests
    {
        private const string Denied = "Insufficient privileges to complete the operation.";

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task WithoutUserAdministratorUserWritesAre403(bool appOnly)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator) && g.HasRole(GdapRoles.LicenseAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id, appOnly);
            var user = tenant.Users[3];

            var create = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain));
            var patch = await client.GraphAsync("PATCH", "users/" + user.Id, token, "{\"passwordProfile\":{\"password\":\"N3w-Passw0rd\"}}");
            var delete = await client.GraphAsync("DELETE", "users/" + user.Id, token);
            var restore = await client.GraphAsync("POST", "directory/deletedItems/" + tenant.DeletedUsers[0].Id + "/restore", token);
            var role = await client.GraphAsync("POST", "roleManagement/directory/roleAssignments", token,
                Writes.Json(new { principalId = user.Id, roleDefinitionId = GdapRoles.UserAdministrator, directoryScopeId = "/" }));
            var read = await client.GetAsync("graph/v1.0/users/" + user.Id, token);

            foreach (var reply in new[] { create, patch, delete, restore, role })
            {
                Assert.Equal(Denied, reply.AssertGraphError(403, "Authorization_RequestDenied"));
            }

            Assert.Equal(200, read.Status);
            Assert.Null(user.PasswordProfile);
            Assert.Equal(20, tenant.Users.Count);
        }

        [Fact]
        public async Task LicenseAdministratorAloneMayAssignLicenses()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator) && g.HasRole(GdapRoles.LicenseAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = client.AddUser(tenant);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 1);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                "{\"addLicenses\":[{\"skuId\":\"" + pool.SkuId + "\",\"disabledPlans\":[]}],\"removeLicenses\":[]}");

            Assert.True(reply.Status == 200, reply.ToString());
        }

        [Fact]
        public async Task UserAdministratorAloneMayAssignLicenses()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Us, g => g.HasRole(GdapRoles.UserAdministrator) && !g.HasRole(GdapRoles.LicenseAdministrator));
            var token = client.GraphToken(client.Us, tenant.Id);
            var user = client.AddUser(tenant, "US");
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 1);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                "{\"addLicenses\":[{\"skuId\":\"" + pool.SkuId + "\",\"disabledPlans\":[]}],\"removeLicenses\":[]}");

            Assert.True(reply.Status == 200, reply.ToString());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task DirectoryReadersAloneMayNotAssignLicenses(bool appOnly)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator) && !g.HasRole(GdapRoles.LicenseAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id, appOnly);
            var user = tenant.Users[2];
            var pool = client.ActivePool(tenant);

            var reply = await client.GraphAsync("POST", "users/" + user.Id + "/assignLicense", token,
                "{\"addLicenses\":[{\"skuId\":\"" + pool.SkuId + "\",\"disabledPlans\":[]}],\"removeLicenses\":[]}");

            Assert.Equal(Denied, reply.AssertGraphError(403, "Authorization_RequestDenied"));
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/users", token)).Status);
        }

        [Fact]
        public async Task GlobalAdministratorGrantsEveryWrite()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator) && !g.HasRole(GdapRoles.LicenseAdministrator));
            client.Cloud.Mutate(_ => tenant.RelationshipWith(client.Eu.TenantId)!.Gdap!.RoleDefinitionIds.Add(GdapRoles.GlobalAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain));

            Assert.Equal(201, reply.Status);
        }

        [Fact]
        public async Task AnExpiredGdapRelationshipDeniesWrites()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            client.Cloud.Mutate(_ => tenant.RelationshipWith(client.Eu.TenantId)!.Gdap!.EndDateTime = client.Clock.GetUtcNow().AddDays(-1));
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("DELETE", "users/" + tenant.Users[3].Id, token);

            Assert.Equal(Denied, reply.AssertGraphError(403, "Authorization_RequestDenied"));
        }
    }
}
