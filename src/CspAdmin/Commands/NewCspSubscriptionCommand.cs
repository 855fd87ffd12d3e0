using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Commands
{
    /// <summary>Orders a new-commerce offer for a customer (cart, then checkout) and outputs the subscription once it is active.</summary>
    [Cmdlet(VerbsCommon.New, "CspSubscription", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Subscription))]
    public sealed class NewCspSubscriptionCommand : CustomerCmdlet
    {
        /// <summary>The offer: its OfferId from Get-CspOffer, a SKU part number, or a product name.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string OfferId { get; set; } = "";

        /// <summary>The number of seats.</summary>
        [Parameter(Mandatory = true, Position = 2)]
        public int Quantity { get; set; }

        /// <summary>The commitment term: P1M, P1Y or P3Y.</summary>
        [Parameter]
        [ValidateSet("P1M", "P1Y", "P3Y")]
        public string TermDuration { get; set; } = "P1Y";

        /// <summary>How often it is billed: monthly, annual or triennial.</summary>
        [Parameter]
        [ValidateSet("monthly", "annual", "triennial")]
        public string BillingCycle { get; set; } = "monthly";

        /// <summary>Return as soon as the order is placed instead of waiting for the subscription to become active.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        protected override string Activity => "Ordering subscriptions";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var request = new OrderRequest { Offer = OfferId, Quantity = Quantity, TermDuration = TermDuration, BillingCycle = BillingCycle, NoWait = NoWait.IsPresent };
            if (!ShouldProcess($"customer {customerId}", $"Buy {Quantity} x {OfferId} for {TermDuration}, billed {BillingCycle} (a new-commerce commitment)"))
            {
                return null;
            }

            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
            {
                var waiting = new OperationProgress(2, "Waiting for the order", $"{request.Offer} for customer {customerId}", completed: true);
                sink.Output(await SubscriptionOrder.OrderAsync(connection, customerId, request, journal, ProductCatalog.Default, sink.Verbose,
                    waited => sink.Progress(new OperationProgress(2, "Waiting for the order", $"{request.Offer}: being fulfilled, {waited.TotalSeconds:0} s")),
                    cancellationToken).ConfigureAwait(false));
                sink.Progress(waiting);
            };
        }
    }
}
