using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Restores soft-deleted users (within 30 days) with their licenses, after checking there are seats for them.</summary>
    [Cmdlet(VerbsData.Restore, "CspUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(User))]
    public sealed class RestoreCspUserCommand : UserCmdlet
    {
        /// <summary>Buy the seats the user's licenses lack, on subscriptions this partner provides.</summary>
        [Parameter]
        public SwitchParameter AutoIncrease { get; set; }

        /// <summary>Restore the user without the licenses that have no free seat.</summary>
        [Parameter]
        public SwitchParameter SkipUnavailableLicenses { get; set; }

        protected override string Activity => "Restoring users";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var userId = UserId;
            if (!ShouldProcess($"{userId} (customer {customerId})", "Restore the deleted user with its licenses"))
            {
                return null;
            }

            var autoIncrease = AutoIncrease.IsPresent;
            var skip = SkipUnavailableLicenses.IsPresent;
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
                sink.Output(await UserLifecycle.RestoreAsync(connection, customerId, userId, autoIncrease, skip, journal, ProductCatalog.Default, sink.Warning, cancellationToken)
                    .ConfigureAwait(false));
        }
    }
}
