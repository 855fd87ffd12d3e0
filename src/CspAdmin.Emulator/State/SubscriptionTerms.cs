using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>Term arithmetic and the NCE 168-hour rules, shared by the seed, Partner Center and (later) PATCH.</summary>
    public static class SubscriptionTerms
    {
        /// <summary>NCE cancellation / seat-reduction window after a purchase, renewal or seat increase.</summary>
        public static readonly TimeSpan NceWindow = TimeSpan.FromHours(168);

        public static int TermMonths(string termDuration)
        {
            switch ((termDuration ?? "").ToUpperInvariant())
            {
                case "P1M": return 1;
                case "P1Y": return 12;
                case "P3Y": return 36;
                default: return 12;
            }
        }

        /// <summary>End of a term starting at <paramref name="termStart"/>: NCE inclusive (last day), legacy exclusive.</summary>
        public static DateTimeOffset CommitmentEnd(DateTimeOffset termStart, string termDuration, bool nce)
        {
            var end = termStart.UtcDateTime.Date.AddMonths(TermMonths(termDuration));
            return new DateTimeOffset(nce ? end.AddDays(-1) : end, TimeSpan.Zero);
        }

        /// <summary>NCE: until when the subscription can be cancelled; null for legacy subscriptions.</summary>
        public static DateTimeOffset? CancellationAllowedUntil(SubscriptionState subscription) =>
            subscription.IsNce ? subscription.TermStartDate + NceWindow : (DateTimeOffset?)null;

        /// <summary>NCE seats that can still be reduced at <paramref name="now"/>, one entry per seat event inside the window.</summary>
        public static IReadOnlyList<SeatEventState> RefundableSeats(SubscriptionState subscription, DateTimeOffset now)
        {
            var result = new List<SeatEventState>();
            if (!subscription.IsNce || subscription.Status == SubscriptionStatus.Deleted)
            {
                return result;
            }

            var remaining = subscription.Quantity;
            // Newest first: seats removed since were taken from the newest purchases.
            for (var i = subscription.SeatEvents.Count - 1; i >= 0 && remaining > 0; i--)
            {
                var seatEvent = subscription.SeatEvents[i];
                var until = seatEvent.At + NceWindow;
                if (until > now && seatEvent.Quantity > 0)
                {
                    var quantity = Math.Min(seatEvent.Quantity, remaining);
                    result.Add(new SeatEventState { Quantity = quantity, At = until });
                }

                remaining -= seatEvent.Quantity;
            }

            result.Reverse();
            return result;
        }

        /// <summary>
        /// Takes <paramref name="seats"/> seats off the newest seat events first (a refund of the latest purchases), so that
        /// <see cref="RefundableSeats"/> afterwards offers only what is left of them.
        /// </summary>
        public static void RemoveSeats(SubscriptionState subscription, int seats)
        {
            for (var i = subscription.SeatEvents.Count - 1; i >= 0 && seats > 0; i--)
            {
                var seatEvent = subscription.SeatEvents[i];
                var taken = Math.Min(seatEvent.Quantity, seats);
                seatEvent.Quantity -= taken;
                seats -= taken;
                if (seatEvent.Quantity <= 0)
                {
                    subscription.SeatEvents.RemoveAt(i);
                }
            }
        }

        /// <summary>
        /// Applies a validated change at <paramref name="at"/>: status (with its date and suspension reasons), quantity (an
        /// increase is a new seat event, refundable for 168 h; a decrease refunds the newest seats), auto-renew and name.
        /// Bumps the version, so the etag changes.
        /// </summary>
        public static void Apply(SubscriptionState subscription, PendingSubscriptionChangeState change, DateTimeOffset at)
        {
            if (change.Status != null && change.Status != subscription.Status)
            {
                subscription.Status = change.Status;
                subscription.StatusChangedDate = at;
                subscription.SuspensionReasons.Clear();
                if (change.Status == SubscriptionStatus.Suspended)
                {
                    subscription.SuspensionReasons.Add("PartnerInitiated");
                }
                else if (change.Status == SubscriptionStatus.Deleted)
                {
                    subscription.AutoRenewEnabled = false;
                }
            }

            if (change.Quantity.HasValue && change.Quantity.Value != subscription.Quantity)
            {
                var delta = change.Quantity.Value - subscription.Quantity;
                if (delta > 0)
                {
                    subscription.SeatEvents.Add(new SeatEventState { Quantity = delta, At = at });
                }
                else
                {
                    RemoveSeats(subscription, -delta);
                }

                subscription.Quantity = change.Quantity.Value;
            }

            if (change.AutoRenewEnabled.HasValue)
            {
                subscription.AutoRenewEnabled = change.AutoRenewEnabled.Value;
            }

            if (change.FriendlyName != null)
            {
                subscription.FriendlyName = change.FriendlyName;
            }

            subscription.Version++;
        }

        /// <summary>End of the current billing period (monthly billing: next month boundary of the term).</summary>
        public static DateTimeOffset BillingCycleEnd(SubscriptionState subscription, DateTimeOffset now)
        {
            if (!string.Equals(subscription.BillingCycle, "monthly", StringComparison.OrdinalIgnoreCase))
            {
                return subscription.CommitmentEndDate;
            }

            var start = subscription.TermStartDate.UtcDateTime.Date;
            var months = 1;
            while (new DateTimeOffset(start.AddMonths(months), TimeSpan.Zero) <= now && months < 36)
            {
                months++;
            }

            var end = new DateTimeOffset(start.AddMonths(months).AddDays(subscription.IsNce ? -1 : 0), TimeSpan.Zero);
            return end > subscription.CommitmentEndDate ? subscription.CommitmentEndDate : end;
        }
    }
}
