using System;
using System.Collections.Generic;

namespace CspAdmin.Engine.PartnerCenter
{
    // Partner Center v1 shapes (CONTRACTS.md §0.2, §2). Enums stay strings ("active", "one_time", …):
    // the service adds values and old clients must not break on them.

    public sealed class PcCollection<T>
    {
        /// <summary>Items in this page, not in the whole collection.</summary>
        public int TotalCount { get; set; }
        public List<T> Items { get; set; } = new List<T>();
        public PcLinks? Links { get; set; }
        public string? ContinuationToken { get; set; }
    }

    public sealed class PcLinks
    {
        public PcLink? Self { get; set; }
        public PcLink? Next { get; set; }
        public PcLink? Offer { get; set; }
        public PcLink? ParentSubscription { get; set; }
    }

    public sealed class PcLink
    {
        public string? Uri { get; set; }
        public string? Method { get; set; }
        public List<PcHeader> Headers { get; set; } = new List<PcHeader>();
    }

    public sealed class PcHeader
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    public sealed class PcAttributes
    {
        public string? Etag { get; set; }
        public string? ObjectType { get; set; }
    }

    public sealed class PcCustomer
    {
        public string? Id { get; set; }
        public string? CommerceId { get; set; }
        public PcCompanyProfile? CompanyProfile { get; set; }
        public string? RelationshipToPartner { get; set; }
        public bool? AllowDelegatedAccess { get; set; }
        public string? AssociatedPartnerId { get; set; }
        public PcAttributes? Attributes { get; set; }
    }

    public sealed class PcCompanyProfile
    {
        public string? TenantId { get; set; }
        public string? Domain { get; set; }
        public string? CompanyName { get; set; }
    }

    public sealed class PcProductType
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
    }

    public sealed class PcRefundableQuantity
    {
        public int TotalQuantity { get; set; }
        public List<PcRefundableDetail> Details { get; set; } = new List<PcRefundableDetail>();
    }

    public sealed class PcRefundableDetail
    {
        public int Quantity { get; set; }
        public DateTimeOffset? AllowedUntilDateTime { get; set; }
    }

    public sealed class PcSubscription
    {
        public string? Id { get; set; }
        public string? EntitlementId { get; set; }
        public string? OfferId { get; set; }
        public string? OfferName { get; set; }
        public string? FriendlyName { get; set; }
        public PcProductType? ProductType { get; set; }
        public int Quantity { get; set; }
        public string? UnitType { get; set; }
        public string? ParentSubscriptionId { get; set; }
        public DateTimeOffset? CreationDate { get; set; }
        public DateTimeOffset? EffectiveStartDate { get; set; }
        public DateTimeOffset? CommitmentEndDate { get; set; }
        public DateTimeOffset? CancellationAllowedUntilDate { get; set; }
        public string? Status { get; set; }
        public bool AutoRenewEnabled { get; set; }
        public string? BillingType { get; set; }
        public string? BillingCycle { get; set; }
        public string? TermDuration { get; set; }
        public bool IsTrial { get; set; }
        public string? PartnerId { get; set; }
        public PcRefundableQuantity? RefundableQuantity { get; set; }
        public string? OrderId { get; set; }
        public PcLinks? Links { get; set; }
        public PcAttributes? Attributes { get; set; }
    }

    public sealed class PcSubscribedSku
    {
        public int AvailableUnits { get; set; }
        public int ActiveUnits { get; set; }
        public int ConsumedUnits { get; set; }
        public int SuspendedUnits { get; set; }
        public int TotalUnits { get; set; }
        public int WarningUnits { get; set; }
        public PcProductSku? ProductSku { get; set; }
        public string? CapabilityStatus { get; set; }
    }

    public sealed class PcProductSku
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? SkuPartNumber { get; set; }
        public string? TargetType { get; set; }
        public string? LicenseGroupId { get; set; }
    }

    /// <summary>The customers filter: {"Field":…,"Value":…,"Operator":"starts_with"} — the only operator customers support.</summary>
    public sealed class PcCustomerFilter
    {
        public PcCustomerFilter(string field, string value)
        {
            Field = field;
            Value = value;
        }

        public string Field { get; }
        public string Value { get; }

        public string ToQueryValue() =>
            "{\"Field\":\"" + Escape(Field) + "\",\"Value\":\"" + Escape(Value) + "\",\"Operator\":\"starts_with\"}";

        private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
    }
}
