using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator.Throttling
{
    /// <summary>
    /// Partner Center limits (CONTRACTS §2.8) as fixed windows on the emulator clock: every request counts against its partner
    /// tenant, subscription routes also against the customer tenant. A window opens with its first request; Retry-After is the
    /// rest of the window. Throttled requests are not counted.
    /// </summary>
    internal sealed class PartnerCenterThrottle
    {
        private readonly EmulatorOptions _options;
        private readonly Dictionary<string, Window> _windows = new Dictionary<string, Window>(StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new object();

        public PartnerCenterThrottle(EmulatorOptions options) => _options = options;

        /// <summary>Null when admitted; otherwise the emulator-clock time until the exhausted window ends.</summary>
        public TimeSpan? Charge(string partnerTenantId, string? subscriptionCustomerTenantId, DateTimeOffset now)
        {
            if (!_options.Throttling)
            {
                return null;
            }

            var limits = _options.PartnerCenterLimits;
            lock (_gate)
            {
                var partner = Get("p|" + partnerTenantId, limits.PartnerWindow, now);
                var customer = subscriptionCustomerTenantId == null ? null : Get("s|" + subscriptionCustomerTenantId, limits.SubscriptionWindow, now);
                TimeSpan? wait = null;
                if (partner.Count >= limits.RequestsPerPartner)
                {
                    wait = partner.End - now;
                }

                if (customer != null && customer.Count >= limits.SubscriptionRequestsPerCustomer && (wait == null || customer.End - now > wait))
                {
                    wait = customer.End - now;
                }

                if (wait != null)
                {
                    return wait;
                }

                partner.Count++;
                if (customer != null)
                {
                    customer.Count++;
                }

                return null;
            }
        }

        private Window Get(string key, TimeSpan length, DateTimeOffset now)
        {
            if (!_windows.TryGetValue(key, out var window) || now >= window.End || now < window.Start)
            {
                window = new Window { Start = now, End = now + _options.Scale(length) };
                _windows[key] = window;
            }

            return window;
        }

        private sealed class Window
        {
            public DateTimeOffset Start;
            public DateTimeOffset End;
            public int Count;
        }
    }
}
