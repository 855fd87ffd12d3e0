using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>
    /// Tests that set process environment variables (IDENTITY_ENDPOINT, IDENTITY_HEADER, which MSAL reads on every managed
    /// identity request): they run alone, after the parallel tests.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "Process environment";
    }

    /// <summary>Sets environment variables and puts the previous values back on dispose.</summary>
    public sealed class EnvironmentVariables : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = new Dictionary<string, string?>();

        public EnvironmentVariables(params (string Name, string? Value)[] variables)
        {
            foreach (var (name, value) in variables)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        /// <summary>What Azure Automation sets for the partner's account: its identity endpoint (on the emulator) and header secret.</summary>
        public static EnvironmentVariables AutomationAccount(EmulatedPartner partner) => new EnvironmentVariables(
            ("IDENTITY_ENDPOINT", EmulatorClient.BaseAddress + partner.ManagedIdentityPath),
            ("IDENTITY_HEADER", partner.ManagedIdentityHeader));

        public void Dispose()
        {
            foreach (var pair in _previous)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }
        }
    }

    /// <summary>Azure Automation sign-in: the account's managed identity, trusted by the partner's app as a federated credential.</summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class ManagedIdentitySignInTests
    {
        [Fact]
        public async Task TheManagedIdentityGetsAppOnlyTokensForPartnerCenterAndACustomersGraph()
        {
            using var client = EmulatorClient.Create();
            using var environment = EnvironmentVariables.AutomationAccount(client.Eu);

            await IdentityClients.AssertAppOnlyTokensWorkAsync(client, client.Eu, IdentityClients.ManagedIdentityAssertion(client.Cloud.CreateHandler(), client.Eu));
        }

        [Fact]
        public async Task TheManagedIdentityTokenIsForTheTokenExchangeAudienceOnly()
        {
            using var client = EmulatorClient.Create();
            using var environment = EnvironmentVariables.AutomationAccount(client.Eu);
            var identity = IdentityClients.ManagedIdentity(client.Cloud.CreateHandler());

            var token = await identity.GetTokenAsync(new Azure.Core.TokenRequestContext(new[] { IdentityClients.TokenExchangeScope }), default);
            var graph = await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(() =>
                identity.GetTokenAsync(new Azure.Core.TokenRequestContext(new[] { EmulatorClient.GraphScope }), default).AsTask());

            var claims = EmulatorClient.Claims(token.Token);
            Assert.Equal("api://AzureADTokenExchange", claims.GetProperty("aud").GetString());
            Assert.Equal("https://login.microsoftonline.com/" + client.Eu.TenantId + "/v2.0", claims.GetProperty("iss").GetString());
            Assert.Equal(client.Eu.ManagedIdentityObjectId, claims.GetProperty("sub").GetString());
            Assert.Contains("api://AzureADTokenExchange", graph.Message);
            var bearer = await client.GetAsync("graph/v1.0/organization", token.Token);
            bearer.AssertGraphError(401, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task AnotherPartnersManagedIdentityIsNotTrusted()
        {
            using var client = EmulatorClient.Create();
            using var environment = EnvironmentVariables.AutomationAccount(client.Us); // the us account's identity ...
            var credential = IdentityClients.ManagedIdentityAssertion(client.Cloud.CreateHandler(), client.Eu); // ... signing in as eu's app

            var error = await IdentityClients.RefusedAsync(credential, IdentityClients.PartnerCenter);

            Assert.Contains("AADSTS700211: ", error.Message);
        }
    }

    /// <summary>The managed identity endpoint and federated assertions on the wire (no environment variables involved).</summary>
    public sealed class ManagedIdentityEndpointTests
    {
        private static Task<EmulatorReply> GetIdentityTokenAsync(EmulatorClient client, EmulatedPartner partner, string query, string? header) =>
            client.GetAsync(partner.ManagedIdentityPath + query, null, header == null ? Array.Empty<(string, string)>() : new[] { ("X-IDENTITY-HEADER", header) });

        private static async Task<string> IdentityTokenAsync(EmulatorClient client, EmulatedPartner partner)
        {
            var reply = await GetIdentityTokenAsync(client, partner, "?api-version=2019-08-01&resource=api://AzureADTokenExchange", partner.ManagedIdentityHeader);
            Assert.True(reply.Status == 200, reply.ToString());
            return reply.Json.GetProperty("access_token").GetString()!;
        }

        [Fact]
        public async Task TheEndpointAnswersTheAppServiceProtocol()
        {
            using var client = EmulatorClient.Create();

            var reply = await GetIdentityTokenAsync(client, client.Eu,
                "?api-version=2019-08-01&resource=api://AzureADTokenExchange&client_id=" + client.Eu.ManagedIdentityClientId, client.Eu.ManagedIdentityHeader);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("Bearer", reply.Json.GetProperty("token_type").GetString());
            Assert.Equal("api://AzureADTokenExchange", reply.Json.GetProperty("resource").GetString());
            Assert.Equal(client.Eu.ManagedIdentityClientId, reply.Json.GetProperty("client_id").GetString());
            Assert.Equal((ManualClock.Start + TimeSpan.FromHours(24)).ToUnixTimeSeconds().ToString(), reply.Json.GetProperty("expires_on").GetString());
            Assert.Equal(client.Eu.ManagedIdentityClientId, EmulatorClient.Claims(reply.Json.GetProperty("access_token").GetString()!).GetProperty("appid").GetString());
        }

        [Theory]
        [InlineData("?api-version=2019-08-01&resource=https://graph.microsoft.com", "eu", 400)]
        [InlineData("?api-version=2017-09-01&resource=api://AzureADTokenExchange", "eu", 400)]
        [InlineData("?api-version=2019-08-01&resource=api://AzureADTokenExchange&client_id=00000000-0000-0000-0000-000000000001", "eu", 400)]
        [InlineData("?api-version=2019-08-01&resource=api://AzureADTokenExchange", "us", 401)]
        [InlineData("?api-version=2019-08-01&resource=api://AzureADTokenExchange", null, 401)]
        public async Task TheEndpointRefusesOtherResourcesVersionsIdentitiesAndHeaders(string query, string? headerOf, int status)
        {
            using var client = EmulatorClient.Create();

            var reply = await GetIdentityTokenAsync(client, client.Eu, query, headerOf == null ? null : client.Cloud.Partner(headerOf).ManagedIdentityHeader);

            Assert.True(reply.Status == status, reply.ToString());
            Assert.Equal(status, reply.Json.GetProperty("statusCode").GetInt32());
            Assert.False(reply.Json.TryGetProperty("access_token", out _));
        }

        [Fact]
        public async Task TheFederatedAssertionGivesAppOnlyTokensWithinTheAppsScope()
        {
            using var client = EmulatorClient.Create();
            var assertion = await IdentityTokenAsync(client, client.Eu);
            var usOnly = client.CustomersOf(client.Us).First(t => t.RelationshipWith(client.Eu.TenantId) == null);
            Dictionary<string, string> Form(EmulatedPartner partner, string scope) =>
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(partner, scope), assertion);

            var customerGraph = await client.PostTokenAsync(client.CustomersOf(client.Eu)[0].Id, Form(client.Eu, EmulatorClient.GraphScope));
            var stranger = await client.PostTokenAsync(usOnly.Id, Form(client.Eu, EmulatorClient.GraphScope));
            var usApp = await client.PostTokenAsync(client.Us.TenantId, Form(client.Us, EmulatorClient.PartnerCenterScope));
            var customerPartnerCenter = await client.PostTokenAsync(client.CustomersOf(client.Eu)[0].Id, Form(client.Eu, EmulatorClient.PartnerCenterScope));

            Assert.True(customerGraph.Status == 200, customerGraph.ToString());
            Assert.Equal("app", EmulatorClient.Claims(customerGraph.Json.GetProperty("access_token").GetString()!).GetProperty("idtyp").GetString());
            Assert.StartsWith("AADSTS700016: ", stranger.Json.GetProperty("error_description").GetString());
            Assert.StartsWith("AADSTS700211: ", usApp.Json.GetProperty("error_description").GetString());
            Assert.StartsWith("AADSTS700016: ", customerPartnerCenter.Json.GetProperty("error_description").GetString());
        }

        [Fact]
        public async Task AManagedIdentityTokenExpiresOnTheEmulatorClock()
        {
            using var client = EmulatorClient.Create();
            var assertion = await IdentityTokenAsync(client, client.Eu);
            var form = EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.PartnerCenterScope), assertion);

            client.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(6));
            var reply = await client.PostTokenAsync(client.Eu.TenantId, form);

            Assert.Equal(401, reply.Status);
            Assert.StartsWith("AADSTS700024: ", reply.Json.GetProperty("error_description").GetString());
        }

        [Fact]
        public async Task AForgedManagedIdentityTokenIsRefused()
        {
            using var client = EmulatorClient.Create();
            var assertion = await IdentityTokenAsync(client, client.Eu);
            var forged = assertion.Substring(0, assertion.LastIndexOf('.') + 1) + "AAAA";

            var reply = await client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.PartnerCenterScope), forged));

            Assert.Equal(401, reply.Status);
            Assert.StartsWith("AADSTS700027: ", reply.Json.GetProperty("error_description").GetString());
        }

        [Fact]
        public void TheIdentitySurvivesSaveAndLoad()
        {
            using var client = EmulatorClient.Create();
            var loaded = EmulatorClient.SavedAndLoaded(client.Cloud).Partner("eu");

            Assert.Equal(client.Eu.ManagedIdentityHeader, loaded.ManagedIdentityHeader);
            Assert.Equal(client.Eu.ManagedIdentityClientId, loaded.ManagedIdentityClientId);
            Assert.Equal(client.Eu.ManagedIdentityObjectId, loaded.ManagedIdentityObjectId);
            Assert.NotEqual(client.Eu.ManagedIdentityObjectId, client.Us.ManagedIdentityObjectId);
        }
    }
}
