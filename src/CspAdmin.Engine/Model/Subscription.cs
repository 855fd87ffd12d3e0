using System;

namespace CspAdmin.Engine.Model
{
    /// <summary>A commerce subscription of a customer (legacy or new commerce), with its seat rules.</summary>
    public sealed class Subscription
    {
        public string CustomerId { get; set; } = "";
        public string SubscriptionId { get; set; } = "";
        public string? OfferId { get; set; }
        public string? OfferName { get; set; }
        public string? FriendlyName { get; set; }
        public string? SkuId { get; set; }
        public string? SkuPartNumber { get; set; }
        /// <summary>The product's friendly name from Microsoft's licensing table.</summary>
        public string? Product { get; set; }
        public int Quantity { get; set; }
        /// <summary>Lower-case service status: active, suspended, expired, deleted, pending, …</summary>
        public string Status { get; set; } = "";
        public bool IsNce { get; set; }
        public bool IsTrial { get; set; }
        public bool AutoRenewEnabled { get; set; }
        /// <summary>ISO 8601 term: P1M, P1Y, P3Y.</summary>
        public string? TermDuration { get; set; }
        public string? BillingCycle { get; set; }
        public DateTimeOffset? CreationDate { get; set; }
        public DateTimeOffset? CommitmentEndDate { get; set; }
        /// <summary>Until when seats may be reduced; null when a decrease is allowed at any time (legacy).</summary>
        public DateTimeOffset? DecreaseAllowedUntil { get; set; }
        /// <summary>Seats that can still be reduced inside the NCE window (0 for legacy, where any reduction is allowed).</summary>
        public int RefundableQuantity { get; set; }
        /// <summary>False for subscriptions another partner sells to this customer (seen through Graph only).</summary>
        public bool ProvidedByThisPartner { get; set; }
        /// <summary>The MPN id of the indirect reseller or partner of record, when the service reports one.</summary>
        public string? PartnerId { get; set; }
        public string? ParentSubscriptionId { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"Microsoft 365 E3: 15 seat(s), active".</summary>
        public override string ToString() => $"{OfferName ?? Product ?? FriendlyName ?? SkuPartNumber ?? SubscriptionId}: {Quantity} seat(s), {Status}";
    }
}
