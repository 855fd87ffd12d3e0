using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.EmulatorWrites;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>
    /// GDAP in Graph as the partner sees it (in its own tenant), and what access assignments do in customer tenants: only the
    /// relationship's roles that an active assignment grants to a group of the user take effect.
    /// </summary>
    public sealed class GdapTests
    {
        private static List<JsonElement> Values(IEnumerable<JsonElement> pages) =>
            pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).ToList();

        private static string[] Roles(JsonElement item) =>
            item.GetProperty("accessDetails").GetProperty("unifiedRoles").EnumerateArray().Select(r => r.GetProperty("roleDefinitionId").GetString()!).ToArray();

        /// <summary>The eu customer's relationship with "eu", changed inside Mutate.</summary>
        private static void ChangeGdap(EmulatorClient client, TenantState customer, Action<GdapRelationshipState> change) =>
            client.Cloud.Mutate(s => change(s.FindTenant(customer.Id)!.RelationshipWith(client.Eu.TenantId)!.Gdap!));

        [Fact]
        public async Task ThePartnerListsItsOwnRelationshipsPageByPage()
        {
            using var client = EmulatorClient.Create();
            var expected = client.Cloud.Read(s => s.Tenants
                .Where(t => t.Kind == TenantKinds.Customer && t.RelationshipWith(client.Eu.TenantId)?.Gdap != null)
                .Select(t => (Tenant: t, Gdap: t.RelationshipWith(client.Eu.TenantId)!.Gdap!)).ToList());

            var pages = await client.GraphPagesAsync("graph/v1.0/" + Onboarding.Gdap + "?$top=4", client.PartnerGraphToken(client.Eu));

            var items = Values(pages);
            Assert.Equal(expected.Select(e => e.Gdap.Id), items.Select(i => i.GetProperty("id").GetString()));
            Assert.Equal((expected.Count + 3) / 4, pages.Count);
            Assert.Contains("/graph/v1.0/" + Onboarding.Gdap + "?$top=4&$skiptoken=", pages[0].GetProperty("@odata.nextLink").GetString());
            var (tenant, gdap) = expected[0];
            var first = items[0];
            Assert.Equal("#microsoft.graph.delegatedAdminRelationship", first.GetProperty("@odata.type").GetString());
            Assert.Equal(gdap.DisplayName, first.GetProperty("displayName").GetString());
            Assert.Equal(gdap.Duration, first.GetProperty("duration").GetString());
            Assert.Matches("^P[0-9]+D$", gdap.Duration);
            Assert.Equal("active", first.GetProperty("status").GetString());
            Assert.Equal("PT0S", first.GetProperty("autoExtendDuration").GetString());
            Assert.Equal(gdap.CreatedDateTime, EmulatorClient.Date(first.GetProperty("createdDateTime")));
            Assert.Equal(gdap.ActivatedDateTime, EmulatorClient.Date(first.GetProperty("activatedDateTime")));
            Assert.Equal(gdap.EndDateTime, EmulatorClient.Date(first.GetProperty("endDateTime")));
            Assert.True(EmulatorClient.Date(first.GetProperty("lastModifiedDateTime")) >= gdap.ActivatedDateTime);
            Assert.Equal(tenant.Id, first.GetProperty("customer").GetProperty("tenantId").GetString());
            Assert.Equal(tenant.DisplayName, first.GetProperty("customer").GetProperty("displayName").GetString());
            Assert.Equal(gdap.RoleDefinitionIds, Roles(first));
        }

        [Fact]
        public async Task TheListFiltersOnTheCustomerTenantOnly()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerGraphToken(client.Eu, appOnly: true);
            var shared = client.SharedCustomer();
            string Filter(string clause) => "?$filter=" + EmulatorClient.Escape(clause);

            var ours = await client.GdapAsync(token, Filter("customer/tenantId eq '" + shared.Id.ToUpperInvariant() + "'"));
            var theirs = await client.GdapAsync(token, Filter("customer/tenantId eq '" + client.OtherOnlyCustomer().Id + "'"));
            var byName = await client.GdapAsync(token, Filter("displayName eq 'x'"));
            var tooMany = await client.GdapAsync(token, "?$top=301");
            var badToken = await client.GdapAsync(token, "?$skiptoken=nonsense");

            var item = Assert.Single(ours.Json.GetProperty("value").EnumerateArray());
            Assert.Equal(shared.RelationshipWith(client.Eu.TenantId)!.Gdap!.Id, item.GetProperty("id").GetString());
            Assert.Empty(theirs.Json.GetProperty("value").EnumerateArray());
            Assert.Contains("displayName eq 'x'", byName.AssertGraphError(400, "BadRequest"));
            tooMany.AssertGraphError(400, "BadRequest");
            badToken.AssertGraphError(400, "BadRequest");
        }

        [Fact]
        public async Task AnEndedRelationshipReadsExpired()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[1];
            var id = client.Gdap(customer, client.Eu).Id;
            ChangeGdap(client, customer, g => g.EndDateTime = client.Clock.GetUtcNow().AddMinutes(1));
            client.Clock.Advance(TimeSpan.FromMinutes(2));

            var reply = await client.GdapAsync(client.PartnerGraphToken(client.Eu), "/" + id);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("expired", reply.Json.GetProperty("status").GetString());
            Assert.EndsWith("$metadata#" + Onboarding.Gdap + "/$entity", reply.Json.GetProperty("@odata.context").GetString());
        }

        [Fact]
        public async Task AccessAssignmentsNameTheOperatorsGroupWithTheRelationshipsRoles()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var gdap = client.Gdap(customer, client.Eu);
            var token = client.PartnerGraphToken(client.Eu);
            var groupId = client.Cloud.Read(s => s.FindPartner("eu")!.OperatorsGroupId);

            var assignments = await client.GdapAsync(token, "/" + gdap.Id + "/accessAssignments");
            var group = await client.GetAsync("graph/v1.0/groups/" + groupId, token);
            var unknown = await client.GdapAsync(token, "/" + Guid.Empty + "-" + Guid.Empty + "/accessAssignments");
            var anotherPartners = await client.GdapAsync(token, "/" + client.OtherOnlyCustomer().RelationshipWith(client.Other.TenantId)!.Gdap!.Id);
            var noGroup = await client.GetAsync("graph/v1.0/groups/" + Guid.Empty, token);

            var assignment = Assert.Single(assignments.Json.GetProperty("value").EnumerateArray());
            Assert.Equal(gdap.AccessAssignments[0].Id, assignment.GetProperty("id").GetString());
            Assert.Equal("active", assignment.GetProperty("status").GetString());
            Assert.Equal(groupId, assignment.GetProperty("accessContainer").GetProperty("accessContainerId").GetString());
            Assert.Equal("securityGroup", assignment.GetProperty("accessContainer").GetProperty("accessContainerType").GetString());
            Assert.Equal(gdap.RoleDefinitionIds, Roles(assignment));
            Assert.Equal(gdap.ActivatedDateTime, EmulatorClient.Date(assignment.GetProperty("createdDateTime")));
            Assert.True(group.Status == 200, group.ToString());
            Assert.Equal("CspAdmin Operators", group.Json.GetProperty("displayName").GetString());
            Assert.True(group.Json.GetProperty("securityEnabled").GetBoolean());
            Assert.Equal(new[] { client.Cloud.Read(s => s.FindPartner("eu")!.AdminUserId) },
                client.Cloud.Read(s => s.FindTenant(client.Eu.TenantId)!.FindSecurityGroup(groupId)!.MemberIds.ToArray()));
            unknown.AssertGraphError(404, "Request_ResourceNotFound");
            anotherPartners.AssertGraphError(404, "Request_ResourceNotFound");
            noGroup.AssertGraphError(404, "Request_ResourceNotFound");
        }

        [Theory]
        [InlineData("")]
        [InlineData("/{id}")]
        [InlineData("/{id}/accessAssignments")]
        public async Task ATokenForACustomerTenantIsRefused(string path)
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var route = path.Replace("{id}", client.Gdap(customer, client.Eu).Id);

            var reply = await client.GdapAsync(token, route);
            var appOnly = await client.GdapAsync(client.GraphToken(client.Eu, customer.Id, appOnly: true), route);

            reply.AssertGraphError(403, "Authorization_RequestDenied");
            appOnly.AssertGraphError(403, "Authorization_RequestDenied");
        }

        [Theory]
        [InlineData("deleted")]
        [InlineData("pending")]
        public async Task WithoutAnActiveAccessAssignmentGraphIsForbidden(string status)
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var appOnly = client.GraphToken(client.Eu, customer.Id, appOnly: true);
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/users", token)).Status);

            ChangeGdap(client, customer, g => g.AccessAssignments[0].Status = status);
            var user = await client.GetAsync("graph/v1.0/users", token);
            var app = await client.GetAsync("graph/v1.0/users", appOnly);
            ChangeGdap(client, customer, g => g.AccessAssignments[0].Status = "active");
            var restored = await client.GetAsync("graph/v1.0/users", token);

            user.AssertGraphError(403, "Authorization_RequestDenied");
            app.AssertGraphError(403, "Authorization_RequestDenied");
            Assert.Equal(200, restored.Status);
        }

        [Fact]
        public async Task OnlyGroupsTheUserIsInCountForAppPlusUserTokens()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var appOnly = client.GraphToken(client.Eu, customer.Id, appOnly: true);
            client.Cloud.Mutate(s => s.FindTenant(client.Eu.TenantId)!.SecurityGroups[0].MemberIds.Clear());

            var user = await client.GetAsync("graph/v1.0/users", token);
            var app = await client.GetAsync("graph/v1.0/users", appOnly);

            user.AssertGraphError(403, "Authorization_RequestDenied");
            Assert.Equal(200, app.Status); // app-only tokens: every active assignment counts
        }

        [Fact]
        public async Task TheAssignmentsRolesNarrowTheRelationshipsRoles()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.FullCustomerWithToken();
            ChangeGdap(client, customer, g => g.AccessAssignments[0].RoleDefinitionIds = new List<string> { GdapRoles.DirectoryReaders, GdapRoles.GlobalAdministrator });

            var read = await client.GetAsync("graph/v1.0/users", token);
            var write = await client.CreateUserAsync(token, Writes.NewUserJson("new.user@" + customer.DefaultDomain));

            Assert.Equal(200, read.Status);
            write.AssertGraphError(403, "Authorization_RequestDenied"); // User Administrator is not assigned; Global Administrator is not the relationship's
            Assert.True(client.Gdap(customer, client.Eu).HasRole(GdapRoles.UserAdministrator));
        }

        [Fact]
        public async Task GrantRoleAddsTheRoleWhereItTakesEffect()
        {
            using var client = EmulatorClient.Create();
            var customer = client.Customer(client.Eu, g => !g.HasRole(GdapRoles.UserAdministrator));
            var token = client.GraphToken(client.Eu, customer.Id);
            ChangeGdap(client, customer, g => g.RoleDefinitionIds.Add(GdapRoles.UserAdministrator));
            var relationshipOnly = await client.CreateUserAsync(token, Writes.NewUserJson("new.user@" + customer.DefaultDomain));

            ChangeGdap(client, customer, g => g.GrantRole(GdapRoles.UserAdministrator));
            var granted = await client.CreateUserAsync(token, Writes.NewUserJson("new.user@" + customer.DefaultDomain));

            relationshipOnly.AssertGraphError(403, "Authorization_RequestDenied");
            Assert.Equal(201, granted.Status);
            client.AssertConsistent();
        }
    }
}
