using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Certificate sign-in: client assertions signed with a certificate registered on the partner's app, through Azure.Identity and by hand.</summary>
    public sealed class CertificateSignInTests
    {
        /// <summary>A cloud whose "eu" app has <paramref name="certificate"/> registered.</summary>
        private static EmulatorClient WithCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
        {
            var client = EmulatorClient.Create();
            client.Cloud.AddApplicationCertificate("eu", certificate.RawData);
            return client;
        }

        private static void AssertRefused(EmulatorReply reply, int status, string error, string code)
        {
            Assert.True(reply.Status == status, reply.ToString());
            Assert.Equal(error, reply.Json.GetProperty("error").GetString());
            Assert.StartsWith(code + ": ", reply.Json.GetProperty("error_description").GetString());
            Assert.False(reply.Json.TryGetProperty("access_token", out _));
        }

        [Fact]
        public async Task ClientCertificateCredentialGetsAppOnlyTokensForPartnerCenterAndACustomersGraph()
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);

            await IdentityClients.AssertAppOnlyTokensWorkAsync(client, client.Eu,
                IdentityClients.ClientCertificate(client.Cloud.CreateHandler(), client.Eu.TenantId, client.Eu.ClientId, certificate));
        }

        [Fact]
        public async Task AnUnregisteredCertificateFailsWithAadsts700027()
        {
            using var registered = TestCertificates.Create("registered");
            using var other = TestCertificates.Create("other");
            using var client = WithCertificate(registered);
            var credential = IdentityClients.ClientCertificate(client.Cloud.CreateHandler(), client.Eu.TenantId, client.Eu.ClientId, other);

            var error = await IdentityClients.RefusedAsync(credential, IdentityClients.PartnerCenter);

            Assert.Equal("invalid_client", error.ErrorCode);
            Assert.Contains("AADSTS700027: ", error.Message);
            Assert.Contains("The key was not found", error.Message);
        }

        [Theory]
        [InlineData("RS256")]
        [InlineData("PS256")]
        public async Task BothRsaSignaturesWorkWithClientCredentialsAndRefreshTokens(string algorithm)
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            var assertion = TestCertificates.Assertion(certificate, client.Eu.ClientId, EmulatorClient.TokenEndpoint(client.Eu.TenantId), algorithm);

            var appOnly = await client.AccessTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.PartnerCenterScope), assertion));
            var appUser = await client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.RefreshToken(client.Eu, EmulatorClient.PartnerCenterScope), assertion));

            Assert.Equal("app", EmulatorClient.Claims(appOnly).GetProperty("idtyp").GetString());
            Assert.True(appUser.Status == 200, appUser.ToString());
            var user = EmulatorClient.Claims(appUser.Json.GetProperty("access_token").GetString()!);
            Assert.Equal("user", user.GetProperty("idtyp").GetString());
            Assert.Equal(client.Eu.AdminUserPrincipalName, user.GetProperty("upn").GetString());
            Assert.StartsWith("0.", appUser.Json.GetProperty("refresh_token").GetString());
        }

        [Theory]
        [InlineData("login/{0}/oauth2/v2.0/token", "{0}/oauth2/v2.0/token")]
        [InlineData("{0}/oauth2/v2.0/token", "login/{0}/oauth2/v2.0/token")]
        [InlineData("{0}/oauth2/v2.0/token", "{0}/OAuth2/V2.0/Token")]
        public async Task TheAudienceIsTheTokenEndpointWithOrWithoutTheLoginPrefix(string posted, string audience)
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            var assertion = TestCertificates.Assertion(certificate, client.Eu.ClientId,
                EmulatorClient.BaseAddress.ToUpperInvariant() + string.Format(audience, client.Eu.TenantId));
            var form = EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope), assertion);

            var reply = await client.SendAsync(System.Net.Http.HttpMethod.Post, string.Format(posted, client.Eu.TenantId),
                content: new System.Net.Http.FormUrlEncodedContent(form));

            Assert.True(reply.Status == 200, reply.ToString());
        }

        [Fact]
        public async Task AnAssertionForAnotherEndpointIsRefused()
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            var customer = client.CustomersOf(client.Eu)[0];
            var elsewhere = TestCertificates.Assertion(certificate, client.Eu.ClientId, EmulatorClient.TokenEndpoint(customer.Id));
            var issuer = TestCertificates.Assertion(certificate, client.Eu.ClientId, "https://login.microsoftonline.com/" + client.Eu.TenantId + "/v2.0");

            var reply = await client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope), elsewhere));
            var wrongAudience = await client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope), issuer));

            AssertRefused(reply, 401, "invalid_client", "AADSTS50012");
            AssertRefused(wrongAudience, 401, "invalid_client", "AADSTS50012");
        }

        [Fact]
        public async Task TheAssertionLifetimeIsCheckedAgainstTheRealClockWithFiveMinutesOfSkew()
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            var now = DateTimeOffset.UtcNow;
            Task<EmulatorReply> Post(DateTimeOffset notBefore, DateTimeOffset expires) => client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope),
                    TestCertificates.Assertion(certificate, client.Eu.ClientId, EmulatorClient.TokenEndpoint(client.Eu.TenantId), notBefore: notBefore, expires: expires)));

            // The emulator runs on a manual clock in 2025; the assertion is judged by the real one.
            var expired = await Post(now.AddMinutes(-20), now.AddMinutes(-6));
            var early = await Post(now.AddMinutes(6), now.AddMinutes(20));
            var withinSkew = await Post(now.AddMinutes(4), now.AddMinutes(-4));

            AssertRefused(expired, 401, "invalid_client", "AADSTS700024");
            Assert.Contains("Client assertion is not within its valid time range.", expired.Json.GetProperty("error_description").GetString());
            AssertRefused(early, 401, "invalid_client", "AADSTS700024");
            Assert.True(withinSkew.Status == 200, withinSkew.ToString());
        }

        [Fact]
        public async Task ATamperedSignatureAnotherPartnersCertificateAndMalformedAssertionsAreRefused()
        {
            using var certificate = TestCertificates.Create();
            using var usCertificate = TestCertificates.Create("us app");
            using var client = WithCertificate(certificate);
            client.Cloud.AddApplicationCertificate("us", usCertificate.RawData);
            var audience = EmulatorClient.TokenEndpoint(client.Eu.TenantId);
            var good = TestCertificates.Assertion(certificate, client.Eu.ClientId, audience);
            var tampered = good.Substring(0, good.LastIndexOf('.') + 1) + TestCertificates.Base64Url(new byte[256]);
            Task<EmulatorReply> Post(string assertion) => client.PostTokenAsync(client.Eu.TenantId,
                EmulatorClient.WithAssertion(EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope), assertion));

            AssertRefused(await Post(tampered), 401, "invalid_client", "AADSTS700027");
            AssertRefused(await Post(TestCertificates.Assertion(usCertificate, client.Eu.ClientId, audience)), 401, "invalid_client", "AADSTS700027");
            AssertRefused(await Post("not-a-jwt"), 400, "invalid_request", "AADSTS50027");
            AssertRefused(await Post(TestCertificates.Assertion(certificate, client.Eu.ClientId, audience, subject: client.Us.ClientId)), 400, "invalid_request", "AADSTS50027");
            AssertRefused(await Post(TestCertificates.Assertion(certificate, client.Eu.ClientId, audience, algorithm: "HS256")), 400, "invalid_request", "AADSTS50027");
        }

        [Fact]
        public async Task ACertificateKeepsTheScopeOfItsApp()
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            var usOnly = client.CustomersOf(client.Us).First(t => t.RelationshipWith(client.Eu.TenantId) == null);
            var customer = client.CustomersOf(client.Eu)[0];
            var credential = IdentityClients.ClientCertificate(client.Cloud.CreateHandler(), client.Eu.TenantId, client.Eu.ClientId, certificate);
            var asUs = IdentityClients.ClientCertificate(client.Cloud.CreateHandler(), client.Us.TenantId, client.Us.ClientId, certificate);

            var stranger = await IdentityClients.RefusedAsync(credential, IdentityClients.Graph(usOnly.Id));
            var customerPartnerCenter = await IdentityClients.RefusedAsync(credential,
                new Azure.Core.TokenRequestContext(new[] { EmulatorClient.PartnerCenterScope }, tenantId: customer.Id));
            var otherApp = await IdentityClients.RefusedAsync(asUs, IdentityClients.PartnerCenter);

            Assert.Contains("AADSTS700016: ", stranger.Message);
            Assert.Contains("AADSTS700016: ", customerPartnerCenter.Message);
            Assert.Contains("AADSTS700027: ", otherApp.Message); // registered on eu's app, not on us's
        }

        [Fact]
        public async Task RegisteredCertificatesAreSavedWithTheState()
        {
            using var certificate = TestCertificates.Create();
            using var client = WithCertificate(certificate);
            client.Cloud.AddApplicationCertificate("eu", certificate.RawData); // twice: kept once
            using var loaded = EmulatorClient.For(EmulatorClient.SavedAndLoaded(client.Cloud));
            var credential = IdentityClients.ClientCertificate(loaded.Cloud.CreateHandler(), loaded.Eu.TenantId, loaded.Eu.ClientId, certificate);

            var token = await credential.GetTokenAsync(IdentityClients.PartnerCenter, default);

            Assert.Equal(client.Eu.ClientId, EmulatorClient.Claims(token.Token).GetProperty("appid").GetString());
            Assert.Equal(new[] { Convert.ToBase64String(certificate.RawData) }, loaded.Cloud.Read(s => s.FindPartner("eu")!.Certificates.ToArray()));
        }

        [Fact]
        public void OnlyRsaCertificatesOfKnownPartnersCanBeRegistered()
        {
            using var certificate = TestCertificates.Create();
            using var client = EmulatorClient.Create();

            Assert.Throws<ArgumentException>(() => client.Cloud.AddApplicationCertificate("eu", new byte[] { 1, 2, 3 }));
            Assert.Throws<ArgumentException>(() => client.Cloud.AddApplicationCertificate("nobody", certificate.RawData));
            Assert.Empty(client.Cloud.Read(s => s.FindPartner("eu")!.Certificates));
        }
    }
}
