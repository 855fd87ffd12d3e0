using System;

namespace CspAdmin.Engine.Http
{
    /// <summary>How hard the pipeline tries before giving up on a request.</summary>
    public sealed class RetryPolicy
    {
        public int MaxAttempts { get; set; } = 10;
        /// <summary>First backoff when the service gives no Retry-After; doubles each attempt, with full jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>The most a single request may spend waiting between attempts.</summary>
        public TimeSpan MaxTotalWait { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>Requests in flight at once per tenant (Graph: per customer tenant; Partner Center: per partner tenant).</summary>
        public int MaxConcurrencyPerTenant { get; set; } = 8;

        /// <summary>The delay before retry number <paramref name="attempt"/> (1-based) when no Retry-After was given.</summary>
        public TimeSpan Backoff(int attempt, Random random)
        {
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
            // Full jitter: spreads clients that were throttled together so they do not return together.
            return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
        }
    }
}
