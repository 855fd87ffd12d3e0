using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Onboarding;

namespace CspAdmin.Commands
{
    /// <summary>The link a customer's global admin opens to accept this partner, or a reseller under it, as its CSP.</summary>
    [Cmdlet(VerbsCommon.New, "CspRelationshipRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RelationshipRequest))]
    public sealed class NewCspRelationshipRequestCommand : CspCmdlet
    {
        /// <summary>An indirect reseller from the profile (name, tenant id or MPN id); without it the link is for this partner directly.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ResellerName")]
        public string? Reseller { get; set; }

        /// <summary>Also ask for delegated admin privileges (on unless -IncludeDelegatedAdmin:$false).</summary>
        [Parameter]
        public SwitchParameter IncludeDelegatedAdmin { get; set; } = true;

        /// <summary>The connected profile (Partner Center account) the customer accepts; needed when several are connected.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var connection = Run(() => Context.Single(Profile));
            var reseller = string.IsNullOrWhiteSpace(Reseller) ? null : Reseller!.Trim();
            if (!ShouldProcess(reseller == null ? $"a direct relationship with {connection.Name}" : $"reseller {reseller} under {connection.Name}", "Create relationship request link"))
            {
                return;
            }

            StartWork(reseller, async (sink, cancellationToken) =>
                sink.Output(await RelationshipRequests.CreateAsync(connection, reseller, IncludeDelegatedAdmin.IsPresent, sink.Warning, cancellationToken).ConfigureAwait(false)));
        }
    }
}
