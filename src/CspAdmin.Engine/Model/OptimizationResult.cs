
namespace CspAdmin.Engine.Model
{
    /// <summary>One subscription's line of the optimisation.</summary>
    public sealed class OptimizationResult
    {
        public string CustomerId { get; set; } = "";
        public string CompanyName { get; set; } = "";
        public string SubscriptionId { get; set; } = "";
        public string? OfferName { get; set; }
        public string? SkuPartNumber { get; set; }
        public int CurrentQuantity { get; set; }
        /// <summary>Seats of the SKU assigned to users (for the whole SKU, over all its subscriptions).</summary>
        public int Assigned { get; set; }
        public int ProposedQuantity { get; set; }
        public int Saved { get; set; }
        /// <summary>Planned, Applied, Skipped or Failed.</summary>
        public string Status { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Profile { get; set; } = "";

        /// <summary>"Contoso, Microsoft 365 E3: 15 -> 12 seat(s) (Planned)".</summary>
        public override string ToString() =>
            (string.IsNullOrEmpty(CompanyName) ? "" : CompanyName + ", ")
            + $"{OfferName ?? SkuPartNumber ?? SubscriptionId}: {CurrentQuantity} -> {ProposedQuantity} seat(s) ({Status})";
    }
}
