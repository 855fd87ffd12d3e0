using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>roleManagement/directory: built-in role definitions and role assignments.</summary>
    public sealed class RoleTests : FullCustomerTest
    {
        /// <summary>GET roleAssignments filtered to one principal.</summary>
        private Task<EmulatorReply> AssignmentsOfAsync(string principalId) =>
            Client.GetAsync("graph/v1.0/roleManagement/directory/roleAssignments?$filter=" + EmulatorClient.Escape("principalId eq '" + principalId + "'"), Token);

        [Theory]
        [InlineData("Global Administrator", "62e90394-69f5-4237-9190-012177145e10")]
        [InlineData("User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1")]
        [InlineData("License Administrator", "4d6ac14f-3453-41d0-bef9-a3e0c569773a")]
        [InlineData("Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8")]
        [InlineData("Password Administrator", "966707d0-3269-4727-9be2-8c3a10f19b9d")]
        [InlineData("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451")]
        [InlineData("Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b")]
        [InlineData("Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f")]
        [InlineData("Privileged Authentication Administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13")]
        [InlineData("Billing Administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe")]
        [InlineData("Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de")]
        [InlineData("SharePoint Administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c")]
        [InlineData("Teams Administrator", "69091246-20e8-4a56-aa4d-066075b2a7a8")]
        [InlineData("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d")]
        public async Task BuiltInRolesCarryTheirTemplateIds(string name, string templateId)
        {
            var reply = await Client.GetAsync("graph/v1.0/roleManagement/directory/roleDefinitions", Token);
            var filtered = await Client.GetAsync("graph/v1.0/roleManagement/directory/roleDefinitions?$filter=" + EmulatorClient.Escape("displayName eq '" + name + "'"), Token);

            Assert.Equal(200, reply.Status);
            var role = reply.Json.GetProperty("value").EnumerateArray().Single(r => r.GetProperty("displayName").GetString() == name);
            Assert.Equal(templateId, role.GetProperty("id").GetString());
            Assert.Equal(templateId, role.GetProperty("templateId").GetString());
            Assert.True(role.GetProperty("isBuiltIn").GetBoolean());
            Assert.Equal(templateId, Assert.Single(filtered.Json.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
        }

        [Fact]
        public async Task TheSeedHasAGlobalAdministratorAndUserAndLicenseAdministrators()
        {
            var all = await Client.GetAsync("graph/v1.0/roleManagement/directory/roleAssignments", Token);
            var mine = await Client.GetAsync("graph/v1.0/roleManagement/directory/roleAssignments?$filter="
                + EmulatorClient.Escape("principalId eq '" + Tenant.Users[0].Id + "'") + "&$expand=roleDefinition", Token);

            var roles = all.Json.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("roleDefinitionId").GetString()).ToList();
            Assert.Contains(GdapRoles.GlobalAdministrator, roles);
            Assert.Contains(GdapRoles.UserAdministrator, roles);
            Assert.Contains(GdapRoles.LicenseAdministrator, roles);
            var assignment = Assert.Single(mine.Json.GetProperty("value").EnumerateArray());
            Assert.Equal(Tenant.Users[0].Id, assignment.GetProperty("principalId").GetString());
            Assert.Equal("Global Administrator", assignment.GetProperty("roleDefinition").GetProperty("displayName").GetString());
            Assert.Equal("/", assignment.GetProperty("directoryScopeId").GetString());
        }

        [Fact]
        public async Task AssignListAndRemoveARole()
        {
            var user = Tenant.Users[12];
            var body = "{\"@odata.type\":\"#microsoft.graph.unifiedRoleAssignment\",\"principalId\":\"" + user.Id
                + "\",\"roleDefinitionId\":\"" + GdapRoles.LicenseAdministrator + "\",\"directoryScopeId\":\"/\"}";

            var created = await Client.AssignRoleAsync(Token, body);
            var duplicate = await Client.AssignRoleAsync(Token, body);
            var listed = await AssignmentsOfAsync(user.Id);

            Assert.True(created.Status == 201, created.ToString());
            Assert.EndsWith("$metadata#roleManagement/directory/roleAssignments/$entity", created.Json.GetProperty("@odata.context").GetString());
            var id = created.Json.GetProperty("id").GetString()!;
            Assert.Equal(user.Id, created.Json.GetProperty("principalId").GetString());
            Assert.Equal(GdapRoles.LicenseAdministrator, created.Json.GetProperty("roleDefinitionId").GetString());
            Assert.Equal("A conflicting object with one or more of the specified property values is present in the directory.", duplicate.AssertGraphError(400));
            Assert.Equal(id, Assert.Single(listed.Json.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());

            var removed = await Client.GraphAsync("DELETE", "roleManagement/directory/roleAssignments/" + id, Token);
            var again = await Client.GraphAsync("DELETE", "roleManagement/directory/roleAssignments/" + id, Token);
            var after = await AssignmentsOfAsync(user.Id);

            Assert.Equal(204, removed.Status);
            again.AssertGraphError(404, "Request_ResourceNotFound");
            Assert.Empty(after.Json.GetProperty("value").EnumerateArray());
            Client.AssertConsistent();
        }

        [Fact]
        public async Task UnknownRolesAndPrincipalsAreRefused()
        {
            var role = await Client.AssignRoleAsync(Token, Writes.RoleAssignmentJson(Tenant.Users[1].Id, Guid.NewGuid().ToString()));
            var principal = await Client.AssignRoleAsync(Token, Writes.RoleAssignmentJson(Guid.NewGuid().ToString(), GdapRoles.UserAdministrator));
            var scope = await Client.AssignRoleAsync(Token, Writes.RoleAssignmentJson(Tenant.Users[1].Id, GdapRoles.UserAdministrator, "/administrativeUnits/x"));

            role.AssertGraphError(404, "Request_ResourceNotFound");
            principal.AssertGraphError(400);
            scope.AssertGraphError(400);
        }

        [Fact]
        public async Task ADeletedUsersRolesAreHiddenUntilRestore()
        {
            var admin = Tenant.Users[1];
            Assert.Single((await AssignmentsOfAsync(admin.Id)).Json.GetProperty("value").EnumerateArray());

            Assert.Equal(204, (await Client.DeleteUserAsync(Token, admin.Id)).Status);
            var whileDeleted = await AssignmentsOfAsync(admin.Id);
            Assert.Equal(200, (await Client.RestoreAsync(Token, admin.Id)).Status);
            var restored = await AssignmentsOfAsync(admin.Id);

            Assert.Empty(whileDeleted.Json.GetProperty("value").EnumerateArray());
            Assert.Single(restored.Json.GetProperty("value").EnumerateArray());
        }
    }
}
