using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Commands
{
    /// <summary>A customer's subscriptions with their NCE rules, including those other partners provide.</summary>
    [Cmdlet(VerbsCommon.Get, "CspSubscription")]
    [OutputType(typeof(Subscription))]
    public sealed class GetCspSubscriptionCommand : CustomerCmdlet
    {
        /// <summary>Only this subscription.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public string? SubscriptionId { get; set; }

        protected override string Activity => "Reading subscriptions";

        protected override CustomerWork PrepareWork(string customerId)
        {
            var subscriptionId = string.IsNullOrWhiteSpace(SubscriptionId) ? null : SubscriptionId!.Trim();
            return async (connection, sink, cancellationToken) =>
            {
                var subscriptions = await SubscriptionReader.ReadAsync(connection, customerId, subscriptionId, ProductCatalog.Default, sink.Warning, cancellationToken)
                    .ConfigureAwait(false);
                if (subscriptionId != null && subscriptions.Count == 0)
                {
                    throw SubscriptionReader.NotFound(customerId, subscriptionId);
                }

                foreach (var subscription in subscriptions)
                {
                    sink.Output(subscription);
                }
            };
        }
    }
}
