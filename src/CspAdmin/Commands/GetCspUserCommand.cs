using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>A customer's users, streamed as Graph pages them in; or one user; or those holding a license; or the deleted ones.</summary>
    [Cmdlet(VerbsCommon.Get, "CspUser", DefaultParameterSetName = ActiveSet)]
    [OutputType(typeof(User))]
    public sealed class GetCspUserCommand : CustomerCmdlet
    {
        private const string ActiveSet = "Active";
        private const string DeletedSet = "Deleted";

        /// <summary>One user, by object id or user principal name.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName")]
        public string? UserId { get; set; }

        /// <summary>An OData filter for Graph, e.g. "startswith(displayName,'A')".</summary>
        [Parameter(ParameterSetName = ActiveSet)]
        public string? Filter { get; set; }

        /// <summary>Only users holding this license: part number, product name or SKU id.</summary>
        [Parameter(ParameterSetName = ActiveSet)]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string? Sku { get; set; }

        /// <summary>Soft-deleted users that can still be restored, with the days left.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeletedSet)]
        public SwitchParameter Deleted { get; set; }

        protected override string Activity => "Reading users";

        protected override CustomerWork PrepareWork(string customerId)
        {
            var query = new UserQuery { UserId = string.IsNullOrWhiteSpace(UserId) ? null : UserId, Filter = Filter, Sku = Sku, Deleted = Deleted.IsPresent };
            return (connection, sink, cancellationToken) => UserReader.Emit(connection, customerId, query, ProductCatalog.Default, sink, cancellationToken);
        }
    }
}
