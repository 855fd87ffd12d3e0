using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Each license a user holds, with the service plans switched off in it.</summary>
    [Cmdlet(VerbsCommon.Get, "CspUserLicense")]
    [OutputType(typeof(UserLicense))]
    public sealed class GetCspUserLicenseCommand : UserCmdlet
    {
        protected override string Activity => "Reading user licenses";

        protected override CustomerWork PrepareWork(string customerId)
        {
            var userId = UserId;
            return async (connection, sink, cancellationToken) =>
            {
                foreach (var license in await UserLicenseReader.ReadAsync(connection, customerId, userId, ProductCatalog.Default, cancellationToken).ConfigureAwait(false))
                {
                    sink.Output(license);
                }
            };
        }
    }
}
