using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>The seed decides the whole world; Save/Load keeps it, including the key that signs tokens.</summary>
    public sealed class SeedAndPersistenceTests
    {
        [Fact]
        public void SameOptionsGiveIdenticalState()
        {
            var first = EmulatedCloud.Create(EmulatorClient.Options());
            var second = EmulatedCloud.Create(EmulatorClient.Options());

            Assert.Equal(EmulatorClient.StateBytes(first), EmulatorClient.StateBytes(second));
            Assert.Equal(first.Partners.Select(p => p.RefreshToken), second.Partners.Select(p => p.RefreshToken));
        }

        [Fact]
        public void AnotherSeedGivesAnotherWorld()
        {
            var one = EmulatorClient.Options();
            var two = EmulatorClient.Options();
            two.Seed = 2;

            var first = EmulatedCloud.Create(one);
            var second = EmulatedCloud.Create(two);

            Assert.NotEqual(EmulatorClient.StateBytes(first), EmulatorClient.StateBytes(second));
            Assert.Empty(first.State.Tenants.Select(t => t.Id).Intersect(second.State.Tenants.Select(t => t.Id)));
            Assert.NotEqual(first.State.SigningKey, second.State.SigningKey);
        }

        [Fact]
        public async Task SaveLoadRoundTripKeepsStateAndTokens()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            // Something the seed did not produce, so the round trip is more than a re-seed (GDAP access assignments and groups too).
            var at = client.Clock.GetUtcNow();
            client.Cloud.Mutate(s =>
            {
                s.FindTenant(customer.Id)!.Subscriptions[0].Quantity += 3;
                var gdap = s.FindTenant(customer.Id)!.RelationshipWith(client.Eu.TenantId)!.Gdap!;
                gdap.AutoExtendDuration = "P180D";
                gdap.AccessAssignments.Add(GdapAccessAssignmentState.For("pending-assignment", s.FindPartner("eu")!.OperatorsGroupId, new[] { GdapRoles.DirectoryReaders }, at));
                gdap.AccessAssignments[1].Status = "pending";
                var partnerTenant = s.FindTenant(client.Eu.TenantId)!;
                partnerTenant.SecurityGroups[0].MemberIds.Add(partnerTenant.Users[1].Id);
            });
            var graphToken = client.GraphToken(client.Eu, customer.Id);
            var partnerCenterToken = client.PartnerCenterToken(client.Eu, appOnly: true);

            var path = Path.Combine(Path.GetTempPath(), "cspadmin-emulator-tests", Guid.NewGuid().ToString("N") + ".json");
            try
            {
                client.Cloud.Save(path);
                var options = EmulatorClient.Options();
                options.Seed = 99; // ignored by Load
                var loaded = EmulatedCloud.Load(path, options);

                Assert.Equal(File.ReadAllBytes(path), EmulatorClient.StateBytes(loaded));
                Assert.Equal(client.Tenant(customer.Id).Subscriptions[0].Quantity, loaded.Read(s => s.FindTenant(customer.Id)!.Subscriptions[0].Quantity));
                var gdap = loaded.Read(s => s.FindTenant(customer.Id)!.RelationshipWith(client.Eu.TenantId)!.Gdap!);
                var original = client.Tenant(customer.Id).RelationshipWith(client.Eu.TenantId)!.Gdap!;
                Assert.Equal(("P180D", original.Duration, original.CreatedDateTime), (gdap.AutoExtendDuration, gdap.Duration, gdap.CreatedDateTime));
                Assert.Equal(new[] { ("active", original.RoleDefinitionIds.Count), ("pending", 1) }, gdap.AccessAssignments.Select(a => (a.Status, a.RoleDefinitionIds.Count)));
                Assert.Equal(("pending-assignment", at), (gdap.AccessAssignments[1].Id, gdap.AccessAssignments[1].CreatedDateTime));
                Assert.Equal(2, loaded.Read(s => s.FindTenant(client.Eu.TenantId)!.SecurityGroups[0].MemberIds.Count));
                Assert.Equal(EmulatorState.CurrentSchemaVersion, loaded.State.SchemaVersion);

                using var after = EmulatorClient.For(loaded);
                var users = await after.GetAsync("graph/v1.0/users?$select=id", graphToken);
                Assert.True(users.Status == 200, users.ToString());
                Assert.Equal(customer.Users.Select(u => u.Id), users.Json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
                var customers = await after.GetAsync("partnercenter/v1/customers", partnerCenterToken);
                Assert.True(customers.Status == 200, customers.ToString());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task AStateSavedBeforeAccessAssignmentsKeepsItsAccessAfterLoad()
        {
            using var client = EmulatorClient.Create();
            var path = Path.Combine(Path.GetTempPath(), "cspadmin-emulator-tests", Guid.NewGuid().ToString("N") + ".json");
            try
            {
                // Schema version 1: no groups, no access assignments, no GDAP creation date or duration.
                client.Cloud.Save(path);
                var json = JsonNode.Parse(File.ReadAllText(path))!;
                json["schemaVersion"] = 1;
                foreach (var partner in json["partners"]!.AsArray())
                {
                    partner!.AsObject().Remove("operatorsGroupId");
                }

                foreach (var tenant in json["tenants"]!.AsArray())
                {
                    tenant!.AsObject().Remove("securityGroups");
                    foreach (var saved in tenant["relationships"]!.AsArray().Select(r => r!["gdap"]).OfType<JsonObject>())
                    {
                        saved.Remove("accessAssignments");
                        saved.Remove("createdDateTime");
                        saved.Remove("duration");
                    }
                }

                File.WriteAllText(path, json.ToJsonString());
                using var after = EmulatorClient.For(EmulatedCloud.Load(path, EmulatorClient.Options()));
                var (customer, token) = after.GraphCustomer(after.Eu);

                var users = await after.GetAsync("graph/v1.0/users", token);

                Assert.True(users.Status == 200, users.ToString());
                var gdap = customer.RelationshipWith(after.Eu.TenantId)!.Gdap!;
                var assignment = Assert.Single(gdap.AccessAssignments);
                Assert.Equal(gdap.RoleDefinitionIds, assignment.RoleDefinitionIds);
                Assert.Equal(after.Cloud.Read(s => s.FindPartner("eu")!.OperatorsGroupId), assignment.SecurityGroupId);
                Assert.Equal(GdapRelationshipState.DurationOf(gdap.EndDateTime - gdap.ActivatedDateTime), gdap.Duration);
                Assert.Empty(after.Cloud.CheckInvariants());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task RefreshTokenOfTheSavedCloudWorksAfterLoad()
        {
            using var client = EmulatorClient.Create();
            var refreshToken = client.Eu.RefreshToken;
            var path = Path.Combine(Path.GetTempPath(), "cspadmin-emulator-tests", Guid.NewGuid().ToString("N") + ".json");
            try
            {
                client.Cloud.Save(path);
                using var after = EmulatorClient.For(EmulatedCloud.Load(path, EmulatorClient.Options()));

                var token = await after.AccessTokenAsync(after.Eu.TenantId, EmulatorClient.RefreshToken(after.Eu, EmulatorClient.PartnerCenterScope, refreshToken));
                var customers = await after.GetAsync("partnercenter/v1/customers", token);

                Assert.Equal(200, customers.Status);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task TokenOfAnotherCloudIsRejected()
        {
            using var client = EmulatorClient.Create();
            var options = EmulatorClient.Options();
            options.Seed = 2;
            var stranger = EmulatedCloud.Create(options);
            // Same tenant id, but signed with the other cloud's key.
            var customer = client.CustomersOf(client.Eu)[0];
            var foreign = stranger.CreateAccessToken(stranger.Partner("eu"), EmulatedApi.Graph, customer.Id);

            var reply = await client.GetAsync("graph/v1.0/users", foreign);

            Assert.Equal(401, reply.Status);
            Assert.Equal("InvalidAuthenticationToken", reply.GraphError);
        }
    }
}
