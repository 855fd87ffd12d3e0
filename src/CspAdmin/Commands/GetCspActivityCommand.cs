using System;
using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Model;

namespace CspAdmin.Commands
{
    /// <summary>Reads back the journal of changes CspAdmin made: users, licenses, seats bought.</summary>
    [Cmdlet(VerbsCommon.Get, "CspActivity")]
    [OutputType(typeof(ActivityRecord))]
    public sealed class GetCspActivityCommand : CspCmdlet
    {
        /// <summary>Only changes in this customer's tenant.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TenantId")]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        public string? CustomerId { get; set; }

        /// <summary>Only changes made at or after this time.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Only these operations (wildcards allowed), e.g. LicensesChanged, UserDeleted, SeatsBought.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Operation { get; set; }

        protected override void ProcessRecord()
        {
            DateTimeOffset? since = Since.HasValue ? new DateTimeOffset(Since.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(Since.Value, DateTimeKind.Local) : Since.Value) : (DateTimeOffset?)null;
            var customerId = string.IsNullOrWhiteSpace(CustomerId) ? null : CustomerId!.Trim();
            WriteObject(Run(() => Context.Journal.Query(customerId, since, Operation).ToList()), enumerateCollection: true);
        }
    }
}
