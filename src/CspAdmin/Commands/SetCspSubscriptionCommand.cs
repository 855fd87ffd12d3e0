using System.Collections.Generic;
using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Commands
{
    /// <summary>Changes a subscription's seats, status, auto-renewal or name, under the new-commerce rules.</summary>
    [Cmdlet(VerbsCommon.Set, "CspSubscription", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Subscription))]
    public sealed class SetCspSubscriptionCommand : CustomerCmdlet
    {
        /// <summary>The subscription to change.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string SubscriptionId { get; set; } = "";

        /// <summary>The new number of seats.</summary>
        [Parameter]
        public int? Quantity { get; set; }

        /// <summary>Suspend the subscription (its seats stop working).</summary>
        [Parameter]
        public SwitchParameter Suspend { get; set; }

        /// <summary>Reactivate a suspended subscription.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        /// <summary>Whether the subscription renews at the end of its term.</summary>
        [Parameter]
        public bool? AutoRenew { get; set; }

        /// <summary>A name for the subscription, as shown in the portals.</summary>
        [Parameter]
        public string? FriendlyName { get; set; }

        /// <summary>Allow fewer seats than are assigned to users.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Activity => "Changing subscriptions";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var change = new SubscriptionChange
            {
                Quantity = Quantity,
                Suspend = Suspend.IsPresent,
                Resume = Resume.IsPresent,
                AutoRenew = AutoRenew,
                FriendlyName = FriendlyName,
                Force = Force.IsPresent,
            };
            var subscriptionId = SubscriptionId.Trim();
            if (!ShouldProcess($"subscription {subscriptionId} (customer {customerId})", Describe(change)))
            {
                return null;
            }

            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
            {
                sink.Output(await SubscriptionWriter.UpdateAsync(connection, customerId, subscriptionId, change, journal, ProductCatalog.Default, sink.Warning,
                    waited => sink.Progress(new OperationProgress(2, "Waiting for Partner Center", $"Subscription {subscriptionId}: change accepted, {waited.TotalSeconds:0} s")),
                    cancellationToken).ConfigureAwait(false));
                sink.Progress(new OperationProgress(2, "Waiting for Partner Center", $"Subscription {subscriptionId}", completed: true));
            };
        }

        private static string Describe(SubscriptionChange change)
        {
            var parts = new List<string>();
            if (change.Quantity != null)
            {
                parts.Add($"set the quantity to {change.Quantity}");
            }

            if (change.Suspend)
            {
                parts.Add("suspend it");
            }

            if (change.Resume)
            {
                parts.Add("resume it");
            }

            if (change.AutoRenew != null)
            {
                parts.Add(change.AutoRenew.Value ? "turn auto-renewal on" : "turn auto-renewal off");
            }

            if (change.FriendlyName != null)
            {
                parts.Add($"rename it '{change.FriendlyName}'");
            }

            return parts.Count == 0 ? "Change nothing" : string.Join(", ", parts);
        }
    }
}
