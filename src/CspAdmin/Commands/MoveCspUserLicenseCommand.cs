using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Transfers;

namespace CspAdmin.Commands
{
    /// <summary>
    /// Moves users from one license to another (E3 to E5, a package bought elsewhere to ours): planned first,
    /// one atomic change per user in Graph batches, resumable from a checkpoint, customers in parallel.
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "CspUserLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TransferResult), typeof(TransferSummary), typeof(TransferPlan))]
    public sealed class MoveCspUserLicenseCommand : CspCmdlet
    {
        private readonly Dictionary<string, Target> _targets = new Dictionary<string, Target>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The customer's tenant id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string CustomerId { get; set; } = "";

        /// <summary>The connection profile that serves the customer; found automatically when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>The license users have now: part number, product name or SKU id.</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string From { get; set; } = "";

        /// <summary>The license they get instead.</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string To { get; set; } = "";

        /// <summary>Only these users; every holder of -From when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName")]
        public string[]? UserId { get; set; }

        /// <summary>Switch off in -To the service plans (by name) that were off in -From.</summary>
        [Parameter]
        public SwitchParameter KeepDisabledPlans { get; set; }

        /// <summary>Buy the missing seats of -To once, on the subscription this partner provides.</summary>
        [Parameter]
        public SwitchParameter AutoIncrease { get; set; }

        /// <summary>A file recording progress after every batch; the same command with the same file resumes.</summary>
        [Parameter]
        public string? CheckpointPath { get; set; }

        /// <summary>The most batches of 20 in flight per customer (the HTTP pipeline allows 8 requests per tenant).</summary>
        [Parameter]
        [ValidateRange(1, 8)]
        public int ThrottleLimit { get; set; } = 6;

        /// <summary>One summary object per customer instead of one object per user.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var customerId = ValidCustomerId(CustomerId);
            if (customerId == null)
            {
                return;
            }

            var key = (Profile ?? "") + "|" + customerId;
            if (!_targets.TryGetValue(key, out var target))
            {
                target = new Target(customerId, Profile);
                _targets.Add(key, target);
            }

            if (UserId == null || UserId.Length == 0)
            {
                target.AllHolders = true;
            }
            else
            {
                target.UserIds.AddRange(UserId);
            }
        }

        protected override void EndProcessing()
        {
            var journal = Context.Journal;
            var context = Context;
            var several = _targets.Count > 1;
            foreach (var target in _targets.Values)
            {
                var request = new TransferRequest
                {
                    CustomerId = target.CustomerId,
                    From = From,
                    To = To,
                    UserIds = target.AllHolders ? null : target.UserIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                    KeepDisabledPlans = KeepDisabledPlans.IsPresent,
                    AutoIncrease = AutoIncrease.IsPresent,
                    CheckpointPath = CheckpointFor(target.CustomerId, several),
                    ThrottleLimit = ThrottleLimit,
                };
                var apply = ShouldProcess($"customer {target.CustomerId}", $"Move users from {From} to {To}" + (AutoIncrease ? ", buying missing seats" : ""));
                var summaryOnly = Summary.IsPresent;
                StartWork(target.CustomerId, async (sink, cancellationToken) =>
                {
                    var connection = await context.ForCustomerAsync(target.CustomerId, target.Profile, cancellationToken).ConfigureAwait(false);
                    var transfer = new LicenseTransfer(connection, request, journal, ProductCatalog.Default, sink.Warning);
                    if (!apply)
                    {
                        sink.Output(await transfer.PlanAsync(cancellationToken).ConfigureAwait(false));
                        return;
                    }

                    var watch = Stopwatch.StartNew();
                    var summary = await transfer.RunAsync(
                        result =>
                        {
                            if (result.Status == "Failed")
                            {
                                sink.Error(new CspException("LicenseMoveFailed", CspErrorCategory.InvalidOperation,
                                    $"{result.UserPrincipalName} keeps {result.From}: {result.Reason}", result.UserPrincipalName));
                            }

                            if (!summaryOnly)
                            {
                                sink.Output(result);
                            }
                        },
                        (done, total) => sink.Progress(Progress(target.CustomerId, done, total, watch.Elapsed)),
                        cancellationToken).ConfigureAwait(false);
                    sink.Progress(new OperationProgress(ActivityId(target.CustomerId), "Moving licenses", "Done", 100, completed: true));
                    if (summaryOnly)
                    {
                        sink.Output(summary);
                    }
                });
            }

            CompleteWork();
        }

        private static OperationProgress Progress(string customerId, int done, int total, TimeSpan elapsed)
        {
            var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            return new OperationProgress(ActivityId(customerId), $"Moving licenses for customer {customerId}",
                $"{done} of {total} users, {rate:0.0} users/s", total == 0 ? 100 : done * 100 / total)
            {
                Remaining = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : (TimeSpan?)null,
            };
        }

        /// <summary>A progress bar per customer, as customers move in parallel.</summary>
        private static int ActivityId(string customerId) => (customerId.GetHashCode() & 0x7fffffff) % 100000 + 10;

        /// <summary>The checkpoint file; with several customers, one file each beside the given name.</summary>
        private string? CheckpointFor(string customerId, bool several)
        {
            if (string.IsNullOrEmpty(CheckpointPath))
            {
                return null;
            }

            var path = GetUnresolvedProviderPathFromPSPath(CheckpointPath);
            return several
                ? Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + "." + customerId + Path.GetExtension(path))
                : path;
        }

        private sealed class Target
        {
            public Target(string customerId, string? profile)
            {
                CustomerId = customerId;
                Profile = profile;
            }

            public string CustomerId { get; }
            public string? Profile { get; }
            public bool AllHolders { get; set; }
            public List<string> UserIds { get; } = new List<string>();
        }
    }
}
