using System.Management.Automation;
using System.Security;
using CspAdmin.Completers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Users;

namespace CspAdmin.Commands
{
    /// <summary>Creates a user in a customer tenant, optionally licensed; the password is shown once, as a SecureString.</summary>
    [Cmdlet(VerbsCommon.New, "CspUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CreatedUser))]
    public sealed class NewCspUserCommand : CustomerCmdlet
    {
        /// <summary>The new user's sign-in name, on a verified domain of the customer.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string UserPrincipalName { get; set; } = "";

        /// <summary>The name shown in the directory; "GivenName Surname" when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DisplayName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? GivenName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Surname { get; set; }

        /// <summary>Two-letter country code licenses need; the customer's country when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? UsageLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? OfficeLocation { get; set; }

        /// <summary>The initial password; a strong one is generated when omitted.</summary>
        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>Licenses to assign: part numbers, product names or SKU ids.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SkuCompleter))]
        public string[] License { get; set; } = new string[0];

        /// <summary>Let the user keep the initial password (by default it must be changed at first sign-in).</summary>
        [Parameter]
        public SwitchParameter NoPasswordChangeRequired { get; set; }

        /// <summary>Buy missing seats on the active subscription this partner provides.</summary>
        [Parameter]
        public SwitchParameter AutoIncrease { get; set; }

        protected override string Activity => "Creating users";

        protected override CustomerWork? PrepareWork(string customerId)
        {
            var request = new NewUserRequest
            {
                UserPrincipalName = UserPrincipalName,
                DisplayName = DisplayName,
                GivenName = GivenName,
                Surname = Surname,
                UsageLocation = UsageLocation,
                OfficeLocation = OfficeLocation,
                Password = Password,
                ForceChangePasswordNextSignIn = !NoPasswordChangeRequired.IsPresent,
                Licenses = License,
            };
            var licenses = License.Length == 0 ? "" : " with " + string.Join(", ", License);
            if (!ShouldProcess($"{UserPrincipalName} (customer {customerId})", "Create the user" + licenses))
            {
                return null;
            }

            var autoIncrease = AutoIncrease.IsPresent;
            var journal = Context.Journal;
            return async (connection, sink, cancellationToken) =>
                sink.Output(await UserWriter.CreateAsync(connection, customerId, request, autoIncrease, journal, ProductCatalog.Default, sink.Warning, cancellationToken)
                    .ConfigureAwait(false));
        }
    }
}
