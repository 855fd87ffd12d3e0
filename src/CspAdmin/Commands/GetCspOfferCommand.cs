using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Commands
{
    /// <summary>Lists the new-commerce license offers of a country's catalog, to find the one New-CspSubscription orders.</summary>
    [Cmdlet(VerbsCommon.Get, "CspOffer")]
    [OutputType(typeof(Offer))]
    public sealed class GetCspOfferCommand : CspCmdlet
    {
        /// <summary>Offer or product name, or part number; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OfferNameCompleter))]
        public string? Name { get; set; }

        /// <summary>Only offers of this SKU part number (e.g. SPE_E3).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OfferSkuCompleter))]
        public string? Sku { get; set; }

        /// <summary>The catalog's country (two letters).</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z]{2}$")]
        public string Country { get; set; } = OfferCatalog.DefaultCountry;

        /// <summary>The profile whose catalog to read; the first connected when omitted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void EndProcessing()
        {
            var connection = Run(() => string.IsNullOrEmpty(Profile) ? Context.Connections[0] : Context.Get(Profile!));
            var pattern = string.IsNullOrEmpty(Name) ? null : new Wildcard(Name!);
            var offers = Run(ct => OfferCatalog.ListAsync(connection, Country, ProductCatalog.Default, ct));
            WriteObject(offers
                .Where(o => pattern == null || pattern.IsMatch(o.Name) || pattern.IsMatch(o.Product) || pattern.IsMatch(o.SkuPartNumber) || pattern.IsMatch(o.OfferId))
                .Where(o => string.IsNullOrEmpty(Sku) || string.Equals(o.SkuPartNumber, Sku, System.StringComparison.OrdinalIgnoreCase))
                .OrderBy(o => o.Name), enumerateCollection: true);
        }
    }
}
