namespace CspAdmin.Engine.Model
{
    /// <summary>A customer tenant of a CSP partner, as one Partner Center connection sees it.</summary>
    public sealed class Customer
    {
        /// <summary>The customer's tenant id.</summary>
        public string CustomerId { get; set; } = "";
        public string CompanyName { get; set; } = "";
        /// <summary>The tenant's default (usually *.onmicrosoft.com) domain.</summary>
        public string DefaultDomain { get; set; } = "";
        /// <summary>Direct, or IndirectReseller when sold through a reseller.</summary>
        public string Relationship { get; set; } = CustomerRelationship.Direct;
        /// <summary>The indirect reseller's tenant id, when there is one.</summary>
        public string? ResellerId { get; set; }
        /// <summary>The connection profile this customer was read through; later cmdlets route by it.</summary>
        public string Profile { get; set; } = "";

        /// <summary>"Contoso (contoso.onmicrosoft.com)".</summary>
        public override string ToString() => $"{CompanyName} ({DefaultDomain})";
    }

    public static class CustomerRelationship
    {
        public const string Direct = "Direct";
        public const string IndirectReseller = "IndirectReseller";
    }
}
