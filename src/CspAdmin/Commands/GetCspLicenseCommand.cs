using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;

namespace CspAdmin.Commands
{
    /// <summary>Seats per product for each customer: active, assigned, available, suspended, in warning.</summary>
    [Cmdlet(VerbsCommon.Get, "CspLicense")]
    [OutputType(typeof(LicenseSummary))]
    public sealed class GetCspLicenseCommand : CustomerCmdlet
    {
        protected override string Activity => "Reading licenses";

        protected override CustomerWork PrepareWork(string customerId) => async (connection, sink, cancellationToken) =>
        {
            foreach (var row in await LicenseOverview.ReadAsync(connection, customerId, ProductCatalog.Default, cancellationToken).ConfigureAwait(false))
            {
                sink.Output(row);
            }
        };
    }
}
