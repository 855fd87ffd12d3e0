namespace CspAdmin.Engine.Operations
{
    public static class FanOut
    {
        /// <summary>
        /// Customers worked on at once when they stream through a pipeline. Each is a different tenant, so
        /// Graph's per-tenant limits do not add up; the per-tenant concurrency bound still protects each one.
        /// </summary>
        public const int CustomersInFlight = 16;
    }
}
