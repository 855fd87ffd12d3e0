using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using CspAdmin.Emulator;
using Microsoft.Identity.Client;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>
    /// Azure.Identity's real credentials (MSAL underneath) against an emulated cloud, set up as the client sets them up: the
    /// emulator as authority host, no instance discovery, the emulator's handler as transport and every tenant allowed.
    /// </summary>
    public static class IdentityClients
    {
        public const string TokenExchangeScope = "api://AzureADTokenExchange/.default";
        public static readonly Uri AuthorityHost = new Uri(EmulatorClient.BaseAddress);

        /// <summary>Partner Center, in the credential's (partner) tenant.</summary>
        public static TokenRequestContext PartnerCenter => new TokenRequestContext(new[] { EmulatorClient.PartnerCenterScope });

        /// <summary>Graph in <paramref name="tenantId"/> (a customer, or the partner itself).</summary>
        public static TokenRequestContext Graph(string tenantId) => new TokenRequestContext(new[] { EmulatorClient.GraphScope }, tenantId: tenantId);

        public static ClientSecretCredential ClientSecret(HttpMessageHandler handler, EmulatedPartner partner) =>
            new ClientSecretCredential(partner.TenantId, partner.ClientId, partner.ClientSecret,
                Configure(handler, new ClientSecretCredentialOptions { DisableInstanceDiscovery = true }, o => o.AdditionallyAllowedTenants));

        public static ClientCertificateCredential ClientCertificate(HttpMessageHandler handler, string tenantId, string clientId, X509Certificate2 certificate) =>
            new ClientCertificateCredential(tenantId, clientId, certificate,
                Configure(handler, new ClientCertificateCredentialOptions { DisableInstanceDiscovery = true }, o => o.AdditionallyAllowedTenants));

        /// <summary>A device code sign-in to the partner's app as a public client; <paramref name="callback"/> sees the code (default: nothing).</summary>
        public static DeviceCodeCredential DeviceCode(HttpMessageHandler handler, EmulatedPartner partner, Func<DeviceCodeInfo, CancellationToken, Task>? callback = null) =>
            new DeviceCodeCredential(Configure(handler, new DeviceCodeCredentialOptions
            {
                DisableInstanceDiscovery = true,
                TenantId = partner.TenantId,
                ClientId = partner.ClientId,
                DeviceCodeCallback = callback ?? ((_, _) => Task.CompletedTask),
            }, o => o.AdditionallyAllowedTenants));

        /// <summary>
        /// The Azure Automation sign-in: the account's managed identity (IDENTITY_ENDPOINT / IDENTITY_HEADER from the environment)
        /// gets a token for api://AzureADTokenExchange, which the partner's app accepts as a federated credential.
        /// </summary>
        public static ClientAssertionCredential ManagedIdentityAssertion(HttpMessageHandler handler, EmulatedPartner partner)
        {
            var identity = ManagedIdentity(handler);
            return new ClientAssertionCredential(partner.TenantId, partner.ClientId,
                async ct => (await identity.GetTokenAsync(new TokenRequestContext(new[] { TokenExchangeScope }), ct)).Token,
                Configure(handler, new ClientAssertionCredentialOptions { DisableInstanceDiscovery = true }, o => o.AdditionallyAllowedTenants));
        }

        /// <summary>The system-assigned managed identity (Azure.Identity 1.21 takes the transport through ManagedIdentityCredentialOptions).</summary>
        public static ManagedIdentityCredential ManagedIdentity(HttpMessageHandler handler) =>
            new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(ManagedIdentityId.SystemAssigned) { Transport = Transport(handler) });

        /// <summary>
        /// Gets an app-only Partner Center token (partner tenant) and a Graph token for the partner's first customer with
        /// <paramref name="credential"/>, checks their claims and that both APIs accept them.
        /// </summary>
        public static async Task AssertAppOnlyTokensWorkAsync(EmulatorClient client, EmulatedPartner partner, TokenCredential credential)
        {
            var customer = client.CustomersOf(partner)[0];

            var partnerCenter = await credential.GetTokenAsync(PartnerCenter, default);
            var graph = await credential.GetTokenAsync(Graph(customer.Id), default);

            var claims = EmulatorClient.Claims(partnerCenter.Token);
            Assert.Equal("https://api.partnercenter.microsoft.com", claims.GetProperty("aud").GetString());
            Assert.Equal("app", claims.GetProperty("idtyp").GetString());
            Assert.Equal(partner.TenantId, claims.GetProperty("tid").GetString());
            Assert.Equal(partner.ClientId, claims.GetProperty("appid").GetString());
            Assert.Equal(customer.Id, EmulatorClient.Claims(graph.Token).GetProperty("tid").GetString());
            Assert.Equal("app", EmulatorClient.Claims(graph.Token).GetProperty("idtyp").GetString());
            var customers = await client.GetAsync("partnercenter/v1/customers", partnerCenter.Token);
            var users = await client.GetAsync("graph/v1.0/users?$select=id", graph.Token);
            Assert.True(customers.Status == 200, customers.ToString());
            Assert.True(users.Status == 200, users.ToString());
        }

        /// <summary>Expects Azure.Identity to fail and returns MSAL's exception underneath (ErrorCode, the AADSTS message, StatusCode).</summary>
        public static async Task<MsalServiceException> RefusedAsync(TokenCredential credential, TokenRequestContext context)
        {
            var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => credential.GetTokenAsync(context, default).AsTask());
            return Assert.IsAssignableFrom<MsalServiceException>(error.InnerException);
        }

        private static HttpPipelineTransport Transport(HttpMessageHandler handler) => new HttpClientTransport(new HttpClient(handler));

        private static T Configure<T>(HttpMessageHandler handler, T options, Func<T, IList<string>> additionallyAllowedTenants)
            where T : TokenCredentialOptions
        {
            options.AuthorityHost = AuthorityHost;
            options.Transport = Transport(handler);
            additionallyAllowedTenants(options).Add("*");
            return options;
        }
    }

    /// <summary>Self-signed app certificates and client assertions made by hand (for the cases MSAL would never send).</summary>
    public static class TestCertificates
    {
        /// <summary>A new RSA-2048 certificate with its private key, valid from yesterday for a year (real clock).</summary>
        public static X509Certificate2 Create(string name = "CspAdmin test app")
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        }

        /// <summary>
        /// A client assertion like MSAL's: header alg + x5t#S256, claims aud, iss = sub = <paramref name="clientId"/>, nbf, exp
        /// (real clock; default now .. now + 10 minutes) and jti, signed with the certificate's private key.
        /// </summary>
        public static string Assertion(X509Certificate2 certificate, string clientId, string audience, string algorithm = "PS256",
            DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, string? subject = null)
        {
            var now = DateTimeOffset.UtcNow;
            var header = new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT", ["x5t#S256"] = Base64Url(SHA256.HashData(certificate.RawData)) };
            var payload = new Dictionary<string, object>
            {
                ["aud"] = audience,
                ["iss"] = clientId,
                ["sub"] = subject ?? clientId,
                ["nbf"] = (notBefore ?? now).ToUnixTimeSeconds(),
                ["exp"] = (expires ?? now.AddMinutes(10)).ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString(),
            };
            var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
            using var key = certificate.GetRSAPrivateKey()!;
            var padding = algorithm == "RS256" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
            return unsigned + "." + Base64Url(key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, padding));
        }

        public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
