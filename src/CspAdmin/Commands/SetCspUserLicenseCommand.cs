using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Completers;
using CspAdmin.Engine;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>
    /// Adds and removes licenses of users in one atomic change per user, checking free seats first;
    /// users arriving through the pipeline are sent to Graph in batches of 20 per customer.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CspUserLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LicenseChangeResult))]
    public sealed class SetCspUserLicenseCommand : CspCmdlet
    {
        private readonly Dictionary<string, Pending> _pending = new Dictionary<string, Pending>(StringComparer.OrdinalIgnoreCase);
        private LicenseChangeSpec _spec = new LicenseChangeSpec();
        private int _queued;
        private int _done;

        /// <summary>The customer's tenant id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string CustomerId { get; set; } = "";

        /// <summary>The user's object id or user principal name.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName")]
        public string UserId { get; set; } = "";

        /// <summary>The connection profile that serves the customer; found automatically when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>Licenses to add: part numbers, product names or SKU ids.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string[] Add { get; set; } = new string[0];

        /// <summary>Licenses to remove, in the same change as the additions.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string[] Remove { get; set; } = new string[0];

        /// <summary>Service plans to switch off in the added licenses (e.g. YAMMER_ENTERPRISE).</summary>
        [Parameter]
        public string[] DisabledPlan { get; set; } = new string[0];

        /// <summary>Buy missing seats on the active subscription this partner provides for the SKU.</summary>
        [Parameter]
        public SwitchParameter AutoIncrease { get; set; }

        protected override void BeginProcessing()
        {
            RequireConnection();
            _spec = new LicenseChangeSpec { Add = Add, Remove = Remove, DisabledPlans = DisabledPlan, AutoIncrease = AutoIncrease.IsPresent };
            Run(() =>
            {
                _spec.Validate();
                return true;
            });
        }

        protected override void ProcessRecord()
        {
            var customerId = ValidCustomerId(CustomerId);
            if (customerId == null)
            {
                return;
            }

            string userId;
            try
            {
                userId = UserReader.ValidUserId(UserId);
            }
            catch (CspException ex)
            {
                WriteError(ToErrorRecord(ex, UserId));
                return;
            }

            if (!ShouldProcess($"{userId} (customer {customerId})", Describe()))
            {
                return;
            }

            var key = (Profile ?? "") + "|" + customerId;
            if (!_pending.TryGetValue(key, out var pending))
            {
                pending = new Pending(customerId, Profile);
                _pending.Add(key, pending);
            }

            pending.UserIds.Add(userId);
            _queued++;
            if (pending.UserIds.Count == Engine.Graph.GraphClient.MaxBatchSize)
            {
                Flush(pending);
            }
        }

        protected override void EndProcessing()
        {
            foreach (var pending in _pending.Values.Where(p => p.UserIds.Count > 0))
            {
                Flush(pending);
            }

            CompleteWork();
            WriteProgress(new ProgressRecord(1, "Changing licenses", "Done") { RecordType = ProgressRecordType.Completed });
        }

        private void Flush(Pending pending)
        {
            var users = pending.UserIds.ToList();
            pending.UserIds.Clear();
            var spec = _spec;
            var journal = Context.Journal;
            var context = Context;
            StartWork(pending.CustomerId, async (sink, cancellationToken) =>
            {
                var assigner = await pending.Assigner(() => CreateAsync(context, pending, spec, journal, sink, cancellationToken)).ConfigureAwait(false);
                foreach (var outcome in await assigner.ApplyAsync(users, cancellationToken).ConfigureAwait(false))
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

                var done = Interlocked.Add(ref _done, users.Count);
                sink.Progress(new OperationProgress(1, "Changing licenses", $"{done} of {Volatile.Read(ref _queued)}+ users done"));
            });
        }

        private static async Task<LicenseAssigner> CreateAsync(Engine.Connections.CspContext context, Pending pending, LicenseChangeSpec spec,
            Engine.Journal.ChangeJournal journal, WorkSink sink, CancellationToken cancellationToken)
        {
            var connection = await context.ForCustomerAsync(pending.CustomerId, pending.Profile, cancellationToken).ConfigureAwait(false);
            return new LicenseAssigner(connection, pending.CustomerId, spec, journal, ProductCatalog.Default, sink.Warning);
        }

        private string Describe()
        {
            var parts = new List<string>();
            if (Add.Length > 0)
            {
                parts.Add("add " + string.Join(", ", Add) + (DisabledPlan.Length > 0 ? " (without " + string.Join(", ", DisabledPlan) + ")" : ""));
            }

            if (Remove.Length > 0)
            {
                parts.Add("remove " + string.Join(", ", Remove));
            }

            return "Set licenses: " + string.Join("; ", parts) + (AutoIncrease ? "; buy missing seats" : "");
        }

        /// <summary>The users of one customer waiting for their batch, and the customer's one assigner (seat counts live there).</summary>
        private sealed class Pending
        {
            private readonly object _gate = new object();
            private Task<LicenseAssigner>? _assigner;

            public Pending(string customerId, string? profile)
            {
                CustomerId = customerId;
                Profile = profile;
            }

            public string CustomerId { get; }
            public string? Profile { get; }
            public List<string> UserIds { get; } = new List<string>();

            public Task<LicenseAssigner> Assigner(Func<Task<LicenseAssigner>> create)
            {
                lock (_gate)
                {
                    return _assigner ??= create();
                }
            }
        }
    }
}
