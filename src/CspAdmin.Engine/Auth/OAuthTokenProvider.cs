using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Auth
{
    /// <summary>
    /// OAuth 2.0 against an Entra-compatible v2.0 token endpoint ({authority}{tenant}/oauth2/v2.0/token):
    /// client credentials (app only) or a refresh token (app + user, the secure application model).
    /// Tokens are cached per service and tenant in memory only and renewed before they expire.
    /// </summary>
    public sealed class OAuthTokenProvider : IAccessTokenProvider
    {
        private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

        private readonly HttpMessageInvoker _transport;
        private readonly Uri _authority;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly string? _refreshToken;
        private readonly IReadOnlyDictionary<CspService, string> _scopes;
        private readonly TimeProvider _clock;
        private readonly ConcurrentDictionary<string, Lazy<Task<CachedToken>>> _cache = new ConcurrentDictionary<string, Lazy<Task<CachedToken>>>(StringComparer.OrdinalIgnoreCase);

        public OAuthTokenProvider(HttpMessageInvoker transport, Uri authority, string clientId, string clientSecret, string? refreshToken,
            IReadOnlyDictionary<CspService, string> scopes, TimeProvider clock)
        {
            _transport = transport;
            _authority = authority;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _refreshToken = refreshToken;
            _scopes = scopes;
            _clock = clock;
        }

        /// <summary>True when tokens act for a user (app + user); Partner Center requires it for licenses and users.</summary>
        public bool ActsForUser => _refreshToken != null;

        public async Task<string> GetTokenAsync(CspService service, string tenantId, bool forceRefresh, CancellationToken cancellationToken)
        {
            var key = service + "|" + tenantId;
            while (true)
            {
                var entry = _cache.GetOrAdd(key, _ => new Lazy<Task<CachedToken>>(() => AcquireAsync(service, tenantId)));
                CachedToken token;
                try
                {
                    token = await WithCancellation(entry.Value, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // A failed acquisition must not be cached; the next caller tries again.
                    _cache.TryRemove(key, out _);
                    throw;
                }

                if (!forceRefresh && token.RenewAt > _clock.GetUtcNow())
                {
                    return token.Value;
                }

                // Stale or rejected: drop exactly this entry (another caller may have renewed it already) and go again.
                forceRefresh = false;
                ((ICollection<KeyValuePair<string, Lazy<Task<CachedToken>>>>)_cache).Remove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(key, entry));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Stops waiting when this caller is cancelled, while the shared acquisition goes on for the others.</summary>
        private static async Task<T> WithCancellation<T>(Task<T> task, CancellationToken cancellationToken)
        {
            if (!task.IsCompleted && cancellationToken.CanBeCanceled)
            {
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
            }

            return await task.ConfigureAwait(false);
        }

        private async Task<CachedToken> AcquireAsync(CspService service, string tenantId)
        {
            var form = new Dictionary<string, string>
            {
                ["client_id"] = _clientId,
                ["client_secret"] = _clientSecret,
                ["scope"] = _scopes[service],
            };
            if (_refreshToken != null)
            {
                form["grant_type"] = "refresh_token";
                form["refresh_token"] = _refreshToken;
            }
            else
            {
                form["grant_type"] = "client_credentials";
            }

            var endpoint = new Uri(_authority, Uri.EscapeDataString(tenantId) + "/oauth2/v2.0/token");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
            HttpResponseMessage response;
            try
            {
                // Token requests are not cancelled with one caller: others may be waiting on the same acquisition.
                response = await _transport.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new CspException("ConnectionSignInFailed", CspErrorCategory.ConnectionError,
                    $"Could not reach the sign-in endpoint {_authority.GetLeftPart(UriPartial.Authority)}: {ex.Message}", tenantId, ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                using var document = JsonDocument.Parse(CspJson.TrimPreamble(body));
                var root = document.RootElement;
                if (!response.IsSuccessStatusCode)
                {
                    throw SignInErrors.Failed(service, tenantId, CspJson.GetString(root, "error"), CspJson.GetString(root, "error_description"));
                }

                var value = CspJson.GetString(root, "access_token") ?? throw SignInErrors.Failed(service, tenantId, "invalid_response", "The token endpoint returned no access token.");
                var lifetime = int.TryParse(CspJson.GetString(root, "expires_in"), out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(60);
                var renewAfter = lifetime > RenewBeforeExpiry + RenewBeforeExpiry ? lifetime - RenewBeforeExpiry : TimeSpan.FromTicks(lifetime.Ticks / 2);
                return new CachedToken(value, _clock.GetUtcNow() + renewAfter);
            }
        }

        private sealed class CachedToken
        {
            public CachedToken(string value, DateTimeOffset renewAt)
            {
                Value = value;
                RenewAt = renewAt;
            }

            public string Value { get; }
            public DateTimeOffset RenewAt { get; }
        }
    }
}
