using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Model;

namespace CspAdmin.Commands
{
    /// <summary>Lists the partner's customers over every connected profile, or finds them by name, domain or id.</summary>
    [Cmdlet(VerbsCommon.Get, "CspCustomer", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(Customer))]
    public sealed class GetCspCustomerCommand : CspCmdlet
    {
        private const string NameSet = "Name";
        private const string DomainSet = "Domain";
        private const string IdSet = "CustomerId";

        /// <summary>The company name; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CustomerNameCompleter))]
        public string? Name { get; set; }

        /// <summary>The customer's default domain, e.g. contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DomainSet)]
        [ArgumentCompleter(typeof(CustomerDomainCompleter))]
        public string? Domain { get; set; }

        /// <summary>The customer's tenant id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string? CustomerId { get; set; }

        /// <summary>Only these connected profiles; all when omitted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string[]? Profile { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var query = new CustomerQuery { Name = Name, Domain = Domain?.Trim() };
            if (ParameterSetName == IdSet)
            {
                query.CustomerId = ValidCustomerId(CustomerId);
                if (query.CustomerId == null)
                {
                    return;
                }

                // One customer: whichever of the (named) profiles serves it.
                var profiles = Profile;
                StartWork(query.CustomerId, async (sink, ct) =>
                {
                    var connection = await Context.SearchForCustomerAsync(query.CustomerId, profiles, ct).ConfigureAwait(false);
                    await CustomerReader.Emit(Context, connection, query, sink, ct).ConfigureAwait(false);
                });
                return;
            }

            foreach (var connection in Run(() => Context.Select(Profile)))
            {
                StartWork(connection.Name, (sink, ct) => CustomerReader.Emit(Context, connection, query, sink, ct));
            }
        }
    }
}
