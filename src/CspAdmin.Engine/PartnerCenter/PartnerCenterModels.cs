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
        public PcBillingProfile? BillingProfile { get; set; }
        /// <summary>Only in the answer to creating a customer.</summary>
        public PcUserCredentials? UserCredentials { get; set; }
        public PcAttributes? Attributes { get; set; }
    }

    public sealed class PcBillingProfile
    {
        public string? Email { get; set; }
        public string? Culture { get; set; }
        public string? Language { get; set; }
        public string? CompanyName { get; set; }
        public PcAddress? DefaultAddress { get; set; }
    }

    public sealed class PcAddress
    {
        public string? Country { get; set; }
        public string? Region { get; set; }
        public string? City { get; set; }
        public string? State { get; set; }
        public string? AddressLine1 { get; set; }
        public string? AddressLine2 { get; set; }
        public string? PostalCode { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? PhoneNumber { get; set; }
    }

    public sealed class PcUserCredentials
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }

        /// <summary>Never the password, whatever prints this.</summary>
        public override string ToString() => UserName ?? "";
    }

    public sealed class PcRelationshipRequest
    {
        public string? Url { get; set; }
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

    public sealed class PcProduct
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public PcProductType? ProductType { get; set; }
    }

    public sealed class PcSku
    {
        public string? Id { get; set; }
        public string? ProductId { get; set; }
        public string? Title { get; set; }
        public int MinimumQuantity { get; set; }
        public int MaximumQuantity { get; set; }
        public bool IsTrial { get; set; }
        public List<string> SupportedBillingCycles { get; set; } = new List<string>();
        /// <summary>Holds provisioningId: the Entra (Graph) skuId the SKU licenses.</summary>
        public Dictionary<string, System.Text.Json.JsonElement> DynamicAttributes { get; set; } = new Dictionary<string, System.Text.Json.JsonElement>();
    }

    public sealed class PcAvailability
    {
        public string? Id { get; set; }
        public string? ProductId { get; set; }
        public string? SkuId { get; set; }
        public string? CatalogItemId { get; set; }
        public List<PcTerm> Terms { get; set; } = new List<PcTerm>();
    }

    public sealed class PcTerm
    {
        public string? Duration { get; set; }
        public string? BillingCycle { get; set; }
        public string? Description { get; set; }
    }

    public sealed class PcCart
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public List<PcCartLineItem> LineItems { get; set; } = new List<PcCartLineItem>();
    }

    public sealed class PcCartLineItem
    {
        public int Id { get; set; }
        public string? CatalogItemId { get; set; }
        public int Quantity { get; set; }
        public string? BillingCycle { get; set; }
        public string? TermDuration { get; set; }
        public string? FriendlyName { get; set; }
        public PcCartError? Error { get; set; }
    }

    public sealed class PcCartError
    {
        public string? ErrorCode { get; set; }
        public string? ErrorDescription { get; set; }
    }

    public sealed class PcCheckoutResult
    {
        public List<PcOrder> Orders { get; set; } = new List<PcOrder>();
        public List<PcOrderError> OrderErrors { get; set; } = new List<PcOrderError>();
    }

    public sealed class PcOrder
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public List<PcOrderLineItem> LineItems { get; set; } = new List<PcOrderLineItem>();
    }

    public sealed class PcOrderLineItem
    {
        public int LineItemNumber { get; set; }
        public string? OfferId { get; set; }
        public string? SubscriptionId { get; set; }
        public int Quantity { get; set; }
    }

    public sealed class PcOrderError
    {
        public string? OrderGroupId { get; set; }
        public string? Code { get; set; }
        public string? Description { get; set; }
    }
}
