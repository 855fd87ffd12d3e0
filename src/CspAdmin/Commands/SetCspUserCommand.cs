using System.Linq;
using System.Management.Automation;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Edits a user's names, locations and directory roles, as the portal's Edit User Information.</summary>
    [Cmdlet(VerbsCommon.Set, "CspUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(User))]
    public sealed class SetCspUserCommand : UserCmdlet
    {
        [Parameter]
        public string? GivenName { get; set; }

        [Parameter]
        public string? Surname { get; set; }

        [Parameter]
        public string? DisplayName { get; set; }

        [Parameter]
        public string? OfficeLocation { get; set; }

        /// <summary>Two-letter country code (ISO 3166), which licenses need.</summary>
        [Parameter]
        public string? UsageLocation { get; set; }

        /// <summary>Directory roles to give, by name (e.g. "User Administrator").</summary>
        [Parameter]
        public string[] AddRole { get; set; } = new string[0];

        /// <summary>Directory roles to take away, by name.</summary>
        [Parameter]
        public string[] RemoveRole { get; set; } = new string[0];

        /// <summary>Output the user as it is afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Activity => "Updating users";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var changes = new UserChanges
            {
                GivenName = GivenName,
                Surname = Surname,
                DisplayName = DisplayName,
                OfficeLocation = OfficeLocation,
                UsageLocation = UsageLocation,
                AddRoles = AddRole,
                RemoveRoles = RemoveRole,
            };
            var userId = UserId;
            var what = string.Join(", ", MyInvocation.BoundParameters.Keys.Where(k => k != nameof(CustomerId) && k != nameof(UserId) && k != nameof(Profile) && k != nameof(PassThru)));
            if (!ShouldProcess($"{userId} (customer {customerId})", "Change " + what))
            {
                return null;
            }

            var passThru = PassThru.IsPresent;
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
            {
                var user = await UserWriter.UpdateAsync(connection, customerId, userId, changes, journal, ProductCatalog.Default, cancellationToken).ConfigureAwait(false);
                if (passThru)
                {
                    sink.Output(user);
                }
            };
        }
    }
}
