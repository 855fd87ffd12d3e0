using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Stamps request ids once per logical call, above the retry loop: Graph's client-request-id, and
    /// Partner Center's MS-RequestId (its idempotency key, which must be the same on every retry) and
    /// MS-CorrelationId.
    /// </summary>
    public sealed class CorrelationHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = RequestTarget.Of(request);
            if (target?.Service == CspService.PartnerCenter)
            {
                SetIfMissing(request, "MS-RequestId");
                SetIfMissing(request, "MS-CorrelationId");
                SetIfMissing(request, "MS-Contract-Version", "v1");
            }
            else
            {
                SetIfMissing(request, "client-request-id");
            }

            return base.SendAsync(request, cancellationToken);
        }

        private static void SetIfMissing(HttpRequestMessage request, string header, string? value = null)
        {
            if (!request.Headers.Contains(header))
            {
                request.Headers.TryAddWithoutValidation(header, value ?? Guid.NewGuid().ToString());
            }
        }
    }
}
