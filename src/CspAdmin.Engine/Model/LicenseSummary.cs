namespace CspAdmin.Engine.Model
{
    /// <summary>One product's seats in one customer tenant, summed over every subscription of that SKU.</summary>
    public sealed class LicenseSummary
    {
        public string CustomerId { get; set; } = "";
        /// <summary>The customer's company name, so tables read without GUIDs.</summary>
        public string CompanyName { get; set; } = "";
        /// <summary>The friendly product name from Microsoft's licensing table (the part number when unknown).</summary>
        public string Product { get; set; } = "";
        public string SkuPartNumber { get; set; } = "";
        public string SkuId { get; set; } = "";
        /// <summary>Seats paid for and usable (prepaidUnits.enabled).</summary>
        public int Active { get; set; }
        /// <summary>Seats assigned to users (consumedUnits).</summary>
        public int Assigned { get; set; }
        /// <summary>Active − Assigned; negative when more seats are assigned than paid for.</summary>
        public int Available { get; set; }
        /// <summary>Seats of suspended (cancelled but reactivatable) subscriptions.</summary>
        public int Suspended { get; set; }
        /// <summary>Seats of expired subscriptions in their grace period.</summary>
        public int Warning { get; set; }
        public string[] SubscriptionIds { get; set; } = new string[0];
        public string Profile { get; set; } = "";

        /// <summary>"Microsoft 365 E3: 12 of 15 assigned".</summary>
        public override string ToString() => $"{Product}: {Assigned} of {Active} assigned";
    }
}
