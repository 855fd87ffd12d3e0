using System;

namespace CspAdmin.Emulator
{
    /// <summary>How the emulated cloud is seeded and how it behaves on the wire.</summary>
    public sealed class EmulatorOptions
    {
        /// <summary>Seed of every random choice in the generated data (ids, names, subscriptions, users).</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Total customers of "our" partner over both regions; customer i goes to "eu" when i is even, else "us".</summary>
        public int Customers { get; set; } = 12;

        /// <summary>Exact number of active users in each of our customers.</summary>
        public int UsersPerCustomer { get; set; } = 20;

        /// <summary>The emulator's "now": every date in the state, token lifetimes and throttle windows use it.</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>
        /// Speed-up of emulated durations: latency, slow responses, throttle windows and Retry-After values are divided by it.
        /// Token lifetimes and NCE windows are not scaled; tests move <see cref="Clock"/> for those.
        /// </summary>
        public double TimeScale { get; set; } = 1;

        /// <summary>Real delay added to every request (divided by <see cref="TimeScale"/>).</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>Fraction (0..1) of requests answered 503 before any processing.</summary>
        public double ServerErrorRate { get; set; }

        /// <summary>Fraction (0..1) of requests that fail with HttpRequestException (inner IOException) before any processing.</summary>
        public double DropConnectionRate { get; set; }

        /// <summary>Fraction (0..1) of requests delayed by an extra <see cref="SlowResponseDelay"/>.</summary>
        public double SlowResponseRate { get; set; }

        public TimeSpan SlowResponseDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Enforce the Graph and Partner Center rate limits.</summary>
        public bool Throttling { get; set; } = true;

        public GraphLimits GraphLimits { get; set; } = new GraphLimits();

        public PartnerCenterLimits PartnerCenterLimits { get; set; } = new PartnerCenterLimits();

        /// <summary>
        /// Fraction (0..1) of valid Partner Center subscription PATCHes answered 202 Accepted with a Location header instead of
        /// 200: the change takes effect <see cref="SubscriptionUpdateDelay"/> later, so the client must poll GET.
        /// </summary>
        public double SubscriptionUpdateAcceptedRate { get; set; }

        /// <summary>Emulator-clock delay before a 202-accepted subscription change applies (divided by <see cref="TimeScale"/>).</summary>
        public TimeSpan SubscriptionUpdateDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Highest subscription quantity a PATCH may set (Partner Center error 2002 above it); also every catalog SKU's
        /// maximumQuantity (a cart line above it gets error 10015).
        /// </summary>
        public int MaxSubscriptionQuantity { get; set; } = 10000;

        /// <summary>
        /// Emulator-clock delay between a cart checkout and the fulfilment of its orders (divided by <see cref="TimeScale"/>):
        /// until then the order is "pending" and its subscriptions are "pending" with no seats in Graph.
        /// </summary>
        public TimeSpan OrderFulfilmentDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// Device code sign-ins are approved, as the partner's admin user, at the first poll. Turn it off to approve or deny
        /// them yourself (<see cref="EmulatedCloud.ApproveDeviceCode"/>, <see cref="EmulatedCloud.DenyDeviceCode"/>); until then
        /// polls get <c>authorization_pending</c>.
        /// </summary>
        public bool DeviceCodeAutoApprove { get; set; } = true;

        /// <summary>How long a cart can be changed and checked out after its creation (Partner Center: seven days; not scaled).</summary>
        public TimeSpan CartLifetime { get; set; } = TimeSpan.FromDays(7);

        internal TimeSpan Scale(TimeSpan duration) =>
            TimeScale > 0 && TimeScale != 1 ? TimeSpan.FromTicks((long)(duration.Ticks / TimeScale)) : duration;
    }

    /// <summary>Identity and access service limits (CONTRACTS.md §1.11). Windows are divided by <see cref="EmulatorOptions.TimeScale"/>.</summary>
    public sealed class GraphLimits
    {
        /// <summary>Tenants with fewer users than this are "S".</summary>
        public int MediumTenantMinUsers { get; set; } = 50;

        /// <summary>Tenants with more users than this are "L".</summary>
        public int LargeTenantMaxMediumUsers { get; set; } = 500;

        public int SmallTenantResourceUnits { get; set; } = 3500;
        public int MediumTenantResourceUnits { get; set; } = 5000;
        public int LargeTenantResourceUnits { get; set; } = 8000;
        public TimeSpan AppTenantResourceUnitWindow { get; set; } = TimeSpan.FromSeconds(10);

        public int AppTenantWrites { get; set; } = 3000;
        public TimeSpan AppTenantWriteWindow { get; set; } = TimeSpan.FromSeconds(150);

        public int TenantWrites { get; set; } = 18000;
        public TimeSpan TenantWriteWindow { get; set; } = TimeSpan.FromMinutes(5);

        public int AppWrites { get; set; } = 35000;
        public TimeSpan AppWriteWindow { get; set; } = TimeSpan.FromMinutes(5);

        public int AppResourceUnits { get; set; } = 150000;
        public TimeSpan AppResourceUnitWindow { get; set; } = TimeSpan.FromSeconds(20);
    }

    /// <summary>Partner Center limits (CONTRACTS.md §2.8). Fixed windows, divided by <see cref="EmulatorOptions.TimeScale"/>.</summary>
    public sealed class PartnerCenterLimits
    {
        /// <summary>Requests per window per customer tenant on customers/{id}/subscriptions routes (documented: 500/min).</summary>
        public int SubscriptionRequestsPerCustomer { get; set; } = 500;
        public TimeSpan SubscriptionWindow { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>General requests per window per partner tenant (not documented; configurable).</summary>
        public int RequestsPerPartner { get; set; } = 1000;
        public TimeSpan PartnerWindow { get; set; } = TimeSpan.FromMinutes(1);
    }
}
