namespace CspAdmin.Completers
{
    /// <summary>
    /// Parameters that take licenses: part numbers and product names of the SKUs the customer given by -CustomerId
    /// has. Nothing until -CustomerId is on the command line.
    /// </summary>
    public sealed class SkuCompleter : CspCompleter
    {
        public SkuCompleter()
            : base(CompletionKind.Sku)
        {
        }
    }

    /// <summary>Get-CspOffer -Name: offer names of the catalog of -Country (US by default), through -Profile or the first connection.</summary>
    public sealed class OfferNameCompleter : CspCompleter
    {
        public OfferNameCompleter()
            : base(CompletionKind.OfferName)
        {
        }
    }

    /// <summary>Get-CspOffer -Sku: the part numbers of the catalog of -Country.</summary>
    public sealed class OfferSkuCompleter : CspCompleter
    {
        public OfferSkuCompleter()
            : base(CompletionKind.OfferSku)
        {
        }
    }

    /// <summary>New-CspSubscription -OfferId: the offer ids of the catalog of the -CustomerId customer's country, listed by name and terms.</summary>
    public sealed class OfferIdCompleter : CspCompleter
    {
        public OfferIdCompleter()
            : base(CompletionKind.CustomerOffer)
        {
        }
    }
}
