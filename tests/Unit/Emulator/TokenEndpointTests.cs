using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>login/{tenant}/oauth2/v2.0/token: client credentials (app-only) and refresh token (app+user), and its refusals.</summary>
    public sealed class TokenEndpointTests
    {
        /// <summary>Asserts a refusal: the status and error, an error_description starting with <paramref name="description"/>, no access token.</summary>
        private static void AssertRefused(EmulatorReply reply, int status, string error, string description)
        {
            Assert.Equal(status, reply.Status);
            Assert.Equal(error, reply.Json.GetProperty("error").GetString());
            Assert.StartsWith(description, reply.Json.GetProperty("error_description").GetString());
            Assert.False(reply.Json.TryGetProperty("access_token", out _));
        }

        [Fact]
        public async Task ClientCredentialsGiveAnAppOnlyToken()
        {
            using var client = EmulatorClient.Create();

            var reply = await client.PostTokenAsync(client.Eu.TenantId, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("Bearer", reply.Json.GetProperty("token_type").GetString());
            Assert.Equal(3599, reply.Json.GetProperty("expires_in").GetInt32());
            Assert.False(reply.Json.TryGetProperty("refresh_token", out _));
            var token = reply.Json.GetProperty("access_token").GetString()!;
            var claims = EmulatorClient.Claims(token);
            Assert.Equal("https://graph.microsoft.com", claims.GetProperty("aud").GetString());
            Assert.Equal("app", claims.GetProperty("idtyp").GetString());
            Assert.Equal(client.Eu.TenantId, claims.GetProperty("tid").GetString());
            Assert.Equal(client.Eu.ClientId, claims.GetProperty("appid").GetString());
            Assert.True(claims.TryGetProperty("roles", out _));
            Assert.False(claims.TryGetProperty("upn", out _));
            Assert.Equal(ManualClock.Start.ToUnixTimeSeconds() + 3599, claims.GetProperty("exp").GetInt64());

            var organization = await client.GetAsync("graph/v1.0/organization", token);
            Assert.True(organization.Status == 200, organization.ToString());
            Assert.Equal(client.Eu.TenantId, organization.Json.GetProperty("value")[0].GetProperty("id").GetString());
        }

        [Fact]
        public async Task ClientCredentialsForPartnerCenterWorkOnPartnerCenter()
        {
            using var client = EmulatorClient.Create();

            var token = await client.AccessTokenAsync(client.Eu.TenantId, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.PartnerCenterScope));
            var customers = await client.GetAsync("partnercenter/v1/customers", token);

            Assert.Equal("https://api.partnercenter.microsoft.com", EmulatorClient.Claims(token).GetProperty("aud").GetString());
            Assert.True(customers.Status == 200, customers.ToString());
            Assert.Equal(client.CustomersOf(client.Eu).Select(t => t.Id), customers.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        }

        [Fact]
        public async Task RefreshTokenGivesAnAppUserTokenAndANewRefreshToken()
        {
            using var client = EmulatorClient.Create();

            var reply = await client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.RefreshToken(client.Eu, "https://api.partnercenter.microsoft.com/user_impersonation offline_access"));

            Assert.True(reply.Status == 200, reply.ToString());
            var claims = EmulatorClient.Claims(reply.Json.GetProperty("access_token").GetString()!);
            Assert.Equal("user", claims.GetProperty("idtyp").GetString());
            Assert.Equal(client.Eu.AdminUserPrincipalName, claims.GetProperty("upn").GetString());
            Assert.Equal("https://api.partnercenter.microsoft.com", claims.GetProperty("aud").GetString());
            var rotated = reply.Json.GetProperty("refresh_token").GetString()!;
            Assert.StartsWith("0.", rotated);

            var again = await client.PostTokenAsync(client.Eu.TenantId, EmulatorClient.RefreshToken(client.Eu, EmulatorClient.PartnerCenterScope, rotated));
            Assert.True(again.Status == 200, again.ToString());
        }

        [Fact]
        public async Task RefreshTokenGivesAGraphTokenForACustomerWithARelationship()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];

            var token = await client.AccessTokenAsync(customer.Id, EmulatorClient.RefreshToken(client.Eu, EmulatorClient.GraphScope + " offline_access"));
            var users = await client.GetAsync("graph/v1.0/users?$select=id", token);

            Assert.Equal(customer.Id, EmulatorClient.Claims(token).GetProperty("tid").GetString());
            Assert.Equal(client.Eu.TenantId, EmulatorClient.Claims(token).GetProperty("partner_tid").GetString());
            Assert.True(users.Status == 200, users.ToString());
            Assert.Equal(customer.Users.Count, users.Json.GetProperty("value").GetArrayLength());
        }

        [Fact]
        public async Task V1EndpointTakesAResource()
        {
            using var client = EmulatorClient.Create();
            var form = EmulatorClient.RefreshToken(client.Eu, EmulatorClient.PartnerCenterScope);
            form.Remove("scope");
            form["resource"] = "https://api.partnercenter.microsoft.com";

            var reply = await client.PostTokenAsync(client.Eu.TenantId, form, "oauth2/token");

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("https://api.partnercenter.microsoft.com", EmulatorClient.Claims(reply.Json.GetProperty("access_token").GetString()!).GetProperty("aud").GetString());
        }

        [Theory]
        [InlineData("client_credentials")]
        [InlineData("refresh_token")]
        public async Task WrongSecretIsInvalidClient(string grant)
        {
            using var client = EmulatorClient.Create();
            var form = EmulatorClient.GrantForm(grant, client.Eu, EmulatorClient.GraphScope);
            form["client_secret"] = client.Eu.ClientSecret + "x";

            var reply = await client.PostTokenAsync(client.Eu.TenantId, form, headers: ("client-request-id", "6f0c4bd4-4a53-4a9f-9d55-3c2e8f3f3f01"));

            AssertRefused(reply, 401, "invalid_client", "AADSTS7000215: ");
            Assert.Equal(7000215, Assert.Single(reply.Json.GetProperty("error_codes").EnumerateArray()).GetInt32());
            Assert.Equal("6f0c4bd4-4a53-4a9f-9d55-3c2e8f3f3f01", reply.Json.GetProperty("correlation_id").GetString());
            Assert.Equal("6f0c4bd4-4a53-4a9f-9d55-3c2e8f3f3f01", reply.Header("client-request-id"));
        }

        [Theory]
        [InlineData("client_credentials")]
        [InlineData("refresh_token")]
        public async Task GraphTokenForACustomerWithoutRelationshipIsRefused(string grant)
        {
            using var client = EmulatorClient.Create();
            var stranger = client.OtherOnlyCustomer();
            var form = EmulatorClient.GrantForm(grant, client.Eu, EmulatorClient.GraphScope);

            var reply = await client.PostTokenAsync(stranger.Id, form);

            AssertRefused(reply, 400, "unauthorized_client", "AADSTS700016: ");

            // The same request for a customer of ours is fine: the relationship decides.
            var ours = await client.PostTokenAsync(client.CustomersOf(client.Eu)[0].Id, form);
            Assert.True(ours.Status == 200, ours.ToString());
        }

        [Fact]
        public async Task GraphTokenForAnotherRegionsCustomerIsRefused()
        {
            using var client = EmulatorClient.Create();
            var usOnly = client.CustomersOf(client.Us).First(t => t.RelationshipWith(client.Eu.TenantId) == null);

            var reply = await client.PostTokenAsync(usOnly.Id, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope));

            Assert.Equal(400, reply.Status);
            Assert.Equal("unauthorized_client", reply.Json.GetProperty("error").GetString());
        }

        [Theory]
        [InlineData("client_credentials")]
        [InlineData("refresh_token")]
        public async Task PartnerCenterTokenForACustomerTenantIsRefused(string grant)
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var form = EmulatorClient.GrantForm(grant, client.Eu, EmulatorClient.PartnerCenterScope);

            var reply = await client.PostTokenAsync(customer.Id, form);

            AssertRefused(reply, 400, "unauthorized_client", "AADSTS");
        }

        [Fact]
        public async Task UnknownTenantGrantAndScopeAreRefused()
        {
            using var client = EmulatorClient.Create();
            var unsupported = EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope);
            unsupported["grant_type"] = "password";
            var badScope = EmulatorClient.ClientCredentials(client.Eu, "https://management.azure.com/.default");

            var unknownTenant = await client.PostTokenAsync(Guid.Empty.ToString(), EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope));
            var grant = await client.PostTokenAsync(client.Eu.TenantId, unsupported);
            var scope = await client.PostTokenAsync(client.Eu.TenantId, badScope);

            Assert.Equal(400, unknownTenant.Status);
            Assert.StartsWith("AADSTS90002: ", unknownTenant.Json.GetProperty("error_description").GetString());
            Assert.Equal(400, grant.Status);
            Assert.Equal("unsupported_grant_type", grant.Json.GetProperty("error").GetString());
            Assert.Equal(400, scope.Status);
            Assert.Equal("invalid_scope", scope.Json.GetProperty("error").GetString());
        }

        [Fact]
        public async Task RefreshTokenIsNeverABearerToken()
        {
            using var client = EmulatorClient.Create();

            var graph = await client.GetAsync("graph/v1.0/organization", client.Eu.RefreshToken);
            var partnerCenter = await client.GetAsync("partnercenter/v1/customers", client.Eu.RefreshToken);

            graph.AssertGraphError(401, "InvalidAuthenticationToken");
            Assert.Equal(401, partnerCenter.Status);
        }
    }
}
