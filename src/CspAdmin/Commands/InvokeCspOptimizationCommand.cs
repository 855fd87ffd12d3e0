using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Optimization;

namespace CspAdmin.Commands
{
    /// <summary>
    /// The nightly license optimisation: removes seats paid for but unassigned from subscriptions this partner
    /// provides, within the new-commerce windows; -WhatIf plans only.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CspOptimization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OptimizationResult))]
    public sealed class InvokeCspOptimizationCommand : CustomerCmdlet
    {
        /// <summary>Unused seats to keep on every SKU.</summary>
        [Parameter]
        [ValidateRange(0, 100000)]
        public int KeepFree { get; set; }

        /// <summary>Unused seats to keep as a percentage of the assigned seats (the larger of the two headrooms wins).</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public double KeepFreePercent { get; set; }

        protected override string Activity => "Optimising licenses";

        protected override CustomerWork PrepareWork(string customerId)
        {
            // -WhatIf (or answering No) still runs the plan: it only leaves the changes out.
            var apply = ShouldProcess($"customer {customerId}", "Reduce this partner's subscriptions by their unused seats");
            var headroom = new Headroom { Seats = KeepFree, Percent = KeepFreePercent };
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
            {
                foreach (var line in await LicenseOptimizer.RunAsync(connection, customerId, headroom, apply, journal, ProductCatalog.Default, sink.Warning, cancellationToken)
                    .ConfigureAwait(false))
                {
                    sink.Output(line);
                    if (line.Status == LicenseOptimizer.Failed)
                    {
                        sink.Error(new Engine.CspException("OptimizationFailed", Engine.CspErrorCategory.InvalidOperation,
                            $"Subscription {line.SubscriptionId} ({line.OfferName}) of customer {customerId} was not reduced: {line.Reason}", line.SubscriptionId));
                    }
                }
            };
        }
    }
}
