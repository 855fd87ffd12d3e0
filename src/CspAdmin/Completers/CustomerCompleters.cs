namespace CspAdmin.Completers
{
    /// <summary>-CustomerId: the tenant ids of the connected profiles' customers (of -Profile when given), listed as "Company (domain)"; the word matches name, domain or id.</summary>
    public sealed class CustomerIdCompleter : CspCompleter
    {
        public CustomerIdCompleter()
            : base(CompletionKind.CustomerId)
        {
        }
    }

    /// <summary>Get-CspCustomer -Name: company names; the word matches name or domain.</summary>
    public sealed class CustomerNameCompleter : CspCompleter
    {
        public CustomerNameCompleter()
            : base(CompletionKind.CustomerName)
        {
        }
    }

    /// <summary>-Domain: the customers' default domains; the word matches name or domain.</summary>
    public sealed class CustomerDomainCompleter : CspCompleter
    {
        public CustomerDomainCompleter()
            : base(CompletionKind.CustomerDomain)
        {
        }
    }
}
