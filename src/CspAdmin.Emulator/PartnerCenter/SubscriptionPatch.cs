using System;
using System.Linq;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// PATCH customers/{id}/subscriptions/{subId} with the full (or a partial) Subscription, property names in any case
    /// (the SDK sends PascalCase). Only quantity, status, autoRenewEnabled and friendlyName can change; the other properties
    /// of a full body are ignored. Fields equal to the current values change nothing. Answers 200 with the subscription, or
    /// (a configurable fraction) 202 with a Location header while the change waits on the emulator clock.
    /// </summary>
    internal static class SubscriptionPatch
    {
        public static EmulatorResponse Handle(PcCall call)
        {
            var id = call.Route["subscriptionId"];
            var subscription = call.Customer!.Subscriptions.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)
                && string.Equals(s.SellerTenantId, call.Partner.TenantId, StringComparison.OrdinalIgnoreCase));
            if (subscription == null)
            {
                return PcErrors.SubscriptionNotFound(id);
            }

            if (!call.Request.TryReadJson(out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return PcErrors.Error(400, "InvalidInput", "The request body must be a Subscription resource in JSON.");
            }

            var ifMatch = call.Request.Header("If-Match");
            if (!string.IsNullOrWhiteSpace(ifMatch) && !EtagMatches(ifMatch!, PcJson.Etag(subscription)))
            {
                return PcErrors.Error(412, "PreconditionFailed",
                    "The subscription has changed since it was read (If-Match does not match its etag). Get it again and retry.");
            }

            if (subscription.Status == SubscriptionStatus.Pending)
            {
                return PcErrors.Error(409, "SubscriptionProvisioningInProgress",
                    "The subscription is still being provisioned (its order is pending). Poll the subscription until it is active, then retry.");
            }

            if (subscription.PendingChange != null)
            {
                return PcErrors.Error(409, "SubscriptionUpdateInProgress",
                    "An earlier change to this subscription is still being processed. Poll the subscription until it shows, then retry.");
            }

            if (subscription.Status == SubscriptionStatus.Deleted)
            {
                return PcErrors.Error(400, "2011", "Cannot update a deleted subscription.");
            }

            var change = Read(call, subscription, body, out var error);
            if (change == null)
            {
                return error!;
            }

            if (change.IsEmpty)
            {
                return Answer(call, subscription);
            }

            var options = call.Cloud.Options;
            if (call.Cloud.Faults.Roll(options.SubscriptionUpdateAcceptedRate))
            {
                change.ApplyAt = call.Now + options.Scale(options.SubscriptionUpdateDelay);
                subscription.PendingChange = change;
                return new EmulatorResponse(202).WithHeader("Location", "/customers/" + call.Customer.Id + "/subscriptions/" + subscription.Id);
            }

            SubscriptionTerms.Apply(subscription, change, call.Now);
            return Answer(call, subscription);
        }

        /// <summary>The change the body asks for, validated against the subscription's state and the NCE rules; null with an error.</summary>
        private static PendingSubscriptionChangeState? Read(PcCall call, SubscriptionState s, JsonElement body, out EmulatorResponse? error)
        {
            error = null;
            int? quantity = null;
            if (JsonBody.TryGetProperty(body, "quantity", out var quantityValue) && quantityValue.ValueKind != JsonValueKind.Null)
            {
                if (quantityValue.ValueKind != JsonValueKind.Number || !quantityValue.TryGetInt32(out var q))
                {
                    error = PcErrors.Error(400, "InvalidInput", "quantity must be a whole number.");
                    return null;
                }

                quantity = q;
            }

            var status = JsonBody.GetString(body, "status")?.Trim().ToLowerInvariant();
            bool? autoRenew = null;
            if (JsonBody.TryGetProperty(body, "autoRenewEnabled", out var renewValue) && renewValue.ValueKind != JsonValueKind.Null)
            {
                if (renewValue.ValueKind != JsonValueKind.True && renewValue.ValueKind != JsonValueKind.False)
                {
                    error = PcErrors.Error(400, "InvalidInput", "autoRenewEnabled must be true or false.");
                    return null;
                }

                autoRenew = renewValue.GetBoolean();
            }

            var name = JsonBody.GetString(body, "friendlyName");
            var change = new PendingSubscriptionChangeState
            {
                Quantity = quantity.HasValue && quantity.Value != s.Quantity ? quantity : null,
                Status = status != null && status != s.Status ? status : null,
                AutoRenewEnabled = autoRenew.HasValue && autoRenew.Value != s.AutoRenewEnabled ? autoRenew : null,
                FriendlyName = name != null && name != s.FriendlyName ? name : null,
            };

            // Asking to suspend what is suspended, and nothing else.
            if (status == SubscriptionStatus.Suspended && s.Status == SubscriptionStatus.Suspended && change.IsEmpty)
            {
                error = StatusError();
                return null;
            }

            if (change.Status != null)
            {
                error = CheckStatus(call, s, change.Status);
                if (error != null)
                {
                    return null;
                }
            }

            if (change.Quantity.HasValue)
            {
                error = CheckQuantity(call, s, change.Quantity.Value, change.Status ?? s.Status);
                if (error != null)
                {
                    return null;
                }
            }

            return change;
        }

        /// <summary>active -> suspended, suspended -> active, and NCE cancellation (deleted) inside its 168-hour window.</summary>
        private static EmulatorResponse? CheckStatus(PcCall call, SubscriptionState s, string status)
        {
            switch (status)
            {
                case SubscriptionStatus.Suspended:
                    return s.Status == SubscriptionStatus.Active ? null : StatusError();
                case SubscriptionStatus.Active:
                    return s.Status == SubscriptionStatus.Suspended ? null : StatusError();
                case SubscriptionStatus.Deleted:
                    if (!s.IsNce || (s.Status != SubscriptionStatus.Active && s.Status != SubscriptionStatus.Suspended))
                    {
                        return StatusError();
                    }

                    var until = SubscriptionTerms.CancellationAllowedUntil(s);
                    return until.HasValue && until.Value > call.Now
                        ? null
                        : PcErrors.Error(400, "900117",
                            $"You have passed your {(int)SubscriptionTerms.NceWindow.TotalDays}-day cancellation window. We are unable to cancel your purchase");
                default:
                    return StatusError();
            }
        }

        /// <summary>Quantity rules: not while suspended (2001), 1..max (2002), NCE decreases only within refundableQuantity (800090).</summary>
        private static EmulatorResponse? CheckQuantity(PcCall call, SubscriptionState s, int quantity, string statusAfter)
        {
            if (statusAfter == SubscriptionStatus.Suspended)
            {
                return PcErrors.Error(400, "2001", "Cannot change the quantity of a suspended subscription. Reactivate it first.");
            }

            if (statusAfter == SubscriptionStatus.Deleted || s.Status == SubscriptionStatus.Expired || s.IsTrial)
            {
                return PcErrors.Error(400, "800095", "Cannot update the seat quantity for this subscription");
            }

            if (quantity < 1 || quantity > call.Cloud.Options.MaxSubscriptionQuantity)
            {
                return PcErrors.Error(400, "2002", "Subscription quantity is not within minimum and maximum allowed quantity",
                    $"Allowed quantity: 1 to {call.Cloud.Options.MaxSubscriptionQuantity}.");
            }

            if (quantity < s.Quantity && s.IsNce)
            {
                var refundable = SubscriptionTerms.RefundableSeats(s, call.Now).Sum(e => e.Quantity);
                if (s.Quantity - quantity > refundable)
                {
                    return PcErrors.Error(400, "800090", "Subscription quantity cannot be decreased",
                        $"Only {refundable} seat(s) bought in the last {(int)SubscriptionTerms.NceWindow.TotalHours} hours can be removed (refundableQuantity).");
                }
            }

            return null;
        }

        private static EmulatorResponse StatusError() => PcErrors.Error(400, "800096", "Cannot update the status for this subscription");

        private static EmulatorResponse Answer(PcCall call, SubscriptionState subscription) =>
            call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.Subscription(w, subscription, call.Customer!, call.Partner, call.Now);
                w.WriteEndObject();
            });

        /// <summary>If-Match: the etag as given in attributes.etag, optionally quoted or weak (W/"..."); "*" matches anything.</summary>
        private static bool EtagMatches(string header, string etag)
        {
            foreach (var candidate in header.Split(','))
            {
                var value = candidate.Trim();
                if (value.StartsWith("W/", StringComparison.Ordinal))
                {
                    value = value.Substring(2);
                }

                value = value.Trim('"');
                if (value == "*" || value == etag)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
