using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Retries throttled (429), unavailable (503), timed-out (504) and dropped requests, honouring
    /// Retry-After and otherwise backing off exponentially with jitter, within a cap on the total wait.
    /// Each attempt holds a slot of its tenant's concurrency bound; the waits between attempts do not.
    /// </summary>
    public sealed class RetryHandler : DelegatingHandler
    {
        private readonly RetryPolicy _policy;
        private readonly TenantConcurrencyLimiter _limiter;
        private readonly TimeProvider _clock;
        private readonly PipelineStatistics _statistics;
        private readonly Random _jitter = new Random();

        public RetryHandler(RetryPolicy policy, TimeProvider clock, PipelineStatistics statistics)
        {
            _policy = policy;
            _clock = clock;
            _statistics = statistics;
            _limiter = new TenantConcurrencyLimiter(policy.MaxConcurrencyPerTenant);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var bucket = RequestTarget.Of(request)?.TenantId ?? request.RequestUri?.Host ?? "";
            var body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var waited = TimeSpan.Zero;

            for (var attempt = 1; ; attempt++)
            {
                var attemptRequest = attempt == 1 ? request : Clone(request, body);
                HttpResponseMessage response;
                try
                {
                    using (await _limiter.EnterAsync(bucket, cancellationToken).ConfigureAwait(false))
                    {
                        _statistics.CountRequest();
                        response = await base.SendAsync(attemptRequest, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    var backoff = _policy.Backoff(attempt, NextJitter());
                    if (!IsSafeToRepeat(request))
                    {
                        // The callers of such writes check the live state rather than guess (see LicenseAssigner).
                        throw new CspException("ServiceUnreachable", CspErrorCategory.ConnectionError,
                            $"{request.Method} {ServiceErrors.Describe(request)} lost its connection; the change may or may not have been made: {ex.Message}",
                            request.RequestUri?.AbsolutePath, ex);
                    }

                    if (attempt >= _policy.MaxAttempts || waited + backoff > _policy.MaxTotalWait)
                    {
                        throw new CspException("ServiceUnreachable", CspErrorCategory.ConnectionError,
                            $"{request.Method} {ServiceErrors.Describe(request)} failed after {attempt} attempts: {ex.Message}", request.RequestUri?.AbsolutePath, ex)
                        {
                            RecommendedAction = "Check the network connection and try again.",
                        };
                    }

                    await WaitAsync(backoff, cancellationToken).ConfigureAwait(false);
                    waited += backoff;
                    continue;
                }

                if (response.StatusCode == (HttpStatusCode)429)
                {
                    _statistics.CountThrottled();
                }

                if (!IsRetryable(response.StatusCode) || attempt >= _policy.MaxAttempts)
                {
                    return response;
                }

                var delay = RetryAfter.Read(response, _clock.GetUtcNow()) ?? _policy.Backoff(attempt, NextJitter());
                if (waited + delay > _policy.MaxTotalWait)
                {
                    return response;
                }

                response.Dispose();
                await WaitAsync(delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
            }
        }

        private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            _statistics.CountRetry();
            if (delay > TimeSpan.Zero)
            {
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private Random NextJitter()
        {
            // Random is not thread-safe; a fresh seeded instance per use is cheap and safe.
            lock (_jitter)
            {
                return new Random(_jitter.Next());
            }
        }

        private static bool IsRetryable(HttpStatusCode status) =>
            status == (HttpStatusCode)429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

        private static bool IsTransient(Exception ex, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            // A cancellation that is not ours is HttpClient's timeout.
            return ex is HttpRequestException || ex is IOException || ex is OperationCanceledException;
        }

        /// <summary>
        /// Whether a request whose fate is unknown (the connection dropped) may go again. 429/503/504 answers
        /// mean "not processed" and are always retried; a dropped Graph POST or PATCH may have been applied,
        /// so repeating it blindly could create a user twice — the operation must verify instead.
        /// Partner Center calls carry MS-RequestId, its idempotency key; token requests change nothing.
        /// </summary>
        private static bool IsSafeToRepeat(HttpRequestMessage request)
        {
            var method = request.Method.Method.ToUpperInvariant();
            if (method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE")
            {
                return true;
            }

            var target = RequestTarget.Of(request);
            return target == null || target.Repeatable || target.Service == CspService.PartnerCenter;
        }

        private static HttpRequestMessage Clone(HttpRequestMessage original, byte[]? body)
        {
            var clone = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
            foreach (var header in original.Headers)
            {
                clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var property in original.Properties)
            {
                clone.Properties[property.Key] = property.Value;
            }

            if (body != null)
            {
                clone.Content = new ByteArrayContent(body);
                foreach (var header in original.Content!.Headers)
                {
                    clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return clone;
        }
    }
}
