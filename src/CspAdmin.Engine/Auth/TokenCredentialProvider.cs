using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Auth
{
    /// <summary>
    /// Tokens from an Azure.Identity credential (certificate, managed identity, device code): Partner Center in the
    /// partner tenant, Graph in each customer tenant. MSAL caches them in memory and renews them before they expire;
    /// a token the service rejected is replaced by signing in afresh.
    /// </summary>
    internal sealed class TokenCredentialProvider : IAccessTokenProvider
    {
        private readonly Func<TokenCredential> _createCredential;
        private readonly IReadOnlyDictionary<CspService, string> _scopes;
        private TokenCredential _credential;

        public TokenCredentialProvider(Func<TokenCredential> createCredential, IReadOnlyDictionary<CspService, string> scopes)
        {
            _createCredential = createCredential;
            _scopes = scopes;
            _credential = createCredential();
        }

        public async Task<string> GetTokenAsync(CspService service, string tenantId, bool forceRefresh, CancellationToken cancellationToken)
        {
            if (forceRefresh)
            {
                // MSAL would hand back the cached token the service just refused; a new credential has an empty cache.
                Volatile.Write(ref _credential, _createCredential());
            }

            try
            {
                var token = await Volatile.Read(ref _credential)
                    .GetTokenAsync(new TokenRequestContext(new[] { _scopes[service] }, tenantId: tenantId), cancellationToken).ConfigureAwait(false);
                return token.Token;
            }
            catch (AuthenticationFailedException ex)
            {
                throw SignInErrors.Failed(service, tenantId, ex.GetType().Name, Reason(ex));
            }
        }

        /// <summary>The AADSTS line of the innermost message, without Azure.Identity's troubleshooting boilerplate.</summary>
        private static string Reason(Exception error)
        {
            var innermost = error;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            var message = innermost.Message;
            var aadsts = message.IndexOf("AADSTS", StringComparison.Ordinal);
            return aadsts >= 0 ? message.Substring(aadsts) : message;
        }
    }

    /// <summary>A Partner Center token obtained elsewhere (-AccessToken). It reaches no customer tenant, so Graph calls are refused.</summary>
    internal sealed class StaticTokenProvider : IAccessTokenProvider
    {
        private readonly string _token;

        public StaticTokenProvider(string token) => _token = token;

        public Task<string> GetTokenAsync(CspService service, string tenantId, bool forceRefresh, CancellationToken cancellationToken)
        {
            if (service == CspService.PartnerCenter && !forceRefresh)
            {
                return Task.FromResult(_token);
            }

            throw new CspException(forceRefresh ? "ConnectionTokenRejected" : "ConnectionTokenNotForGraph", CspErrorCategory.AuthenticationError,
                forceRefresh
                    ? "Partner Center refused the access token given to Connect-CspService -AccessToken (expired or for another audience)."
                    : $"This connection was made with a Partner Center access token, which cannot reach customer tenant {tenantId} in Microsoft Graph.", tenantId)
            {
                RecommendedAction = "Connect with a sign-in method that gets tokens per tenant: app + user, certificate, managed identity or device code.",
            };
        }
    }
}
