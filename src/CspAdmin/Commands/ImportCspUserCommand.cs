using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>
    /// Bulk provisioning from a CSV file or pipeline objects: validates every row, and that missing seats can be
    /// bought, first (creating none when any is bad), then creates the users concurrently, buys the missing seats
    /// once and licenses them.
    /// </summary>
    [Cmdlet(VerbsData.Import, "CspUser", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImportResult))]
    public sealed class ImportCspUserCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string ObjectSet = "InputObject";
        private readonly List<ImportRow> _rows = new List<ImportRow>();

        /// <summary>The customer's tenant id.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string CustomerId { get; set; } = "";

        /// <summary>A CSV file with a header line: UserPrincipalName (required), DisplayName, GivenName, Surname, UsageLocation, OfficeLocation, Licenses.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
        public string Path { get; set; } = "";

        /// <summary>Objects with the same properties as the CSV columns, e.g. from Import-Csv.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        public PSObject? InputObject { get; set; }

        /// <summary>The connection profile that serves the customer; found automatically when omitted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>Buy the seats the import lacks, once per product, on subscriptions this partner provides.</summary>
        [Parameter]
        public SwitchParameter AutoIncrease { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                var path = GetUnresolvedProviderPathFromPSPath(Path);
                _rows.AddRange(Run(() => ImportRow.ReadCsv(path)));
                return;
            }

            var properties = InputObject!.Properties.ToDictionary(p => p.Name, p => p.Value is Array array ? string.Join(";", array.Cast<object>()) : p.Value?.ToString(),
                StringComparer.OrdinalIgnoreCase);
            if (_rows.Count == 0)
            {
                Run(() =>
                {
                    ImportRow.CheckColumns(properties.Keys, "The input object");
                    return true;
                });
            }

            _rows.Add(ImportRow.FromColumns(_rows.Count + 1, properties));
        }

        protected override void EndProcessing()
        {
            var customerId = ValidCustomerId(CustomerId);
            if (customerId == null || _rows.Count == 0)
            {
                return;
            }

            var rows = _rows.ToList();
            var profile = Profile;
            var autoIncrease = AutoIncrease.IsPresent;
            var journal = Context.Journal;
            if (!ShouldProcess($"customer {customerId}", $"Create {_rows.Count} users" + (AutoIncrease ? " and buy missing seats" : "")))
            {
                // A dry run still validates every row and counts the seats, so -WhatIf finds what would fail.
                StartWork(customerId, async (sink, cancellationToken) =>
                {
                    var connection = await Context.ForCustomerAsync(customerId, profile, cancellationToken).ConfigureAwait(false);
                    var plan = await UserImporter.PlanAsync(connection, customerId, rows, ProductCatalog.Default, cancellationToken).ConfigureAwait(false);
                    foreach (var (sku, needed, free) in plan.Shortfall)
                    {
                        sink.Warning($"{plan.Skus.ProductName(sku)} ({sku.SkuPartNumber}): {needed} seat(s) needed, {free} free" + (autoIncrease ? $"; {needed - free} would be bought." : "; the import would be refused."));
                    }

                    sink.Verbose($"All {rows.Count} rows are valid.");
                });
                CompleteWork();
                return;
            }

            StartWork(customerId, async (sink, cancellationToken) =>
            {
                var connection = await Context.ForCustomerAsync(customerId, profile, cancellationToken).ConfigureAwait(false);
                var outcomes = await UserImporter.ImportAsync(connection, customerId, rows, autoIncrease, journal, ProductCatalog.Default, sink.Warning,
                    (done, total) => sink.Progress(new OperationProgress(1, "Importing users", $"{done} of {total} created", done * 100 / Math.Max(1, total))),
                    cancellationToken).ConfigureAwait(false);
                foreach (var outcome in outcomes)
                {
                    if (outcome.Error != null)
                    {
                        sink.Error(outcome.Error);
                    }
                    else
                    {
                        sink.Output(outcome.Result!);
                    }
                }
            });
            CompleteWork();
            WriteProgress(new ProgressRecord(1, "Importing users", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
