using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>POST users, PATCH users/{id|upn}, DELETE users/{id|upn}.</summary>
    public sealed class UserWriteTests
    {
        [Fact]
        public async Task CreateAnswers201WithTheUserAndKeepsOnlyAPasswordHash()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var upn = "adele.vance@" + tenant.CustomDomains[0];

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson(upn, usageLocation: "de"));

            Assert.True(reply.Status == 201, reply.ToString());
            Assert.Equal(EmulatorClient.BaseAddress + "graph/v1.0/$metadata#users/$entity", reply.Json.GetProperty("@odata.context").GetString());
            var id = reply.Json.GetProperty("id").GetString()!;
            Assert.Equal(upn, reply.Json.GetProperty("userPrincipalName").GetString());
            Assert.Equal("Adele Vance", reply.Json.GetProperty("displayName").GetString());
            Assert.False(reply.Json.TryGetProperty("passwordProfile", out _));
            Assert.EndsWith("/users/" + id, reply.RequiredHeader("Location"));

            var user = client.Tenant(tenant.Id).FindUser(id)!;
            Assert.Equal("DE", user.UsageLocation);
            Assert.True(user.PasswordProfile!.Matches(Writes.StrongPassword));
            Assert.False(user.PasswordProfile.Matches(Writes.StrongPassword + "x"));
            Assert.True(user.PasswordProfile.ForceChangePasswordNextSignIn);
            Assert.DoesNotContain(Writes.StrongPassword, user.PasswordProfile.PasswordHash);
            Assert.Equal(client.Clock.GetUtcNow(), user.LastPasswordChangeDateTime);
            Assert.DoesNotContain(Writes.StrongPassword, Encoding.UTF8.GetString(EmulatorClient.StateBytes(client.Cloud)));

            var read = await client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(upn) + "?$select=id,accountEnabled,usageLocation,mailNickname", token);
            Assert.Equal(id, read.Json.GetProperty("id").GetString());
            Assert.True(read.Json.GetProperty("accountEnabled").GetBoolean());
            client.AssertConsistent();
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AUpnOfAnActiveOrDeletedUserIsAConflict(bool deleted)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var taken = deleted ? tenant.DeletedUsers[0].UserPrincipalName : tenant.Users[3].UserPrincipalName;

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson(taken.ToUpperInvariant()));

            Assert.Equal("Another object with the same value for property userPrincipalName already exists.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task AUpnOutsideTheVerifiedDomainsIsRefused()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("adele@contoso.example"));

            Assert.Equal("The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.",
                reply.AssertGraphError(400));
        }

        [Theory]
        [InlineData("adele vance")]
        [InlineData("adele$vance")]
        [InlineData(".adele")]
        [InlineData("adele..vance")]
        [InlineData("adéle")]
        public async Task InvalidUpnCharactersAreNamed(string local)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson(local + "@" + tenant.DefaultDomain));

            var message = reply.AssertGraphError(400);
            Assert.StartsWith("Property userPrincipalName is invalid", message);
            Assert.Contains("A-Z a-z 0-9 ' . - _ ! # ^ ~", message);
        }

        [Fact]
        public async Task AllowedUpnSymbolsAreAccepted()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("o'neil.a-b_c!d#e^f~g@" + tenant.DefaultDomain));

            Assert.True(reply.Status == 201, reply.ToString());
        }

        [Theory]
        [InlineData("accountEnabled")]
        [InlineData("displayName")]
        [InlineData("mailNickname")]
        [InlineData("userPrincipalName")]
        [InlineData("passwordProfile")]
        public async Task AMissingRequiredPropertyIsNamed(string property)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var body = System.Text.Json.Nodes.JsonNode.Parse(Writes.NewUserJson("new.user@" + tenant.DefaultDomain))!.AsObject();
            body.Remove(property);

            var reply = await client.GraphAsync("POST", "users", token, body.ToJsonString());

            Assert.Equal($"Invalid value specified for property '{property}' of resource 'User'.", reply.AssertGraphError(400));
            Assert.Equal(20, client.Tenant(tenant.Id).Users.Count);
        }

        [Theory]
        [InlineData("Short1!")]
        [InlineData("alllowercase1")]
        [InlineData("ALLUPPER!!!!")]
        [InlineData("NoDigitsOrSymbols")]
        [InlineData("Ünïcödé1!abc")]
        public async Task AWeakPasswordIsRefused(string password)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain, password));

            Assert.Equal("The specified password does not comply with password complexity requirements. Please provide a different password.",
                reply.AssertGraphError(400));
        }

        [Theory]
        [InlineData("lower1234", true)]      // lower + digit + ... only two classes
        [InlineData("lower1234!", false)]    // three classes
        [InlineData("Abcdefgh1", false)]
        [InlineData("Ab1!", true)]           // too short
        public async Task ComplexityNeedsThreeClassesAndEightCharacters(string password, bool refused)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync("POST", "users", token, Writes.NewUserJson("new.user@" + tenant.DefaultDomain, password));

            Assert.Equal(refused ? 400 : 201, reply.Status);
        }

        [Theory]
        [InlineData("{\"usageLocation\":\"XX\"}", "Invalid value specified for property 'usageLocation' of resource 'User'.")]
        [InlineData("{\"favouriteColour\":\"blue\"}", "Property 'favouriteColour' does not exist as a declared property or extension property.")]
        [InlineData("{\"createdDateTime\":\"2020-01-01T00:00:00Z\"}", "Property 'createdDateTime' is read-only and cannot be set.")]
        public async Task CreateRefusesBadOptionalProperties(string extra, string message)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var body = System.Text.Json.Nodes.JsonNode.Parse(Writes.NewUserJson("new.user@" + tenant.DefaultDomain))!.AsObject();
            foreach (var property in System.Text.Json.Nodes.JsonNode.Parse(extra)!.AsObject().ToList())
            {
                body[property.Key] = property.Value?.DeepClone();
            }

            var reply = await client.GraphAsync("POST", "users", token, body.ToJsonString());

            Assert.Equal(message, reply.AssertGraphError(400));
        }

        [Fact]
        public async Task PatchAnswers204AndChangesOnlyTheGivenProperties()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[5];
            var mail = user.Mail;

            var reply = await client.GraphAsync("PATCH", "users/" + EmulatorClient.Escape(user.UserPrincipalName), token,
                "{\"givenName\":\"Ada\",\"surname\":\"Lovelace\",\"displayName\":\"Ada Lovelace\",\"officeLocation\":\"7/1234\",\"usageLocation\":\"fr\","
                + "\"accountEnabled\":false,\"jobTitle\":\"Analyst\",\"department\":null}");

            Assert.Equal(204, reply.Status);
            Assert.Equal("", reply.Text);
            var read = await client.GetAsync("graph/v1.0/users/" + user.Id + "?$select=givenName,surname,displayName,officeLocation,usageLocation,accountEnabled,jobTitle,department,mail", token);
            Assert.Equal("Ada", read.Json.GetProperty("givenName").GetString());
            Assert.Equal("Lovelace", read.Json.GetProperty("surname").GetString());
            Assert.Equal("Ada Lovelace", read.Json.GetProperty("displayName").GetString());
            Assert.Equal("7/1234", read.Json.GetProperty("officeLocation").GetString());
            Assert.Equal("FR", read.Json.GetProperty("usageLocation").GetString());
            Assert.False(read.Json.GetProperty("accountEnabled").GetBoolean());
            Assert.Equal("Analyst", read.Json.GetProperty("jobTitle").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, read.Json.GetProperty("department").ValueKind);
            Assert.Equal(mail, read.Json.GetProperty("mail").GetString());
        }

        [Fact]
        public async Task PatchPasswordProfileResetsThePassword()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[6];
            Assert.Null(user.PasswordProfile);
            client.Clock.Advance(TimeSpan.FromMinutes(3));

            var reply = await client.GraphAsync("PATCH", "users/" + user.Id, token,
                "{\"passwordProfile\":{\"password\":\"N3w-Passw0rd\",\"forceChangePasswordNextSignIn\":false}}");

            Assert.Equal(204, reply.Status);
            Assert.True(user.PasswordProfile!.Matches("N3w-Passw0rd"));
            Assert.False(user.PasswordProfile.ForceChangePasswordNextSignIn);
            Assert.Equal(client.Clock.GetUtcNow(), user.LastPasswordChangeDateTime);
            var read = await client.GetAsync("graph/v1.0/users/" + user.Id + "?$select=lastPasswordChangeDateTime,passwordProfile", token);
            Assert.Equal(client.Clock.GetUtcNow(), EmulatorClient.Date(read.Json.GetProperty("lastPasswordChangeDateTime")));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, read.Json.GetProperty("passwordProfile").ValueKind);
        }

        [Theory]
        [InlineData("{\"passwordProfile\":{\"password\":\"weak\"}}", "The specified password does not comply with password complexity requirements. Please provide a different password.")]
        [InlineData("{\"usageLocation\":\"Germany\"}", "Invalid value specified for property 'usageLocation' of resource 'User'.")]
        [InlineData("{\"accountEnabled\":\"yes\"}", "Invalid value specified for property 'accountEnabled' of resource 'User'.")]
        [InlineData("{\"displayName\":\"\"}", "Invalid value specified for property 'displayName' of resource 'User'.")]
        [InlineData("{\"nickName\":\"x\"}", "Property 'nickName' does not exist as a declared property or extension property.")]
        [InlineData("{\"id\":\"00000000-0000-0000-0000-000000000000\"}", "Property 'id' is read-only and cannot be set.")]
        public async Task ABadPatchChangesNothing(string body, string message)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[7];
            var before = (user.JobTitle, user.UsageLocation, user.DisplayName, user.AccountEnabled);
            var json = body.Insert(1, "\"jobTitle\":\"Changed\",");

            var reply = await client.GraphAsync("PATCH", "users/" + user.Id, token, json);

            Assert.Equal(message, reply.AssertGraphError(400));
            Assert.Equal(before, (user.JobTitle, user.UsageLocation, user.DisplayName, user.AccountEnabled));
            Assert.Null(user.PasswordProfile);
        }

        [Fact]
        public async Task UsageLocationCannotBeClearedWhileLicensed()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var licensed = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var unlicensed = client.AddUser(tenant);

            var refused = await client.GraphAsync("PATCH", "users/" + licensed.Id, token, "{\"usageLocation\":null}");
            var cleared = await client.GraphAsync("PATCH", "users/" + unlicensed.Id, token, "{\"usageLocation\":null}");

            refused.AssertGraphError(400);
            Assert.Equal(204, cleared.Status);
            Assert.Null(unlicensed.UsageLocation);
        }

        [Fact]
        public async Task PatchCanRenameTheUpnWithinTheRules()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users[8];
            var newUpn = "renamed@" + tenant.CustomDomains[0];

            var conflict = await client.GraphAsync("PATCH", "users/" + user.Id, token, Writes.Json(new { userPrincipalName = tenant.Users[9].UserPrincipalName }));
            var renamed = await client.GraphAsync("PATCH", "users/" + user.Id, token, Writes.Json(new { userPrincipalName = newUpn }));
            var byNewUpn = await client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(newUpn), token);

            conflict.AssertGraphError(400);
            Assert.Equal(204, renamed.Status);
            Assert.Equal(user.Id, byNewUpn.Json.GetProperty("id").GetString());
        }

        [Theory]
        [InlineData("PATCH")]
        [InlineData("DELETE")]
        public async Task AnUnknownUserIsNotFound(string method)
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);

            var reply = await client.GraphAsync(method, "users/nobody@" + tenant.DefaultDomain, token, method == "PATCH" ? "{\"jobTitle\":\"x\"}" : null);

            reply.AssertGraphError(404, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task DeleteMovesTheUserToDeletedItemsAndFreesItsSeats()
        {
            using var client = EmulatorClient.Create();
            var tenant = client.FullCustomer();
            var token = client.GraphToken(client.Eu, tenant.Id);
            var user = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            var before = await client.GraphSeatsAsync(token, sku);
            client.Clock.Advance(TimeSpan.FromMinutes(20));

            var reply = await client.GraphAsync("DELETE", "users/" + EmulatorClient.Escape(user.UserPrincipalName), token);

            Assert.Equal(204, reply.Status);
            Assert.Equal("", reply.Text);
            Assert.Equal(404, (await client.GetAsync("graph/v1.0/users/" + user.Id, token)).Status);
            var after = await client.GraphSeatsAsync(token, sku);
            Assert.Equal(before.Enabled, after.Enabled);
            Assert.Equal(before.Consumed - 1, after.Consumed);

            var deleted = await client.GetAsync("graph/v1.0/directory/deletedItems/microsoft.graph.user", token);
            var item = deleted.Json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("id").GetString() == user.Id);
            Assert.Equal("#microsoft.graph.user", item.GetProperty("@odata.type").GetString());
            Assert.Equal(client.Clock.GetUtcNow(), EmulatorClient.Date(item.GetProperty("deletedDateTime")));
            Assert.Equal(user.AssignedLicenses.Select(l => l.SkuId).OrderBy(s => s), item.Skus());
            client.AssertConsistent();
        }
    }
}
