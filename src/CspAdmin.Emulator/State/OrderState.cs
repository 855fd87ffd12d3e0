using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>Partner Center cart status values, as on the wire ("Active", "Ordered").</summary>
    public static class CartStatus
    {
        public const string Active = "Active";
        public const string Ordered = "Ordered";
    }

    /// <summary>Partner Center order status values, as on the wire.</summary>
    public static class OrderStatus
    {
        public const string Pending = "pending";
        public const string Completed = "completed";
    }

    /// <summary>
    /// A partner's cart for a customer (POST customers/{id}/carts). Only the partner that created it sees it; it can be
    /// changed (PUT) and checked out once, until <see cref="ExpirationTimestamp"/>.
    /// </summary>
    public sealed class CartState
    {
        public string Id { get; set; } = "";
        /// <summary>The partner tenant that created the cart (Partner Center visibility).</summary>
        public string PartnerTenantId { get; set; } = "";
        public DateTimeOffset CreationTimestamp { get; set; }
        public DateTimeOffset LastModifiedTimestamp { get; set; }
        public DateTimeOffset ExpirationTimestamp { get; set; }
        /// <summary>Object id of the user or app that last changed the cart.</summary>
        public string LastModifiedUser { get; set; } = "";
        /// <summary>See <see cref="CartStatus"/>.</summary>
        public string Status { get; set; } = CartStatus.Active;
        public List<CartLineItemState> LineItems { get; set; } = new List<CartLineItemState>();
        /// <summary>MS-RequestId of the successful checkout: a retry with the same id gets the same result again.</summary>
        public string? CheckoutRequestId { get; set; }
        /// <summary>Orders the checkout created, in order-group order.</summary>
        public List<string> OrderIds { get; set; } = new List<string>();
    }

    /// <summary>One line of a cart, as sent (normalised) plus what the service adds: currency, order group, error.</summary>
    public sealed class CartLineItemState
    {
        public int Id { get; set; }
        public string CatalogItemId { get; set; } = "";
        public string? FriendlyName { get; set; }
        public int Quantity { get; set; }
        public string CurrencyCode { get; set; } = "";
        /// <summary>Lower-case jscript enum ("monthly", "annual", "triennial") or what was sent when not recognised.</summary>
        public string BillingCycle { get; set; } = "";
        /// <summary>ISO 8601 term ("P1M", "P1Y", "P3Y") or what was sent.</summary>
        public string? TermDuration { get; set; }
        public string? PromotionId { get; set; }
        public List<ParticipantState> Participants { get; set; } = new List<ParticipantState>();
        public Dictionary<string, string> ProvisioningContext { get; set; } = new Dictionary<string, string>();
        public string OrderGroup { get; set; } = "0";
        /// <summary>CartErrorCode (a number on the wire, e.g. 10001) when the line cannot be bought; null when valid.</summary>
        public int? ErrorCode { get; set; }
        public string? ErrorDescription { get; set; }
    }

    /// <summary>A cart line participant: {"key":"transaction_reseller","value":"&lt;reseller MPN id&gt;"}.</summary>
    public sealed class ParticipantState
    {
        public string Key { get; set; } = "";
        public string Value { get; set; } = "";
    }

    /// <summary>
    /// An order created by a checkout. It stays <see cref="OrderStatus.Pending"/> (its subscriptions "pending", seats not yet in
    /// the tenant's license pools) until <see cref="FulfilAt"/>, when <see cref="TenantState.Settle"/> completes it.
    /// </summary>
    public sealed class OrderState
    {
        /// <summary>Not a GUID: 12 lower-case hex digits, like the NCE checkout example (alternateId is the same).</summary>
        public string Id { get; set; } = "";
        public string AlternateId { get; set; } = "";
        public string PartnerTenantId { get; set; } = "";
        public string CartId { get; set; } = "";
        public string BillingCycle { get; set; } = "monthly";
        public string CurrencyCode { get; set; } = "";
        public DateTimeOffset CreationDate { get; set; }
        /// <summary>See <see cref="OrderStatus"/>.</summary>
        public string Status { get; set; } = OrderStatus.Pending;
        /// <summary>When the order completes (emulator clock); null once it has.</summary>
        public DateTimeOffset? FulfilAt { get; set; }
        public List<OrderLineItemState> LineItems { get; set; } = new List<OrderLineItemState>();
    }

    public sealed class OrderLineItemState
    {
        public int LineItemNumber { get; set; }
        /// <summary>The catalogItemId bought ("productId:skuId:availabilityId").</summary>
        public string OfferId { get; set; } = "";
        public string SubscriptionId { get; set; } = "";
        public string TermDuration { get; set; } = "";
        public string FriendlyName { get; set; } = "";
        public int Quantity { get; set; }
        /// <summary>MPN id of the indirect reseller (transaction_reseller participant), if any.</summary>
        public string? PartnerIdOnRecord { get; set; }
    }
}
