using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Subscriptions
{
    /// <summary>What Set-CspSubscription changes; null leaves a setting as it is.</summary>
    public sealed class SubscriptionChange
    {
        public int? Quantity { get; set; }
        public bool Suspend { get; set; }
        public bool Resume { get; set; }
        public bool? AutoRenew { get; set; }
        public string? FriendlyName { get; set; }
        /// <summary>Allow fewer seats than are assigned (users lose their license at Microsoft's next check).</summary>
        public bool Force { get; set; }

        public void Validate()
        {
            if (Quantity == null && !Suspend && !Resume && AutoRenew == null && FriendlyName == null)
            {
                throw new CspException("SubscriptionChangeEmpty", CspErrorCategory.InvalidArgument, "Name something to change: -Quantity, -Suspend, -Resume, -AutoRenew or -FriendlyName.");
            }

            if (Suspend && (Resume || Quantity != null))
            {
                throw new CspException("SubscriptionChangeInvalid", CspErrorCategory.InvalidArgument, "-Suspend goes alone: a suspended subscription cannot change seats or be resumed in the same step.");
            }

            if (Quantity != null && Quantity < 1)
            {
                throw new CspException("SubscriptionQuantityInvalid", CspErrorCategory.InvalidArgument,
                    $"A subscription needs at least 1 seat; {Quantity} was asked. To stop paying for it, use -Suspend (legacy) or cancel it in its window (new commerce).", Quantity);
            }
        }
    }

    /// <summary>
    /// Seat and status changes under the new-commerce rules, checked before any call: NCE seats can be
    /// reduced only inside their refund windows (read from the service, not assumed to be 168 hours),
    /// legacy seats at any time, and never below the seats assigned to users unless forced.
    /// </summary>
    public static class SubscriptionWriter
    {
        public static async Task<Subscription> UpdateAsync(CspConnection connection, string customerId, string subscriptionId, SubscriptionChange change, ChangeJournal journal,
            ProductCatalog catalog, Action<string> notice, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
        {
            change.Validate();
            // Seats checked against assignments and then changed, with no other seat change of this customer in between.
            using (await Users.SeatLocks.EnterAsync(customerId, cancellationToken).ConfigureAwait(false))
            {
                return await UpdateLockedAsync(connection, customerId, subscriptionId, change, journal, catalog, notice, waiting, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<Subscription> UpdateLockedAsync(CspConnection connection, string customerId, string subscriptionId, SubscriptionChange change,
            ChangeJournal journal, ProductCatalog catalog, Action<string> notice, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
        {
            var current = (await SubscriptionReader.ReadAsync(connection, customerId, subscriptionId, catalog, notice, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw SubscriptionReader.NotFound(customerId, subscriptionId);
            if (!current.ProvidedByThisPartner)
            {
                throw new CspException("SubscriptionNotProvidedByPartner", CspErrorCategory.PermissionDenied,
                    $"Subscription {subscriptionId} ({current.Product}) is provided to customer {customerId} by another partner; only that partner can change it.", subscriptionId);
            }

            await CheckAsync(connection, current, change, catalog, cancellationToken).ConfigureAwait(false);
            if (IsNoChange(current, change))
            {
                return current;
            }

            var resource = await connection.PartnerCenter.GetSubscriptionAsync(customerId, current.SubscriptionId, cancellationToken).ConfigureAwait(false);
            var before = new { resource.Quantity, resource.Status, resource.AutoRenewEnabled, resource.FriendlyName };
            if (change.Quantity != null)
            {
                resource.Quantity = change.Quantity.Value;
            }

            if (change.Suspend || change.Resume)
            {
                resource.Status = change.Suspend ? "suspended" : "active";
            }

            if (change.AutoRenew != null)
            {
                resource.AutoRenewEnabled = change.AutoRenew.Value;
            }

            if (change.FriendlyName != null)
            {
                resource.FriendlyName = change.FriendlyName;
            }

            var after = new { resource.Quantity, resource.Status, resource.AutoRenewEnabled, resource.FriendlyName };
            var entry = journal.Begin("SubscriptionChanged", connection.Name, customerId, current.SubscriptionId, before, after);
            try
            {
                await connection.PartnerCenter.UpdateSubscriptionAsync(customerId, resource,
                    s => s.Quantity == after.Quantity && string.Equals(s.Status, after.Status, StringComparison.OrdinalIgnoreCase)
                        && s.AutoRenewEnabled == after.AutoRenewEnabled && (after.FriendlyName == null || s.FriendlyName == after.FriendlyName),
                    connection.Clock, cancellationToken, waiting).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                var explained = Explain(ex, current);
                journal.Failed(entry, explained);
                throw explained;
            }

            journal.Succeeded(entry, after, change.Quantity == null ? null : $"{current.Quantity} -> {change.Quantity} seat(s)");
            return (await SubscriptionReader.ReadAsync(connection, customerId, current.SubscriptionId, catalog, notice, cancellationToken).ConfigureAwait(false)).First();
        }

        private static async Task CheckAsync(CspConnection connection, Subscription current, SubscriptionChange change, ProductCatalog catalog, CancellationToken cancellationToken)
        {
            var id = current.SubscriptionId;
            if (change.Suspend && current.Status == "suspended")
            {
                throw new CspException("SubscriptionAlreadySuspended", CspErrorCategory.InvalidOperation, $"Subscription {id} ({current.Product}) is already suspended.", id);
            }

            if (change.Resume && current.Status != "suspended")
            {
                throw new CspException("SubscriptionNotSuspended", CspErrorCategory.InvalidOperation, $"Subscription {id} ({current.Product}) is {current.Status}, not suspended.", id);
            }

            if (change.Suspend)
            {
                // A suspended subscription's seats stop working: the same rule as removing them.
                await CheckAssignedAsync(connection, current, current.Quantity, change.Force, catalog, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (change.Quantity == null || change.Quantity == current.Quantity)
            {
                return;
            }

            if (current.Status != "active" && !change.Resume)
            {
                throw new CspException("SubscriptionNotActive", CspErrorCategory.InvalidOperation,
                    $"Subscription {id} ({current.Product}) is {current.Status}; seats of an active subscription only can change.", id)
                {
                    RecommendedAction = current.Status == "suspended" ? "Resume it first (Set-CspSubscription -Resume)." : null,
                };
            }

            var decrease = current.Quantity - change.Quantity.Value;
            if (decrease <= 0)
            {
                return;
            }

            if (current.IsNce && decrease > current.RefundableQuantity)
            {
                var window = current.DecreaseAllowedUntil;
                var when = window == null ? "" : window > connection.Clock.GetUtcNow()
                    ? $" Seats can be reduced by {current.RefundableQuantity} until {window:yyyy-MM-dd HH:mm} UTC."
                    : $" Its reduction window closed on {window:yyyy-MM-dd HH:mm} UTC.";
                throw new CspException("SubscriptionDecreaseNotAllowed", CspErrorCategory.InvalidOperation,
                    $"New-commerce subscription {id} ({current.Product}) cannot lose {decrease} seat(s): only seats bought or renewed in the last days can be removed.{when} Only increases are possible now.", id)
                {
                    RecommendedAction = current.CommitmentEndDate == null ? null : $"Reduce the renewal quantity instead; the term ends {current.CommitmentEndDate:yyyy-MM-dd}.",
                };
            }

            await CheckAssignedAsync(connection, current, decrease, change.Force, catalog, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Refuses to take away seats that users hold, unless forced; when the seats cannot be read, refuses too.</summary>
        private static async Task CheckAssignedAsync(CspConnection connection, Subscription current, int removed, bool force, ProductCatalog catalog, CancellationToken cancellationToken)
        {
            if (force)
            {
                return;
            }

            var id = current.SubscriptionId;
            if (current.SkuId == null)
            {
                throw new CspException("SubscriptionSeatsUnknown", CspErrorCategory.PermissionDenied,
                    $"The seats assigned in customer {current.CustomerId} cannot be read (no Graph access), so removing {removed} seat(s) of {id} could leave users without a license.", id)
                {
                    RecommendedAction = "Check the partner's GDAP access to the customer, or add -Force if you are sure no one uses these seats.",
                };
            }

            var pool = (await LicenseOverview.ReadAsync(connection, current.CustomerId, catalog, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(r => string.Equals(r.SkuId, current.SkuId, StringComparison.OrdinalIgnoreCase));
            if (pool != null && pool.Active - removed < pool.Assigned)
            {
                throw new CspException("SubscriptionBelowAssigned", CspErrorCategory.InvalidOperation,
                    $"{pool.Assigned} seat(s) of {pool.Product} are assigned and {pool.Active} are active; removing {removed} would leave users without a license.", id)
                {
                    RecommendedAction = $"Remove licenses from users first (at most {Math.Max(0, pool.Active - pool.Assigned)} seat(s) can go now), or add -Force.",
                };
            }
        }

        private static bool IsNoChange(Subscription current, SubscriptionChange change) =>
            (change.Quantity == null || change.Quantity == current.Quantity)
            && !change.Suspend && !change.Resume
            && (change.AutoRenew == null || change.AutoRenew == current.AutoRenewEnabled)
            && (change.FriendlyName == null || change.FriendlyName == current.FriendlyName);

        private static CspException Explain(CspException error, Subscription current)
        {
            switch (error.ServiceCode)
            {
                case "800090":
                    return error.WithTarget(current.SubscriptionId, "SubscriptionDecreaseNotAllowed",
                        $"Partner Center refused to reduce subscription {current.SubscriptionId}: its seats can no longer be decreased. Only increases are possible.");
                case "2002":
                case "800067":
                    return error.WithTarget(current.SubscriptionId, "SubscriptionQuantityInvalid", $"Partner Center refused the quantity for {current.SubscriptionId}: {error.Message}");
                default:
                    return error;
            }
        }
    }
}
