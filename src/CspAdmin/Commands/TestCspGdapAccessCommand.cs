using System.Management.Automation;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Onboarding;

namespace CspAdmin.Commands
{
    /// <summary>Whether the partner's GDAP access to each customer allows user and license management, and when it ends.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspGdapAccess")]
    [OutputType(typeof(GdapAccessReport))]
    public sealed class TestCspGdapAccessCommand : CustomerCmdlet
    {
        protected override string Activity => "Auditing GDAP access";

        protected override CustomerWork PrepareWork(string customerId) =>
            async (connection, sink, cancellationToken) =>
            {
                var report = await GdapAudit.AuditAsync(connection, customerId, cancellationToken).ConfigureAwait(false);
                if (!report.IsReady)
                {
                    sink.Warning($"{report.CompanyName}: {report.Message}");
                }

                sink.Output(report);
            };
    }
}
