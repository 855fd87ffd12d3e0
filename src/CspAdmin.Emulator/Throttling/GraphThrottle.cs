using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator.Throttling
{
    internal sealed class ThrottleDecision
    {
        public static readonly ThrottleDecision Allowed = new ThrottleDecision();

        public bool IsThrottled { get; private set; }
        /// <summary>Emulator-clock time until the request would fit (already scaled).</summary>
        public TimeSpan RetryAfter { get; private set; }
        /// <summary>x-ms-throttle-scope, e.g. "Tenant_Application/ReadWrite/{appId}/{tenantId}".</summary>
        public string Scope { get; private set; } = "";
        /// <summary>x-ms-throttle-information, e.g. "ResourceUnitLimitExceeded".</summary>
        public string Information { get; private set; } = "";
        /// <summary>Highest share of any limit in use after the request (x-ms-throttle-limit-percentage from 0.8).</summary>
        public double LimitFraction { get; private set; }

        public static ThrottleDecision Throttled(TimeSpan retryAfter, string scope, string information) =>
            new ThrottleDecision { IsThrottled = true, RetryAfter = retryAfter, Scope = scope, Information = information };

        public static ThrottleDecision Passed(double fraction) => new ThrottleDecision { LimitFraction = fraction };
    }

    /// <summary>
    /// Identity and access service limits (CONTRACTS §1.11) as token buckets on the emulator clock: resource units per
    /// app+tenant (by tenant size) and per app, writes per app+tenant, per tenant and per app. A request is admitted only if it
    /// fits every applicable bucket; a throttled request consumes nothing, so its Retry-After is exact (the docs say throttled
    /// requests keep counting; we don't, so a client that honours Retry-After always gets through).
    /// </summary>
    internal sealed class GraphThrottle
    {
        private readonly EmulatorOptions _options;
        private readonly Dictionary<string, TokenBucket> _buckets = new Dictionary<string, TokenBucket>(StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new object();

        public GraphThrottle(EmulatorOptions options) => _options = options;

        public ThrottleDecision Charge(string appId, string tenantId, int tenantUsers, int resourceUnits, int writes, DateTimeOffset now)
        {
            if (!_options.Throttling)
            {
                return ThrottleDecision.Allowed;
            }

            var limits = _options.GraphLimits;
            var tenantRu = tenantUsers < limits.MediumTenantMinUsers ? limits.SmallTenantResourceUnits
                : tenantUsers <= limits.LargeTenantMaxMediumUsers ? limits.MediumTenantResourceUnits
                : limits.LargeTenantResourceUnits;
            var checks = new List<Check>
            {
                new Check("ru|" + appId + "|" + tenantId, tenantRu, limits.AppTenantResourceUnitWindow, resourceUnits,
                    "Tenant_Application/ReadWrite/" + appId + "/" + tenantId, "ResourceUnitLimitExceeded"),
                new Check("ru|" + appId, limits.AppResourceUnits, limits.AppResourceUnitWindow, resourceUnits,
                    "Application/ReadWrite/" + appId + "/" + tenantId, "ResourceUnitLimitExceeded"),
            };
            if (writes > 0)
            {
                checks.Add(new Check("w|" + appId + "|" + tenantId, limits.AppTenantWrites, limits.AppTenantWriteWindow, writes,
                    "Tenant_Application/Write/" + appId + "/" + tenantId, "WriteLimitExceeded"));
                checks.Add(new Check("w||" + tenantId, limits.TenantWrites, limits.TenantWriteWindow, writes,
                    "Tenant/Write/" + appId + "/" + tenantId, "WriteLimitExceeded"));
                checks.Add(new Check("w|" + appId, limits.AppWrites, limits.AppWriteWindow, writes,
                    "Application/Write/" + appId + "/" + tenantId, "WriteLimitExceeded"));
            }

            lock (_gate)
            {
                Check? worst = null;
                var longest = TimeSpan.Zero;
                foreach (var check in checks)
                {
                    check.Bucket = Bucket(check, now);
                    var wait = check.Bucket.WaitFor(check.Cost, now);
                    if (wait.HasValue && wait.Value > longest)
                    {
                        longest = wait.Value;
                        worst = check;
                    }
                }

                if (worst != null)
                {
                    return ThrottleDecision.Throttled(longest, worst.Scope, worst.Information);
                }

                var fraction = 0.0;
                foreach (var check in checks)
                {
                    check.Bucket!.Take(check.Cost);
                    fraction = Math.Max(fraction, check.Bucket.UsedFraction);
                }

                return ThrottleDecision.Passed(fraction);
            }
        }

        private TokenBucket Bucket(Check check, DateTimeOffset now)
        {
            var window = _options.Scale(check.Window);
            if (!_buckets.TryGetValue(check.Key, out var bucket))
            {
                bucket = new TokenBucket(check.Capacity, window, now);
                _buckets[check.Key] = bucket;
            }
            else
            {
                bucket.Configure(check.Capacity, window);
            }

            return bucket;
        }

        private sealed class Check
        {
            public Check(string key, int capacity, TimeSpan window, int cost, string scope, string information)
            {
                Key = key;
                Capacity = capacity;
                Window = window;
                Cost = cost;
                Scope = scope;
                Information = information;
            }

            public string Key { get; }
            public int Capacity { get; }
            public TimeSpan Window { get; }
            public int Cost { get; }
            public string Scope { get; }
            public string Information { get; }
            public TokenBucket? Bucket { get; set; }
        }
    }
}
