using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using CspAdmin.Engine.Auth;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Connections
{
    /// <summary>Signs in to a stored profile's endpoints (a real cloud, or an emulator server on loopback) by the profile's method.</summary>
    public static class ProfileConnector
    {
        /// <summary>The audience a managed identity's token must have to stand in for the partner app's credential.</summary>
        private const string FederationScope = "api://AzureADTokenExchange/.default";

        public static async Task<CspConnection> ConnectAsync(CspProfile profile, SignInSecrets secrets, CancellationToken cancellationToken,
            HttpMessageHandler? transport = null)
        {
            RequireSecureEndpoints(profile);
            transport ??= new HttpClientHandler();
            // What the caller hands over says how to sign in; otherwise the profile does. A refresh token only serves
            // app + user, so it picks that method even for a profile stored with another one.
            var method = secrets.UseManagedIdentity ? SignInMethods.ManagedIdentity
                : secrets.AccessToken != null ? SignInMethods.AccessToken
                : secrets.Certificate != null ? SignInMethods.Certificate
                : secrets.RefreshToken != null ? SignInMethods.AppAndUser
                : SignInMethods.Canonical(profile.SignInMethod) ?? throw new CspException("ProfileSignInMethodInvalid", CspErrorCategory.InvalidData,
                    $"Sign-in method '{profile.SignInMethod}' is not one of {string.Join(", ", SignInMethods.All)}.", profile.SignInMethod);
            var connection = method switch
            {
                SignInMethods.AppAndUser => CspConnection.WithClientSecret(profile, transport,
                    Required(profile, method, secrets.ClientSecret, profile.ClientSecretVariable, "the application's client secret", "-ClientSecret"),
                    Required(profile, method, secrets.RefreshToken, profile.RefreshTokenVariable, "a refresh token of the consented partner user", "-RefreshToken"),
                    TimeProvider.System),
                SignInMethods.ClientSecret => CspConnection.WithClientSecret(profile, transport,
                    Required(profile, method, secrets.ClientSecret, profile.ClientSecretVariable, "the application's client secret", "-ClientSecret"),
                    null, TimeProvider.System),
                SignInMethods.AccessToken => new CspConnection(profile, transport,
                    _ => new StaticTokenProvider(Required(profile, method, secrets.AccessToken, null, "a Partner Center access token", "-AccessToken")),
                    method, TimeProvider.System),
                _ => WithCredential(profile, transport, method, secrets),
            };

            try
            {
                await connection.VerifySignInAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        private static CspConnection WithCredential(CspProfile profile, HttpMessageHandler transport, string method, SignInSecrets secrets)
        {
            var certificate = method == SignInMethods.Certificate ? secrets.Certificate ?? LoadCertificate(profile, secrets.CertificatePassword) : null;
            var authority = AuthorityFor(profile, transport, out var identityTransport);
            return new CspConnection(profile, transport,
                _ => new TokenCredentialProvider(() => Credential(profile, method, certificate, secrets.DeviceCodePrompt, authority, identityTransport), profile.Scopes()),
                method, TimeProvider.System);
        }

        private static TokenCredential Credential(CspProfile profile, string method, X509Certificate2? certificate, Action<string>? prompt,
            Uri authority, HttpPipelineTransport transport)
        {
            T Configure<T>(T options)
                where T : TokenCredentialOptions
            {
                options.AuthorityHost = authority;
                options.Transport = transport;
                return options;
            }

            // Real clouds keep Entra's instance discovery; custom endpoints (an emulator) are trusted as configured.
            var discover = CloudEndpoints.For(profile.Cloud) != null;
            switch (method)
            {
                case SignInMethods.Certificate:
                    return new ClientCertificateCredential(profile.PartnerTenantId, profile.ApplicationId, certificate!,
                        Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = !discover, AdditionallyAllowedTenants = { "*" }, SendCertificateChain = false }));
                case SignInMethods.DeviceCode:
                    return new DeviceCodeCredential(Configure(new DeviceCodeCredentialOptions
                    {
                        TenantId = profile.PartnerTenantId,
                        ClientId = profile.ApplicationId,
                        DisableInstanceDiscovery = !discover,
                        AdditionallyAllowedTenants = { "*" },
                        DeviceCodeCallback = (code, _) =>
                        {
                            (prompt ?? (_ => { }))(code.Message);
                            return Task.CompletedTask;
                        },
                    }));
                case SignInMethods.ManagedIdentity:
                    // The identity's token is the partner app's client assertion (a federated credential), so the app,
                    // not the identity, signs in to Partner Center and into customer tenants.
                    var identity = new ManagedIdentityCredential(Configure(new ManagedIdentityCredentialOptions(
                        string.IsNullOrEmpty(profile.ManagedIdentityClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(profile.ManagedIdentityClientId))));
                    return new ClientAssertionCredential(profile.PartnerTenantId, profile.ApplicationId,
                        async cancellationToken => (await identity.GetTokenAsync(new TokenRequestContext(new[] { FederationScope }), cancellationToken).ConfigureAwait(false)).Token,
                        Configure(new ClientAssertionCredentialOptions { DisableInstanceDiscovery = !discover, AdditionallyAllowedTenants = { "*" } }));
                default:
                    throw new ArgumentOutOfRangeException(nameof(method), method, "Not a credential-based sign-in method.");
            }
        }

        /// <summary>
        /// MSAL insists on an https authority. An emulator server on loopback speaks plain http, so MSAL is given the
        /// https spelling and its requests to that host are sent as http.
        /// </summary>
        private static Uri AuthorityFor(CspProfile profile, HttpMessageHandler transport, out HttpPipelineTransport identityTransport)
        {
            var authority = profile.AuthorityEndpoint;
            if (authority.Scheme == Uri.UriSchemeHttps)
            {
                identityTransport = new HttpClientTransport(new HttpClient(transport, disposeHandler: false));
                return authority;
            }

            var secure = new UriBuilder(authority) { Scheme = Uri.UriSchemeHttps, Port = authority.Port }.Uri;
            identityTransport = new HttpClientTransport(new HttpClient(new LoopbackHttpHandler(secure, authority) { InnerHandler = transport }, disposeHandler: false));
            return secure;
        }

        private static void RequireSecureEndpoints(CspProfile profile)
        {
            foreach (var endpoint in new[] { profile.GraphEndpoint, profile.PartnerCenterEndpoint, profile.AuthorityEndpoint })
            {
                // Tokens and customer data never cross the network in clear; loopback is the emulator server.
                if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
                {
                    throw new CspException("ProfileEndpointInsecure", CspErrorCategory.InvalidData,
                        $"Profile '{profile.Name}' uses {endpoint}, which is not HTTPS. Plain HTTP is allowed only for an emulator on a loopback address.", profile.Name)
                    {
                        RecommendedAction = "Change the endpoint to https with Set-CspProfile.",
                    };
                }
            }
        }

        /// <summary>The secret given to the command, else the one in the environment variable the profile names.</summary>
        private static string Required(CspProfile profile, string method, string? given, string? variable, string what, string parameter)
        {
            if (!string.IsNullOrEmpty(given))
            {
                return given!;
            }

            var fromEnvironment = string.IsNullOrEmpty(variable) ? null : Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment!;
            }

            throw new CspException("ConnectionSecretMissing", CspErrorCategory.InvalidArgument,
                $"Profile '{profile.Name}' signs in with {method}, which needs {what}."
                + (string.IsNullOrEmpty(variable) ? "" : $" The environment variable {variable} named by the profile is not set."), profile.Name)
            {
                RecommendedAction = $"Pass {parameter} as a SecureString, or name an environment variable that holds it in the profile (Set-CspProfile).",
            };
        }

        private static X509Certificate2 LoadCertificate(CspProfile profile, string? password)
        {
            X509Certificate2? certificate;
            if (!string.IsNullOrEmpty(profile.CertificateThumbprint))
            {
                certificate = FindInStore(StoreLocation.CurrentUser, profile.CertificateThumbprint!) ?? FindInStore(StoreLocation.LocalMachine, profile.CertificateThumbprint!);
                if (certificate == null)
                {
                    throw CertificateProblem(profile, "ProfileCertificateNotFound", CspErrorCategory.ObjectNotFound,
                        $"No certificate with thumbprint {profile.CertificateThumbprint} is in the CurrentUser or LocalMachine 'My' store.", null);
                }
            }
            else
            {
                try
                {
                    certificate = new X509Certificate2(profile.CertificatePath!, password, X509KeyStorageFlags.Exportable);
                }
                catch (Exception ex) when (ex is CryptographicException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
                {
                    throw CertificateProblem(profile, "ProfileCertificateUnreadable", CspErrorCategory.InvalidData,
                        $"Could not read the certificate file {profile.CertificatePath}: {ex.Message.Trim()}", ex);
                }
            }

            if (!certificate.HasPrivateKey)
            {
                throw CertificateProblem(profile, "ProfileCertificateNoPrivateKey", CspErrorCategory.InvalidData,
                    $"The certificate {certificate.Thumbprint} has no private key, so it cannot sign in.", null);
            }

            return certificate;
        }

        private static X509Certificate2? FindInStore(StoreLocation location, string thumbprint)
        {
            using (var store = new X509Store(StoreName.My, location))
            {
                try
                {
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                }
                catch (CryptographicException)
                {
                    return null; // no such store on this machine (LocalMachine on Linux)
                }

                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", ""), validOnly: false);
                return found.Count > 0 ? found[0] : null;
            }
        }

        private static CspException CertificateProblem(CspProfile profile, string errorId, CspErrorCategory category, string message, Exception? inner) =>
            new CspException(errorId, category, $"Profile '{profile.Name}': {message}", profile.Name, inner)
            {
                RecommendedAction = "Install the certificate with its private key, or point the profile at another one with Set-CspProfile.",
            };

        /// <summary>Sends MSAL's https requests for a loopback emulator as the http it actually speaks.</summary>
        private sealed class LoopbackHttpHandler : DelegatingHandler
        {
            private readonly Uri _secure;
            private readonly Uri _plain;

            public LoopbackHttpHandler(Uri secure, Uri plain)
            {
                _secure = secure;
                _plain = plain;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var uri = request.RequestUri;
                if (uri != null && Uri.Compare(uri, _secure, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    request.RequestUri = new UriBuilder(uri) { Scheme = _plain.Scheme, Port = _plain.Port }.Uri;
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
