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

        private static bool LicenseAdministratorOnly(GdapRelationshipState g) =>
            !g.HasRole(GdapRoles.UserAdministrator) && g.HasRole(GdapRoles.LicenseAdministrator);

        private static bool UserAdministratorOnly(GdapRelationshipState g) =>
            g.HasRole(GdapRoles.UserAdministrator) && !g.HasRole(GdapRoles.LicenseAdministrator);

        private static bool NeitherAdministrator(GdapRelationshipState g) =>
            !g.HasRole(GdapRoles.UserAdministrator) && !g.HasRole(GdapRoles.LicenseAdministrator);

        /// <summary>
        /// A customer of the partner whose GDAP roles satisfy <paramref name="roles"/>: assignLicense of a SKU with a free seat to a
        /// new user (in <paramref name="usageLocation"/>) answers 200.
        /// </summary>
        private static async Task AssertMayAssignLicensesAsync(Func<EmulatorClient, EmulatedPartner> partnerOf, Func<GdapRelationshipState, bool> roles,
            string usageLocation)
        {
            using var client = EmulatorClient.Create();
            var partner = partnerOf(client);
            var tenant = client.Customer(partner, roles);
            var token = client.GraphToken(partner, tenant.Id);
            var user = client.AddUser(tenant, usageLocation);
            var pool = client.ActivePool(tenant);
            client.SetFreeSeats(tenant, pool.SkuId, 1);

            var reply = await client.AssignLicenseAsync(token, user.Id, Writes.AssignLicenseJson(new[] { pool.SkuId }));

            Assert.True(reply.Status == 200, reply.ToString());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task WithoutUserAdministratorUserWritesAre403(bool appOnly)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, LicenseAdministratorOnly);
            var token = client.GraphToken(client.Eu, tenant.Id, appOnly);
            var user = tenant.Users[3];

            var create = await client.CreateUserAsync(token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain));
            var patch = await client.PatchUserAsync(token, user.Id, "{\"passwordProfile\":{\"password\":\"N3w-Passw0rd\"}}");
            var delete = await client.DeleteUserAsync(token, user.Id);
            var restore = await client.RestoreAsync(token, tenant.DeletedUsers[0].Id);
            var role = await client.AssignRoleAsync(token, Writes.RoleAssignmentJson(user.Id, GdapRoles.UserAdministrator));
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
        public Task LicenseAdministratorAloneMayAssignLicenses() =>
            AssertMayAssignLicensesAsync(c => c.Eu, LicenseAdministratorOnly, "DE");

        [Fact]
        public Task UserAdministratorAloneMayAssignLicenses() =>
            AssertMayAssignLicensesAsync(c => c.Us, UserAdministratorOnly, "US");

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task DirectoryReadersAloneMayNotAssignLicenses(bool appOnly)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, NeitherAdministrator);
            var token = client.GraphToken(client.Eu, tenant.Id, appOnly);
            var user = tenant.Users[2];
            var pool = client.ActivePool(tenant);

            var reply = await client.AssignLicenseAsync(token, user.Id, Writes.AssignLicenseJson(new[] { pool.SkuId }));

            Assert.Equal(Denied, reply.AssertGraphError(403, "Authorization_RequestDenied"));
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/users", token)).Status);
        }

        [Fact]
        public async Task GlobalAdministratorGrantsEveryWrite()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.Customer(client.Eu, NeitherAdministrator);
            client.Cloud.Mutate(_ => tenant.RelationshipWith(client.Eu.TenantId)!.Gdap!.GrantRole(GdapRoles.GlobalAdministrator));
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.CreateUserAsync(token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain));

            Assert.Equal(201, reply.Status);
        }

        [Fact]
        public async Task AnExpiredGdapRelationshipDeniesWrites()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            client.Cloud.Mutate(_ => tenant.RelationshipWith(client.Eu.TenantId)!.Gdap!.EndDateTime = client.Clock.GetUtcNow().AddDays(-1));
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.DeleteUserAsync(token, tenant.Users[3].Id);

            Assert.Equal(Denied, reply.AssertGraphError(403, "Authorization_RequestDenied"));
        }
    }
}
