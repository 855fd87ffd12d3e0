using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Users
{
    /// <summary>Soft delete and restore, with the seat checks and journal entries they need.</summary>
    public static class UserLifecycle
    {
        /// <summary>Soft-deletes a user; its seats are free at once and it can be restored for 30 days.</summary>
        public static async Task<User> RemoveAsync(CspConnection connection, string customerId, string userId, ChangeJournal journal, ProductCatalog catalog,
            CancellationToken cancellationToken)
        {
            var skus = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
            var user = await UserReader.GetAsync(connection, customerId, UserReader.ValidUserId(userId), cancellationToken).ConfigureAwait(false);
            var model = UserReader.ToModel(user, customerId, connection.Name, skus, new Dictionary<string, string[]>(), connection.Clock.GetUtcNow());
            var entry = journal.Begin("UserDeleted", connection.Name, customerId, model.UserPrincipalName, new { model.UserId, model.Licenses, model.State }, new { State = Model.UserState.Deleted });
            try
            {
                await connection.Graph.DeleteUserAsync(customerId, model.UserId, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                var explained = Gdap.Explain(ex, customerId, Gdap.UserWrite);
                journal.Failed(entry, explained);
                throw explained;
            }

            journal.Succeeded(entry, new { State = Model.UserState.Deleted, FreedLicenses = model.Licenses });
            model.State = Model.UserState.Deleted;
            model.DeletedDateTime = connection.Clock.GetUtcNow();
            model.RestorableUntil = model.DeletedDateTime + Model.UserState.RestoreWindow;
            model.DaysLeft = (int)Model.UserState.RestoreWindow.TotalDays;
            return model;
        }

        /// <summary>
        /// Restores a soft-deleted user after checking that every license it held has a free seat: short
        /// seats are bought (<paramref name="autoIncrease"/>), left off (<paramref name="skipUnavailable"/>),
        /// or the restore is refused naming them.
        /// </summary>
        public static async Task<User> RestoreAsync(CspConnection connection, string customerId, string userId, bool autoIncrease, bool skipUnavailable,
            ChangeJournal journal, ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            userId = UserReader.ValidUserId(userId);
            // The seat check and the restore that takes the seats go together, or two restores could share the last seat.
            using (await SeatLocks.EnterAsync(customerId, cancellationToken).ConfigureAwait(false))
            {
                return await RestoreLockedAsync(connection, customerId, userId, autoIncrease, skipUnavailable, journal, catalog, notice, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<User> RestoreLockedAsync(CspConnection connection, string customerId, string userId, bool autoIncrease, bool skipUnavailable,
            ChangeJournal journal, ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            var skus = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
            var deleted = await FindDeletedAsync(connection, customerId, userId, journal, cancellationToken).ConfigureAwait(false);
            var held = deleted.AssignedLicenses.Where(l => l.SkuId != null).Select(l => l.SkuId!).ToList();
            var short_ = held.Where(sku => skus.Free(sku) < 1).ToList();
            if (short_.Count > 0 && autoIncrease)
            {
                foreach (var sku in short_.ToList())
                {
                    try
                    {
                        await SeatPurchaser.BuyAsync(connection, customerId, skus.Find(sku)!, 1, journal, catalog, notice, cancellationToken).ConfigureAwait(false);
                        short_.Remove(sku);
                    }
                    catch (CspException) when (skipUnavailable)
                    {
                        // Could not buy it: with -SkipUnavailableLicenses the user comes back without this one.
                    }
                }
            }

            if (short_.Count > 0 && !skipUnavailable)
            {
                throw new CspException("LicenseSeatsExhausted", CspErrorCategory.QuotaExceeded,
                    $"Restoring {deleted.UserPrincipalName} needs a free seat of {string.Join(", ", short_.Select(s => $"{skus.ProductName(s)} ({skus.PartNumber(s)})"))}, and there is none. Nothing was changed.",
                    deleted.UserPrincipalName)
                {
                    RecommendedAction = "Add -AutoIncrease to buy the seats, -SkipUnavailableLicenses to restore without those licenses, or free seats first.",
                };
            }

            var entry = journal.Begin("UserRestored", connection.Name, customerId, deleted.UserPrincipalName ?? userId,
                new { State = Model.UserState.Deleted, Licenses = held.Select(skus.PartNumber) }, new { State = Model.UserState.Active, Skipped = short_.Select(skus.PartNumber) });
            GraphUser restored;
            try
            {
                restored = await connection.Graph.RestoreDeletedUserAsync(customerId, deleted.Id!, cancellationToken).ConfigureAwait(false);
                var leftOver = restored.AssignedLicenses.Where(l => short_.Contains(l.SkuId ?? "", StringComparer.OrdinalIgnoreCase)).Select(l => l.SkuId!).ToList();
                if (leftOver.Count > 0)
                {
                    // Without a seat such a license would sit in an error state; take it off cleanly.
                    restored = await connection.Graph.AssignLicenseAsync(customerId, restored.Id ?? deleted.Id!, new GraphLicenseChange { RemoveLicenses = leftOver }, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
            catch (CspException ex)
            {
                var explained = Gdap.Explain(ex, customerId, Gdap.UserWrite);
                journal.Failed(entry, explained);
                throw explained;
            }

            var model = UserReader.ToModel(await UserReader.GetAsync(connection, customerId, restored.Id ?? deleted.Id!, cancellationToken).ConfigureAwait(false),
                customerId, connection.Name, skus, new Dictionary<string, string[]>(), connection.Clock.GetUtcNow());
            journal.Succeeded(entry, new { State = Model.UserState.Active, model.Licenses });
            if (short_.Count > 0)
            {
                notice($"{model.UserPrincipalName} was restored without {string.Join(", ", short_.Select(skus.PartNumber))}: no free seat.");
            }

            return model;
        }

        private static async Task<GraphUser> FindDeletedAsync(CspConnection connection, string customerId, string userId, ChangeJournal journal, CancellationToken cancellationToken)
        {
            await foreach (var user in connection.Graph.ListDeletedUsersAsync(customerId, UserReader.Properties, cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(user.Id, userId, StringComparison.OrdinalIgnoreCase) || string.Equals(user.UserPrincipalName, userId, StringComparison.OrdinalIgnoreCase))
                {
                    return user;
                }
            }

            // Not among the deleted: still active, gone for good (more than 30 days), or never there.
            var deletedBefore = journal.Read()
                .Where(e => e.Operation == "UserDeleted" && e.Outcome == JournalOutcome.Succeeded && string.Equals(e.CustomerId, customerId, StringComparison.OrdinalIgnoreCase)
                    && (string.Equals(e.Target, userId, StringComparison.OrdinalIgnoreCase) || (e.Before?.ToString() ?? "").IndexOf(userId, StringComparison.OrdinalIgnoreCase) >= 0))
                .LastOrDefault();
            if (deletedBefore?.Time != null && deletedBefore.Time.Value + Model.UserState.RestoreWindow <= connection.Clock.GetUtcNow())
            {
                throw new CspException("UserPermanentlyDeleted", CspErrorCategory.ObjectNotFound,
                    $"{userId} was deleted on {deletedBefore.Time.Value:yyyy-MM-dd} and is permanently deleted: users can be restored for 30 days only.", userId)
                {
                    RecommendedAction = "Create the user again with New-CspUser.",
                };
            }

            try
            {
                await UserReader.GetAsync(connection, customerId, userId, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex) when (ex.ErrorId == "UserNotFound")
            {
                throw new CspException("UserPermanentlyDeleted", CspErrorCategory.ObjectNotFound,
                    $"Customer {customerId} has no deleted user '{userId}': it never existed or was deleted more than 30 days ago and is permanently deleted.", userId)
                {
                    RecommendedAction = "Get-CspUser -Deleted lists the users that can still be restored.",
                };
            }

            throw new CspException("UserNotDeleted", CspErrorCategory.InvalidOperation, $"{userId} is an active user of customer {customerId}; there is nothing to restore.", userId);
        }
    }
}
