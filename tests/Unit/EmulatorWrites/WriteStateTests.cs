using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>What the write routes leave in the state: persistence of the new records and the invariant check.</summary>
    public sealed class WriteStateTests
    {
        [Fact]
        public async Task PasswordsRolesAndPendingChangesSurviveSaveAndLoad()
        {
            using var client = EmulatorClient.Create(o => o.SubscriptionUpdateAcceptedRate = 1);
            var (tenant, token) = client.FullCustomerWithToken();
            var created = await client.CreateUserAsync(token, Writes.NewUserJson("saved.user@" + tenant.DefaultDomain));
            var id = created.Json.GetProperty("id").GetString()!;
            Assert.Equal(201, (await client.AssignRoleAsync(token, Writes.RoleAssignmentJson(id, GdapRoles.LicenseAdministrator))).Status);
            var subscription = tenant.Subscriptions.First(s => s.SellerTenantId == client.Eu.TenantId && s.Status == SubscriptionStatus.Active && !s.IsTrial);
            var quantity = subscription.Quantity;
            Assert.Equal(202, (await client.PartnerCenterAsync("PATCH", "customers/" + tenant.Id + "/subscriptions/" + subscription.Id,
                client.PartnerCenterToken(client.Eu), Writes.Json(new { quantity = quantity + 2 }))).Status);

            var path = Path.Combine(Path.GetTempPath(), "cspadmin-emulator-writes-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                client.Cloud.Save(path);
                Assert.DoesNotContain(Writes.StrongPassword, File.ReadAllText(path));
                var options = EmulatorClient.Options();
                options.Clock = client.Clock;
                using var loaded = EmulatorClient.For(EmulatedCloud.Load(path, options));
                var again = loaded.Tenant(tenant.Id);
                client.Clock.Advance(TimeSpan.FromMinutes(1));

                var user = again.FindUser(id)!;
                Assert.True(user.PasswordProfile!.Matches(Writes.StrongPassword));
                Assert.Contains(again.RoleAssignments, a => a.PrincipalId == id && a.RoleDefinitionId == GdapRoles.LicenseAdministrator);
                var read = await loaded.GetAsync("partnercenter/v1/customers/" + tenant.Id + "/subscriptions/" + subscription.Id, loaded.PartnerCenterToken(loaded.Eu));
                Assert.Equal(quantity + 2, read.Json.GetProperty("quantity").GetInt32());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void TheInvariantCheckFindsBrokenStates()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            Assert.Empty(client.Cloud.CheckInvariants());
            var holder = tenant.Users.First(u => u.AssignedLicenses.Count > 0);

            client.Cloud.Mutate(_ => holder.AssignedLicenses.Add(new AssignedLicenseState { SkuId = holder.AssignedLicenses[0].SkuId }));
            var twice = client.Cloud.CheckInvariants();
            client.Cloud.Mutate(_ => holder.AssignedLicenses.RemoveAt(holder.AssignedLicenses.Count - 1));
            client.Cloud.Mutate(_ => tenant.Subscriptions.Where(s => s.SkuId == holder.AssignedLicenses[0].SkuId).ToList().ForEach(s => s.Quantity = 0));
            var overAssigned = client.Cloud.CheckInvariants();

            Assert.Contains(twice, v => v.Contains("twice"));
            Assert.Contains(overAssigned, v => v.Contains("assignable seats"));
            Assert.DoesNotContain(client.Cloud.CheckInvariants(seats: false), v => v.Contains("assignable seats"));
        }
    }
}
