using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
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
    /// <summary>One row of a bulk import (a CSV line or a pipeline object).</summary>
    public sealed class ImportRow
    {
        /// <summary>1-based position in the input, for error messages.</summary>
        public int Row { get; set; }
        public string? UserPrincipalName { get; set; }
        public string? DisplayName { get; set; }
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? UsageLocation { get; set; }
        public string? OfficeLocation { get; set; }
        public IReadOnlyList<string> Licenses { get; set; } = new string[0];

        /// <summary>The columns an import must have; the others are optional.</summary>
        public static readonly string[] RequiredColumns = { nameof(UserPrincipalName) };

        public static readonly string[] KnownColumns =
            { nameof(UserPrincipalName), nameof(DisplayName), nameof(GivenName), nameof(Surname), nameof(UsageLocation), nameof(OfficeLocation), nameof(Licenses) };

        /// <summary>A row from named columns (CSV header or object properties); unknown columns are ignored.</summary>
        public static ImportRow FromColumns(int row, IReadOnlyDictionary<string, string?> columns)
        {
            string? Get(string name) => columns.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value!.Trim() : null;
            return new ImportRow
            {
                Row = row,
                UserPrincipalName = Get(nameof(UserPrincipalName)),
                DisplayName = Get(nameof(DisplayName)),
                GivenName = Get(nameof(GivenName)),
                Surname = Get(nameof(Surname)),
                UsageLocation = Get(nameof(UsageLocation)),
                OfficeLocation = Get(nameof(OfficeLocation)),
                Licenses = SplitLicenses(Get(nameof(Licenses)) ?? Get("License")),
            };
        }

        /// <summary>The rows of a CSV file with a header line; a missing file or column is a clear error.</summary>
        public static IReadOnlyList<ImportRow> ReadCsv(string path)
        {
            if (!System.IO.File.Exists(path))
            {
                throw new CspException("ImportFileNotFound", CspErrorCategory.ObjectNotFound, $"There is no file {path}.", path);
            }

            var (columns, lines) = Operations.Csv.ReadFile(path);
            CheckColumns(columns, path);
            return lines.Select((line, i) => FromColumns(i + 1, line.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.OrdinalIgnoreCase))).ToList();
        }

        /// <summary>Throws ImportColumnsMissing when the input lacks a required column.</summary>
        public static void CheckColumns(IEnumerable<string> columns, string source)
        {
            var present = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
            var missing = RequiredColumns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new CspException("ImportColumnsMissing", CspErrorCategory.InvalidData,
                    $"{source} has no {string.Join(", ", missing)} column. Columns: {string.Join(", ", KnownColumns)} ({string.Join(", ", RequiredColumns)} required).", source)
                {
                    RecommendedAction = "Add the column to the header line; Licenses holds part numbers or product names separated by ';'.",
                };
            }
        }

        /// <summary>Licenses as written in a cell: separated by ';', ',' or '+'.</summary>
        public static IReadOnlyList<string> SplitLicenses(string? cell) =>
            (cell ?? "").Split(new[] { ';', ',', '+' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    /// <summary>
    /// Bulk provisioning: every row is validated before anything is created (all bad rows reported at once),
    /// and with AutoIncrease so is the purchase of the missing seats; users are created concurrently, the seats
    /// their licenses lack bought once per SKU (not once per user), and they are licensed in batches, each row
    /// reported on its own.
    /// </summary>
    public static class UserImporter
    {
        private const int CreatesInFlight = 4;

        public static async Task<IReadOnlyList<ImportOutcome>> ImportAsync(CspConnection connection, string customerId, IReadOnlyList<ImportRow> rows, bool autoIncrease,
            ChangeJournal journal, ProductCatalog catalog, Action<string> notice, Action<int, int> progress, CancellationToken cancellationToken)
        {
            var (drafts, skus, shortfall) = await PlanAsync(connection, customerId, rows, catalog, cancellationToken).ConfigureAwait(false);
            if (shortfall.Count > 0 && !autoIncrease)
            {
                throw SeatsShort(customerId, skus, shortfall);
            }

            if (shortfall.Count > 0)
            {
                // The seats are bought once the users exist, but a purchase that cannot be made stops the import now, before anyone is created.
                await SeatPurchaser.CheckAsync(connection, customerId, shortfall.Select(x => (x.Sku, x.Needed - x.Free)), catalog, notice, cancellationToken).ConfigureAwait(false);
            }

            var outcomes = drafts.Select(d => new ImportOutcome(d.Row)).ToList();
            var done = 0;
            using (var slots = new SemaphoreSlim(CreatesInFlight))
            {
                await Task.WhenAll(drafts.Select(async (draft, i) =>
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var created = await UserWriter.CreateAsync(connection, customerId, draft.Draft, journal, cancellationToken).ConfigureAwait(false);
                        outcomes[i].Result = new ImportResult
                        {
                            Row = draft.Row.Row,
                            CustomerId = customerId,
                            UserPrincipalName = created.UserPrincipalName ?? draft.Draft.Body.UserPrincipalName,
                            UserId = created.Id,
                            Status = "Created",
                            Password = draft.Draft.Password,
                            Profile = connection.Name,
                        };
                    }
                    catch (CspException ex)
                    {
                        outcomes[i].Error = ex;
                    }
                    finally
                    {
                        slots.Release();
                        progress(Interlocked.Increment(ref done), drafts.Count);
                    }
                })).ConfigureAwait(false);
            }

            // Seats are bought only now, for the users that were created: a partner refused creation buys nothing.
            // The users exist from here on, so a failure is a warning and every outcome (with its one-time password) is returned.
            if (autoIncrease)
            {
                try
                {
                    var created = drafts.Where((_, i) => outcomes[i].Result != null).ToList();
                    var fresh = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
                    foreach (var (sku, needed, free) in Shortfall(created, fresh))
                    {
                        await SeatPurchaser.BuyAsync(connection, customerId, sku, needed - free, journal, catalog, notice, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (CspException ex)
                {
                    notice($"The users were created, but the seats they lack could not be bought: {ex.Message} Those without a free seat are not licensed.");
                }
            }

            try
            {
                await LicenseAsync(connection, customerId, drafts, outcomes, journal, catalog, notice, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                // Rows licensed before the failure have their licenses, and rows refused were reported already.
                for (var i = 0; i < drafts.Count; i++)
                {
                    var result = outcomes[i].Result;
                    if (result?.Status == "Created" && result.Licenses.Length == 0 && drafts[i].Draft.Licenses.Count > 0)
                    {
                        NotLicensed(result, ex, notice);
                    }
                }
            }

            return outcomes;
        }

        /// <summary>
        /// Everything but the changes: every row validated (ImportRowsInvalid lists all bad rows) and the seats
        /// missing per product. -WhatIf runs this alone, so a dry run finds the bad rows too.
        /// </summary>
        public static async Task<(List<RowDraft> Drafts, TenantSkus Skus, List<(GraphSubscribedSku Sku, int Needed, int Free)> Shortfall)> PlanAsync(
            CspConnection connection, string customerId, IReadOnlyList<ImportRow> rows, ProductCatalog catalog, CancellationToken cancellationToken)
        {
            var skus = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
            var organization = await connection.Graph.GetOrganizationAsync(customerId, cancellationToken).ConfigureAwait(false);
            var drafts = await ValidateAsync(connection, customerId, rows, skus, organization, cancellationToken).ConfigureAwait(false);
            return (drafts, skus, Shortfall(drafts, skus));
        }

        public static CspException SeatsShort(string customerId, TenantSkus skus, IEnumerable<(GraphSubscribedSku Sku, int Needed, int Free)> shortfall) =>
            new CspException("LicenseSeatsExhausted", CspErrorCategory.QuotaExceeded,
                "Not enough free seats, so no user was created: " +
                string.Join("; ", shortfall.Select(x => $"{skus.ProductName(x.Sku)} ({x.Sku.SkuPartNumber}) needs {x.Needed}, {x.Free} free")) + ".", customerId)
            {
                RecommendedAction = "Add -AutoIncrease to buy the missing seats once, on the subscriptions this partner provides.",
            };

        private static List<(GraphSubscribedSku Sku, int Needed, int Free)> Shortfall(IEnumerable<RowDraft> drafts, TenantSkus skus) =>
            drafts.SelectMany(d => d.Draft.Licenses).GroupBy(s => s.SkuId!, StringComparer.OrdinalIgnoreCase)
                .Select(g => (Sku: g.First(), Needed: g.Count(), Free: skus.Free(g.Key)))
                .Where(x => x.Needed > x.Free)
                .ToList();

        /// <summary>Every row checked; any bad row stops the import before anything is created.</summary>
        private static async Task<List<RowDraft>> ValidateAsync(CspConnection connection, string customerId, IReadOnlyList<ImportRow> rows, TenantSkus skus,
            GraphOrganization? organization, CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            var drafts = new List<RowDraft>();
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows)
            {
                try
                {
                    var draft = UserWriter.Draft(new NewUserRequest
                    {
                        UserPrincipalName = row.UserPrincipalName ?? "",
                        DisplayName = row.DisplayName,
                        GivenName = row.GivenName,
                        Surname = row.Surname,
                        UsageLocation = string.IsNullOrWhiteSpace(row.UsageLocation) ? null : row.UsageLocation,
                        OfficeLocation = row.OfficeLocation,
                        Licenses = row.Licenses,
                    }, skus, organization, customerId);
                    if (seen.TryGetValue(draft.Body.UserPrincipalName, out var first))
                    {
                        problems.Add($"row {row.Row}: {draft.Body.UserPrincipalName} is already in row {first}");
                        continue;
                    }

                    seen[draft.Body.UserPrincipalName] = row.Row;
                    drafts.Add(new RowDraft(row, draft));
                }
                catch (CspException ex)
                {
                    problems.Add($"row {row.Row}: {ex.Message}");
                }
            }

            // Names held by soft-deleted users stay taken for 30 days.
            var deletedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await foreach (var deleted in connection.Graph.ListDeletedUsersAsync(customerId, new[] { "id", "userPrincipalName" }, cancellationToken).ConfigureAwait(false))
            {
                deletedNames.Add(deleted.UserPrincipalName ?? "");
            }

            foreach (var draft in drafts.Where(d => deletedNames.Contains(d.Draft.Body.UserPrincipalName)))
            {
                problems.Add($"row {draft.Row.Row}: {draft.Draft.Body.UserPrincipalName} belongs to a deleted user, restorable for up to 30 days (Restore-CspUser)");
            }

            // Names already taken in the tenant, asked in batches of 20.
            var lookups = drafts.Select((d, i) => new GraphBatchRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Url = "/users/" + Uri.EscapeDataString(d.Draft.Body.UserPrincipalName) + "?$select=id",
            }).ToList();
            var answers = await GraphBatcher.SendAsync(connection.Graph, customerId, lookups, connection.Clock, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < drafts.Count; i++)
            {
                var answer = answers[lookups[i].Id];
                if (GraphBatcher.IsSuccess(answer))
                {
                    problems.Add($"row {drafts[i].Row.Row}: customer {customerId} already has a user {drafts[i].Draft.Body.UserPrincipalName}");
                }
                else if (answer.Status != 404)
                {
                    throw Gdap.Explain(GraphBatcher.Error(answer, lookups[i]), customerId, Gdap.UserRead);
                }
            }

            if (problems.Count > 0)
            {
                throw new CspException("ImportRowsInvalid", CspErrorCategory.InvalidData,
                    $"{problems.Count} of {rows.Count} rows cannot be imported, so no user was created:\n  " + string.Join("\n  ", problems), customerId)
                {
                    RecommendedAction = "Correct those rows and run the import again.",
                };
            }

            return drafts;
        }

        /// <summary>Licenses the created users, grouped by identical license sets so each group goes in batches of 20.</summary>
        private static async Task LicenseAsync(CspConnection connection, string customerId, List<RowDraft> drafts, List<ImportOutcome> outcomes, ChangeJournal journal,
            ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            var groups = drafts.Select((d, i) => (Draft: d, Outcome: outcomes[i]))
                .Where(x => x.Outcome.Result != null && x.Draft.Draft.Licenses.Count > 0)
                .GroupBy(x => string.Join("|", x.Draft.Draft.Licenses.Select(l => l.SkuId).OrderBy(id => id)));
            foreach (var group in groups)
            {
                var members = group.ToList();
                var assigner = new LicenseAssigner(connection, customerId,
                    new LicenseChangeSpec { Add = members[0].Draft.Draft.Licenses.Select(l => l.SkuId!).ToList() }, journal, catalog, notice);
                var results = await assigner.ApplyAsync(members.Select(m => m.Outcome.Result!.UserId!).ToList(), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < members.Count; i++)
                {
                    var result = members[i].Outcome.Result!;
                    if (results[i].Error != null)
                    {
                        NotLicensed(result, results[i].Error!, notice);
                    }
                    else
                    {
                        result.Licenses = results[i].Result!.Licenses;
                    }
                }
            }
        }

        private static void NotLicensed(ImportResult result, Exception error, Action<string> notice)
        {
            result.Status = "LicenseFailed";
            notice($"Row {result.Row}: {result.UserPrincipalName} was created but not licensed: {error.Message}");
        }

        public sealed class RowDraft
        {
            internal RowDraft(ImportRow row, UserDraft draft)
            {
                Row = row;
                Draft = draft;
            }

            public ImportRow Row { get; }
            internal UserDraft Draft { get; }
        }
    }

    public sealed class ImportOutcome
    {
        public ImportOutcome(ImportRow row) => Row = row;

        public ImportRow Row { get; }
        public ImportResult? Result { get; set; }
        public CspException? Error { get; set; }
    }
}
