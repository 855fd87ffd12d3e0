using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Soft-deletes users: their licenses are freed at once, and they can be restored for 30 days.</summary>
    [Cmdlet(VerbsCommon.Remove, "CspUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(User))]
    public sealed class RemoveCspUserCommand : UserCmdlet
    {
        /// <summary>Output the deleted user (with the date until which it can be restored).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Activity => "Deleting users";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var userId = UserId;
            if (!ShouldProcess($"{userId} (customer {customerId})",
                "Delete the user. Its licenses are freed now; the user can be restored with Restore-CspUser for 30 days, then it is gone for good"))
            {
                return null;
            }

            var passThru = PassThru.IsPresent;
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
            {
                var user = await UserLifecycle.RemoveAsync(connection, customerId, userId, journal, ProductCatalog.Default, cancellationToken).ConfigureAwait(false);
                sink.Verbose($"Deleted {user.UserPrincipalName}; freed {string.Join(", ", user.Licenses)}; restorable until {user.RestorableUntil:yyyy-MM-dd}.");
                if (passThru)
                {
                    sink.Output(user);
                }
            };
        }
    }
}
