using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Engine.Optimization
{
    /// <summary>How many unused seats to keep: a number, or a percentage of the assigned seats (the larger wins).</summary>
    public sealed class Headroom
    {
        public int Seats { get; set; }
        public double Percent { get; set; }

        public int For(int assigned) => Math.Max(Seats, (int)Math.Ceiling(assigned * Percent / 100.0));
    }

    /// <summary>
    /// The nightly license optimisation: seats paid for but unassigned are removed from the subscriptions
    /// THIS partner provides (other partners' seats are never touched, though they count), never below what
    /// is assigned plus the headroom, within the new-commerce refund windows. When several subscriptions feed
    /// one SKU, seats come first off new-commerce subscriptions whose window closes soonest (use it or lose it)
    /// and then off legacy ones, which can be reduced any time, so the fewest seats are lost to closed windows.
    /// </summary>
    public static class LicenseOptimizer
    {
        public const string Planned = "Planned";
        public const string Applied = "Applied";
        public const string Skipped = "Skipped";
        public const string Failed = "Failed";

        public static async Task<IReadOnlyList<OptimizationResult>> RunAsync(CspConnection connection, string customerId, Headroom headroom, bool apply, ChangeJournal journal,
            ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            var pools = LicenseOverview.ReadAsync(connection, customerId, catalog, cancellationToken);
            var subscriptions = await SubscriptionReader.ReadAsync(connection, customerId, null, catalog, notice, cancellationToken).ConfigureAwait(false);
            var plan = Plan(subscriptions, await pools.ConfigureAwait(false), headroom, connection.Clock.GetUtcNow());
            if (!apply)
            {
                return plan;
            }

            foreach (var line in plan.Where(l => l.Status == Planned))
            {
                try
                {
                    await SubscriptionWriter.UpdateAsync(connection, customerId, line.SubscriptionId, new SubscriptionChange { Quantity = line.ProposedQuantity }, journal, catalog,
                        notice, null, cancellationToken).ConfigureAwait(false);
                    line.Status = Applied;
                }
                catch (CspException ex)
                {
                    line.Status = Failed;
                    line.Reason = ex.Message;
                }
            }

            return plan;
        }

        /// <summary>The plan, from the subscriptions and seat pools as read; pure, so the choice of reductions is tested directly.</summary>
        public static List<OptimizationResult> Plan(IReadOnlyList<Subscription> subscriptions, IReadOnlyList<LicenseSummary> pools, Headroom headroom, DateTimeOffset now)
        {
            var results = new List<OptimizationResult>();
            foreach (var group in subscriptions.Where(s => s.ProvidedByThisPartner).GroupBy(s => s.SkuId ?? "", StringComparer.OrdinalIgnoreCase))
            {
                var pool = pools.FirstOrDefault(p => string.Equals(p.SkuId, group.Key, StringComparison.OrdinalIgnoreCase));
                var assigned = pool?.Assigned ?? 0;
                var excess = pool == null ? 0 : Math.Max(0, pool.Active - assigned - headroom.For(assigned));
                var lines = group.Select(s => Line(s, assigned, pool?.CompanyName ?? "")).ToList();

                // Candidates in the order that loses the fewest seats to closing windows.
                var candidates = group
                    .Select(s => (Subscription: s, Capacity: Capacity(s), Line: lines.First(l => l.SubscriptionId == s.SubscriptionId)))
                    .Where(c => c.Capacity > 0)
                    .OrderBy(c => c.Subscription.IsNce ? 0 : 1)
                    .ThenBy(c => c.Subscription.DecreaseAllowedUntil ?? DateTimeOffset.MaxValue)
                    .ToList();
                foreach (var candidate in candidates)
                {
                    var take = Math.Min(excess, candidate.Capacity);
                    if (take <= 0)
                    {
                        break;
                    }

                    candidate.Line.ProposedQuantity -= take;
                    candidate.Line.Saved = take;
                    candidate.Line.Status = Planned;
                    candidate.Line.Reason = $"{take} unused seat(s) taken off ({assigned} of {pool!.Active} assigned, {headroom.For(assigned)} kept free)";
                    excess -= take;
                }

                foreach (var line in lines.Where(l => l.Status != Planned))
                {
                    line.Status = Skipped;
                    line.Reason = WhySkipped(group.First(s => s.SubscriptionId == line.SubscriptionId), pool, assigned, headroom, now);
                }

                results.AddRange(lines);
            }

            return results;
        }

        /// <summary>How many seats can come off this subscription now (it keeps at least one).</summary>
        private static int Capacity(Subscription subscription)
        {
            if (subscription.Status != "active" || subscription.IsTrial)
            {
                return 0;
            }

            var room = subscription.Quantity - 1;
            return subscription.IsNce ? Math.Min(room, subscription.RefundableQuantity) : room;
        }

        private static string WhySkipped(Subscription subscription, LicenseSummary? pool, int assigned, Headroom headroom, DateTimeOffset now)
        {
            if (subscription.IsTrial)
            {
                return "Trial subscription";
            }

            if (subscription.Status != "active")
            {
                return $"Subscription is {subscription.Status}";
            }

            if (pool == null || pool.Active - assigned - headroom.For(assigned) <= 0)
            {
                return pool == null ? "No seat information for this SKU" : $"No unused seats ({assigned} of {pool.Active} assigned, {headroom.For(assigned)} kept free)";
            }

            if (subscription.IsNce && subscription.RefundableQuantity == 0)
            {
                var reopens = subscription.CommitmentEndDate?.Date.AddDays(1);
                return $"New-commerce reduction window closed{(subscription.DecreaseAllowedUntil < now ? $" on {subscription.DecreaseAllowedUntil:yyyy-MM-dd}" : "")}" +
                    (reopens == null ? "" : $"; seats can be reduced at renewal on {reopens:yyyy-MM-dd}");
            }

            return subscription.Quantity <= 1 ? "Already at the minimum of 1 seat" : "Unused seats already taken off other subscriptions of this SKU";
        }

        private static OptimizationResult Line(Subscription subscription, int assigned, string companyName) => new OptimizationResult
        {
            CustomerId = subscription.CustomerId,
            CompanyName = companyName,
            SubscriptionId = subscription.SubscriptionId,
            OfferName = subscription.OfferName ?? subscription.Product,
            SkuPartNumber = subscription.SkuPartNumber,
            CurrentQuantity = subscription.Quantity,
            Assigned = assigned,
            ProposedQuantity = subscription.Quantity,
            Saved = 0,
            Profile = subscription.Profile,
        };
    }
}
