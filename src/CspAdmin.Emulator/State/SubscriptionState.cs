using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CspAdmin.Emulator
{
    /// <summary>Partner Center subscription status values (lower-case, as on the wire).</summary>
    public static class SubscriptionStatus
    {
        public const string Active = "active";
        /// <summary>Bought through a cart checkout and not yet provisioned: in Partner Center only, no seats in the tenant.</summary>
        public const string Pending = "pending";
        public const string Suspended = "suspended";
        /// <summary>Ended but still in the grace period: Graph shows these seats as prepaidUnits.warning.</summary>
        public const string Expired = "expired";
        public const string Deleted = "deleted";
    }

    /// <summary>
    /// One commerce subscription in a tenant. Partner Center shows it to the partner that sold it (<see cref="SellerTenantId"/>);
    /// Graph shows every subscription of the tenant as a companySubscription and sums them into subscribedSkus.
    /// </summary>
    public sealed class SubscriptionState
    {
        /// <summary>Partner Center subscription id (= Graph commerceSubscriptionId).</summary>
        public string Id { get; set; } = "";
        /// <summary>Graph companySubscription id (listed in subscribedSku.subscriptionIds).</summary>
        public string DirectoryId { get; set; } = "";
        /// <summary>Tenant id of the partner that sold the subscription (Partner Center visibility).</summary>
        public string SellerTenantId { get; set; } = "";
        /// <summary>Indirect reseller tenant id; its MPN id is the subscription's partnerId.</summary>
        public string? ResellerTenantId { get; set; }
        public string SkuId { get; set; } = "";
        /// <summary>New commerce (NCE) subscription; otherwise legacy.</summary>
        public bool IsNce { get; set; }
        /// <summary>NCE: "productId:skuId:availabilityId"; legacy: offer GUID.</summary>
        public string OfferId { get; set; } = "";
        public string OfferName { get; set; } = "";
        public string FriendlyName { get; set; } = "";
        public int Quantity { get; set; }
        /// <summary>See <see cref="SubscriptionStatus"/>.</summary>
        public string Status { get; set; } = SubscriptionStatus.Active;
        public bool IsTrial { get; set; }
        public bool AutoRenewEnabled { get; set; } = true;
        /// <summary>"monthly", "annual", "triennial", "none".</summary>
        public string BillingCycle { get; set; } = "monthly";
        /// <summary>ISO 8601 term: "P1M", "P1Y", "P3Y".</summary>
        public string TermDuration { get; set; } = "P1Y";
        /// <summary>First purchase.</summary>
        public DateTimeOffset CreationDate { get; set; }
        /// <summary>Start of the current term (purchase or last renewal): Partner Center effectiveStartDate.</summary>
        public DateTimeOffset TermStartDate { get; set; }
        /// <summary>End of the current term. NCE: inclusive date (the term ends at the end of that day); legacy: exclusive.</summary>
        public DateTimeOffset CommitmentEndDate { get; set; }
        /// <summary>When the status last changed (suspension, expiry, cancellation).</summary>
        public DateTimeOffset? StatusChangedDate { get; set; }
        public List<string> SuspensionReasons { get; set; } = new List<string>();
        public string? ParentSubscriptionId { get; set; }
        public string OrderId { get; set; } = "";
        /// <summary>Bumped on every change; part of the etag.</summary>
        public int Version { get; set; } = 1;
        /// <summary>Seat purchases (initial purchase, renewals, increases): each is refundable for 168 hours (NCE).</summary>
        public List<SeatEventState> SeatEvents { get; set; } = new List<SeatEventState>();
        /// <summary>A PATCH answered 202 Accepted that takes effect at <see cref="PendingSubscriptionChangeState.ApplyAt"/>.</summary>
        public PendingSubscriptionChangeState? PendingChange { get; set; }

        /// <summary>Seats that count for the tenant's license pool (active and in-grace subscriptions).</summary>
        public bool IsAssignable =>
            Status == SubscriptionStatus.Active || Status == SubscriptionStatus.Expired;

        /// <summary>Provisioned in the directory: Graph (subscribedSkus, directory/subscriptions) shows it; a pending purchase is not.</summary>
        [JsonIgnore]
        public bool IsProvisioned => Status != SubscriptionStatus.Pending;
    }

    public sealed class SeatEventState
    {
        public int Quantity { get; set; }
        public DateTimeOffset At { get; set; }
    }

    /// <summary>
    /// A validated change to a subscription (Partner Center PATCH): null members stay as they are. Applied at once, or
    /// kept in <see cref="SubscriptionState.PendingChange"/> until <see cref="ApplyAt"/> when the PATCH was answered 202.
    /// </summary>
    public sealed class PendingSubscriptionChangeState
    {
        public DateTimeOffset ApplyAt { get; set; }
        public int? Quantity { get; set; }
        /// <summary>See <see cref="SubscriptionStatus"/>.</summary>
        public string? Status { get; set; }
        public bool? AutoRenewEnabled { get; set; }
        public string? FriendlyName { get; set; }

        [JsonIgnore]
        public bool IsEmpty => Quantity == null && Status == null && AutoRenewEnabled == null && FriendlyName == null;
    }
}
