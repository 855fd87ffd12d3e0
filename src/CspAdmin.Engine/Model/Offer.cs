namespace CspAdmin.Engine.Model
{
    /// <summary>Something a partner can order for a customer: a new-commerce catalog item with its terms.</summary>
    public sealed class Offer
    {
        /// <summary>The catalog item id (productId:skuId:availabilityId) that New-CspSubscription orders.</summary>
        public string OfferId { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The friendly product name from Microsoft's licensing table, when the SKU is known.</summary>
        public string? Product { get; set; }
        public string? SkuPartNumber { get; set; }
        /// <summary>The Entra (Graph) SKU id the offer licenses.</summary>
        public string? SkuId { get; set; }
        public string[] TermDurations { get; set; } = new string[0];
        public string[] BillingCycles { get; set; } = new string[0];
        /// <summary>The term and billing combinations sold, e.g. "P1Y annual".</summary>
        public string[] Terms { get; set; } = new string[0];
        public int MinimumQuantity { get; set; }
        public int MaximumQuantity { get; set; }
        public bool IsTrial { get; set; }
        public string Country { get; set; } = "";
        public string Profile { get; set; } = "";

        /// <summary>"Microsoft 365 E3 (SPE_E3)".</summary>
        public override string ToString() => string.IsNullOrEmpty(SkuPartNumber) ? Name : $"{Name} ({SkuPartNumber})";
    }
}
