using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Completers;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Operations;

namespace CspAdmin
{
    /// <summary>
    /// A cmdlet that acts on customers arriving by property name from Get-CspCustomer (or any object with
    /// CustomerId/TenantId and Profile): each customer is worked on concurrently, routed to its profile.
    /// </summary>
    public abstract class CustomerCmdlet : CspCmdlet
    {
        /// <summary>
        /// The work for one customer, through the connection that serves it. Nested and protected, so no public
        /// type of CspAdmin.dll names an engine type before the module initializer can load the engine.
        /// </summary>
        protected delegate Task CustomerWork(CspConnection connection, WorkSink sink, CancellationToken cancellationToken);

        private int _started;
        private int _finished;

        /// <summary>The customer's tenant id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string CustomerId { get; set; } = "";

        /// <summary>The connection profile that serves the customer; found automatically when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>What the progress bar calls the work, e.g. "Reading licenses".</summary>
        protected abstract string Activity { get; }

        /// <summary>
        /// Called on the pipeline thread for each customer: captures the bound parameters (which the next
        /// pipeline object rebinds), asks ShouldProcess where the work changes something, and returns the
        /// work — which runs on a worker and outputs to the sink — or null to skip this item.
        /// </summary>
        protected abstract CustomerWork? PrepareWork(string customerId);

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var customerId = ValidCustomerId(CustomerId);
            if (customerId == null)
            {
                return;
            }

            var profile = Profile;
            var work = PrepareWork(customerId);
            if (work == null)
            {
                return;
            }

            var started = ++_started;
            StartWork(customerId, async (sink, cancellationToken) =>
            {
                try
                {
                    var connection = await Context.ForCustomerAsync(customerId, profile, cancellationToken).ConfigureAwait(false);
                    await work(connection, sink, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    var done = Interlocked.Increment(ref _finished);
                    // Customers keep arriving through the pipeline, so the total is "at least as many as had started".
                    sink.Progress(new OperationProgress(1, Activity, $"{done} of {Math.Max(done, started)}+ customers done"));
                }
            });
        }

        protected override void EndProcessing()
        {
            CompleteWork();
            WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
