using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>POST users, PATCH users/{id|upn}, DELETE users/{id|upn}.</summary>
    public sealed class UserWriteTests : FullCustomerTest
    {
        private string NewUpn => "new.user@" + Tenant.DefaultDomain;

        /// <summary>The <see cref="Writes.NewUserJson"/> body for <see cref="NewUpn"/>, to change before sending.</summary>
        private JsonObject NewUserBody() => JsonNode.Parse(Writes.NewUserJson(NewUpn))!.AsObject();

        [Fact]
        public async Task CreateAnswers201WithTheUserAndKeepsOnlyAPasswordHash()
        {
            var upn = "adele.vance@" + Tenant.CustomDomains[0];

            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson(upn, usageLocation: "de"));

            Assert.True(reply.Status == 201, reply.ToString());
            Assert.Equal(EmulatorClient.BaseAddress + "graph/v1.0/$metadata#users/$entity", reply.Json.GetProperty("@odata.context").GetString());
            var id = reply.Json.GetProperty("id").GetString()!;
            Assert.Equal(upn, reply.Json.GetProperty("userPrincipalName").GetString());
            Assert.Equal("Adele Vance", reply.Json.GetProperty("displayName").GetString());
            Assert.False(reply.Json.TryGetProperty("passwordProfile", out _));
            Assert.EndsWith("/users/" + id, reply.RequiredHeader("Location"));

            var user = Client.Tenant(Tenant.Id).FindUser(id)!;
            Assert.Equal("DE", user.UsageLocation);
            Assert.True(user.PasswordProfile!.Matches(Writes.StrongPassword));
            Assert.False(user.PasswordProfile.Matches(Writes.StrongPassword + "x"));
            Assert.True(user.PasswordProfile.ForceChangePasswordNextSignIn);
            Assert.DoesNotContain(Writes.StrongPassword, user.PasswordProfile.PasswordHash);
            Assert.Equal(Client.Clock.GetUtcNow(), user.LastPasswordChangeDateTime);
            Assert.DoesNotContain(Writes.StrongPassword, Encoding.UTF8.GetString(EmulatorClient.StateBytes(Client.Cloud)));

            var read = await Client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(upn) + "?$select=id,accountEnabled,usageLocation,mailNickname", Token);
            Assert.Equal(id, read.Json.GetProperty("id").GetString());
            Assert.True(read.Json.GetProperty("accountEnabled").GetBoolean());
            Client.AssertConsistent();
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AUpnOfAnActiveOrDeletedUserIsAConflict(bool deleted)
        {
            var taken = deleted ? Tenant.DeletedUsers[0].UserPrincipalName : Tenant.Users[3].UserPrincipalName;

            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson(taken.ToUpperInvariant()));

            Assert.Equal("Another object with the same value for property userPrincipalName already exists.", reply.AssertGraphError(400));
        }

        [Fact]
        public async Task AUpnOutsideTheVerifiedDomainsIsRefused()
        {
            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson("adele@contoso.example"));

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
            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson(local + "@" + Tenant.DefaultDomain));

            var message = reply.AssertGraphError(400);
            Assert.StartsWith("Property userPrincipalName is invalid", message);
            Assert.Contains("A-Z a-z 0-9 ' . - _ ! # ^ ~", message);
        }

        [Fact]
        public async Task AllowedUpnSymbolsAreAccepted()
        {
            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson("o'neil.a-b_c!d#e^f~g@" + Tenant.DefaultDomain));

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
            var body = NewUserBody();
            body.Remove(property);

            var reply = await Client.CreateUserAsync(Token, body.ToJsonString());

            Assert.Equal($"Invalid value specified for property '{property}' of resource 'User'.", reply.AssertGraphError(400));
            Assert.Equal(20, Client.Tenant(Tenant.Id).Users.Count);
        }

        [Theory]
        [InlineData("Short1!")]
        [InlineData("alllowercase1")]
        [InlineData("ALLUPPER!!!!")]
        [InlineData("NoDigitsOrSymbols")]
        [InlineData("Ünïcödé1!abc")]
        public async Task AWeakPasswordIsRefused(string password)
        {
            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson(NewUpn, password));

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
            var reply = await Client.CreateUserAsync(Token, Writes.NewUserJson(NewUpn, password));

            Assert.Equal(refused ? 400 : 201, reply.Status);
        }

        [Theory]
        [InlineData("{\"usageLocation\":\"XX\"}", "Invalid value specified for property 'usageLocation' of resource 'User'.")]
        [InlineData("{\"favouriteColour\":\"blue\"}", "Property 'favouriteColour' does not exist as a declared property or extension property.")]
        [InlineData("{\"createdDateTime\":\"2020-01-01T00:00:00Z\"}", "Property 'createdDateTime' is read-only and cannot be set.")]
        public async Task CreateRefusesBadOptionalProperties(string extra, string message)
        {
            var body = NewUserBody();
            foreach (var property in JsonNode.Parse(extra)!.AsObject().ToList())
            {
                body[property.Key] = property.Value?.DeepClone();
            }

            var reply = await Client.CreateUserAsync(Token, body.ToJsonString());

            Assert.Equal(message, reply.AssertGraphError(400));
        }

        [Fact]
        public async Task PatchAnswers204AndChangesOnlyTheGivenProperties()
        {
            var user = Tenant.Users[5];
            var mail = user.Mail;

            var reply = await Client.PatchUserAsync(Token, EmulatorClient.Escape(user.UserPrincipalName),
                "{\"givenName\":\"Ada\",\"surname\":\"Lovelace\",\"displayName\":\"Ada Lovelace\",\"officeLocation\":\"7/1234\",\"usageLocation\":\"fr\","
                + "\"accountEnabled\":false,\"jobTitle\":\"Analyst\",\"department\":null}");

            Assert.Equal(204, reply.Status);
            Assert.Equal("", reply.Text);
            var read = await Client.GetAsync("graph/v1.0/users/" + user.Id + "?$select=givenName,surname,displayName,officeLocation,usageLocation,accountEnabled,jobTitle,department,mail", Token);
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
            var user = Tenant.Users[6];
            Assert.Null(user.PasswordProfile);
            Client.Clock.Advance(TimeSpan.FromMinutes(3));

            var reply = await Client.PatchUserAsync(Token, user.Id, "{\"passwordProfile\":{\"password\":\"N3w-Passw0rd\",\"forceChangePasswordNextSignIn\":false}}");

            Assert.Equal(204, reply.Status);
            Assert.True(user.PasswordProfile!.Matches("N3w-Passw0rd"));
            Assert.False(user.PasswordProfile.ForceChangePasswordNextSignIn);
            Assert.Equal(Client.Clock.GetUtcNow(), user.LastPasswordChangeDateTime);
            var read = await Client.GetAsync("graph/v1.0/users/" + user.Id + "?$select=lastPasswordChangeDateTime,passwordProfile", Token);
            Assert.Equal(Client.Clock.GetUtcNow(), EmulatorClient.Date(read.Json.GetProperty("lastPasswordChangeDateTime")));
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
            var user = Tenant.Users[7];
            var before = (user.JobTitle, user.UsageLocation, user.DisplayName, user.AccountEnabled);
            var json = body.Insert(1, "\"jobTitle\":\"Changed\",");

            var reply = await Client.PatchUserAsync(Token, user.Id, json);

            Assert.Equal(message, reply.AssertGraphError(400));
            Assert.Equal(before, (user.JobTitle, user.UsageLocation, user.DisplayName, user.AccountEnabled));
            Assert.Null(user.PasswordProfile);
        }

        [Fact]
        public async Task UsageLocationCannotBeClearedWhileLicensed()
        {
            var licensed = Tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var unlicensed = Client.AddUser(Tenant);

            var refused = await Client.PatchUserAsync(Token, licensed.Id, "{\"usageLocation\":null}");
            var cleared = await Client.PatchUserAsync(Token, unlicensed.Id, "{\"usageLocation\":null}");

            refused.AssertGraphError(400);
            Assert.Equal(204, cleared.Status);
            Assert.Null(unlicensed.UsageLocation);
        }

        [Fact]
        public async Task PatchCanRenameTheUpnWithinTheRules()
        {
            var user = Tenant.Users[8];
            var newUpn = "renamed@" + Tenant.CustomDomains[0];

            var conflict = await Client.PatchUserAsync(Token, user.Id, Writes.Json(new { userPrincipalName = Tenant.Users[9].UserPrincipalName }));
            var renamed = await Client.PatchUserAsync(Token, user.Id, Writes.Json(new { userPrincipalName = newUpn }));
            var byNewUpn = await Client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(newUpn), Token);

            conflict.AssertGraphError(400);
            Assert.Equal(204, renamed.Status);
            Assert.Equal(user.Id, byNewUpn.Json.GetProperty("id").GetString());
        }

        [Theory]
        [InlineData("PATCH")]
        [InlineData("DELETE")]
        public async Task AnUnknownUserIsNotFound(string method)
        {
            var reply = await Client.GraphAsync(method, "users/nobody@" + Tenant.DefaultDomain, Token, method == "PATCH" ? "{\"jobTitle\":\"x\"}" : null);

            reply.AssertGraphError(404, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task DeleteMovesTheUserToDeletedItemsAndFreesItsSeats()
        {
            var user = Tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            var before = await Client.GraphSeatsAsync(Token, sku);
            Client.Clock.Advance(TimeSpan.FromMinutes(20));

            var reply = await Client.DeleteUserAsync(Token, EmulatorClient.Escape(user.UserPrincipalName));

            Assert.Equal(204, reply.Status);
            Assert.Equal("", reply.Text);
            Assert.Equal(404, (await Client.GetAsync("graph/v1.0/users/" + user.Id, Token)).Status);
            var after = await Client.GraphSeatsAsync(Token, sku);
            Assert.Equal(before.Enabled, after.Enabled);
            Assert.Equal(before.Consumed - 1, after.Consumed);

            var deleted = await Client.GetAsync("graph/v1.0/directory/deletedItems/microsoft.graph.user", Token);
            var item = deleted.Json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("id").GetString() == user.Id);
            Assert.Equal("#microsoft.graph.user", item.GetProperty("@odata.type").GetString());
            Assert.Equal(Client.Clock.GetUtcNow(), EmulatorClient.Date(item.GetProperty("deletedDateTime")));
            Assert.Equal(user.AssignedLicenses.Select(l => l.SkuId).OrderBy(s => s), item.Skus());
            Client.AssertConsistent();
        }
    }
}
