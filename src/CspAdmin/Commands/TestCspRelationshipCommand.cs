using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Onboarding;

namespace CspAdmin.Commands
{
    /// <summary>Whether the customer with this default domain has accepted the relationship, so orders may be placed.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspRelationship")]
    [OutputType(typeof(RelationshipCheck))]
    public sealed class TestCspRelationshipCommand : CspCmdlet
    {
        /// <summary>The customer's default domain, e.g. contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DefaultDomain")]
        [ArgumentCompleter(typeof(CustomerDomainCompleter))]
        public string[] Domain { get; set; } = new string[0];

        /// <summary>Only these connected profiles; all of them by default.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string[]? Profile { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var connections = Run(() => Context.Select(Profile));
            foreach (var domain in Domain)
            {
                if (string.IsNullOrWhiteSpace(domain))
                {
                    WriteError(ToErrorRecord(new Engine.CspException("DomainMissing", Engine.CspErrorCategory.InvalidArgument,
                        "An empty domain cannot be checked; give the customer's default domain, e.g. contoso.onmicrosoft.com."), domain));
                    continue;
                }

                StartWork(domain, async (sink, cancellationToken) =>
                {
                    var check = await RelationshipVerifier.CheckAsync(Context, connections, domain, cancellationToken).ConfigureAwait(false);
                    if (!check.Accepted)
                    {
                        sink.Warning(check.Message);
                    }

                    sink.Output(check);
                });
            }
        }
    }
}
