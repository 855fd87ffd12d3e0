using System.Management.Automation;
using System.Security;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Sets a new password (given or generated) that must be changed at next sign-in; returns it once, as a SecureString.</summary>
    [Cmdlet(VerbsCommon.Reset, "CspUserPassword", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PasswordResetResult))]
    public sealed class ResetCspUserPasswordCommand : UserCmdlet
    {
        /// <summary>The new password; a strong one is generated when omitted.</summary>
        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>Let the user keep this password (by default it must be changed at next sign-in).</summary>
        [Parameter]
        public SwitchParameter NoPasswordChangeRequired { get; set; }

        /// <summary>Where the notice of the new password should go; the user's own address when omitted.</summary>
        [Parameter]
        public string? NotifyEmail { get; set; }

        protected override string Activity => "Resetting passwords";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var userId = UserId;
            if (!ShouldProcess($"{userId} (customer {customerId})", "Reset the password; the current one stops working"))
            {
                return null;
            }

            var password = Password;
            var force = !NoPasswordChangeRequired.IsPresent;
            var notify = NotifyEmail;
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
                sink.Output(await UserWriter.ResetPasswordAsync(connection, customerId, userId, password, force, notify, journal, cancellationToken).ConfigureAwait(false));
        }
    }
}
