using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Auth;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Adds the bearer token for the request's service and tenant. A 401 gets one retry with a freshly
    /// acquired token, since a cached token can be revoked or expire early. (Our clients only send
    /// buffered content, so the request can go again.)
    /// </summary>
    public sealed class AuthenticationHandler : DelegatingHandler
    {
        private readonly IAccessTokenProvider _tokens;

        public AuthenticationHandler(IAccessTokenProvider tokens) => _tokens = tokens;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = RequestTarget.Of(request) ?? throw new InvalidOperationException("Every service request must carry a RequestTarget.");
            await AuthorizeAsync(request, target, forceRefresh: false, cancellationToken).ConfigureAwait(false);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            response.Dispose();
            await AuthorizeAsync(request, target, forceRefresh: true, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private async Task AuthorizeAsync(HttpRequestMessage request, RequestTarget target, bool forceRefresh, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetTokenAsync(target.Service, target.TenantId, forceRefresh, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
