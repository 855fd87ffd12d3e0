using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Onboarding;
using CspAdmin.Engine.PartnerCenter;

namespace CspAdmin.Commands
{
    /// <summary>Creates a customer tenant in Partner Center; its first admin's password is returned once, as a SecureString.</summary>
    [Cmdlet(VerbsCommon.New, "CspCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(NewCustomerResult))]
    public sealed class NewCspCustomerCommand : CspCmdlet
    {
        /// <summary>The company's legal name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string CompanyName { get; set; } = "";

        /// <summary>The initial domain's prefix: contoso gives contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string DomainPrefix { get; set; } = "";

        /// <summary>The billing contact's email address.</summary>
        [Parameter(Mandatory = true)]
        public string Email { get; set; } = "";

        /// <summary>The billing contact's first name.</summary>
        [Parameter(Mandatory = true)]
        public string FirstName { get; set; } = "";

        /// <summary>The billing contact's last name.</summary>
        [Parameter(Mandatory = true)]
        public string LastName { get; set; } = "";

        /// <summary>The billing contact's phone number.</summary>
        [Parameter]
        public string? PhoneNumber { get; set; }

        /// <summary>The billing address's first line.</summary>
        [Parameter(Mandatory = true)]
        public string AddressLine1 { get; set; } = "";

        /// <summary>The billing address's second line.</summary>
        [Parameter]
        public string? AddressLine2 { get; set; }

        /// <summary>The billing address's city.</summary>
        [Parameter(Mandatory = true)]
        public string City { get; set; } = "";

        /// <summary>The billing address's state or province, where the country has them.</summary>
        [Parameter]
        public string? State { get; set; }

        /// <summary>The billing address's postal code.</summary>
        [Parameter(Mandatory = true)]
        public string PostalCode { get; set; } = "";

        /// <summary>Two-letter country code; it must be one the profile's region sells into.</summary>
        [Parameter(Mandatory = true)]
        [ValidatePattern("^[A-Za-z]{2}$")]
        public string Country { get; set; } = "";

        /// <summary>The customer's culture for billing documents.</summary>
        [Parameter]
        public string Culture { get; set; } = "en-US";

        /// <summary>The customer's language.</summary>
        [Parameter]
        public string Language { get; set; } = "en";

        /// <summary>An indirect reseller from the profile (name, tenant id or MPN id) that sells to this customer.</summary>
        [Parameter]
        public string? Reseller { get; set; }

        /// <summary>The connected profile that creates the customer; needed when several are connected.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        protected override void BeginProcessing() => RequireConnection();

        protected override void ProcessRecord()
        {
            var connection = Run(() => Context.Single(Profile));
            string domain;
            try
            {
                domain = CustomerCreator.InitialDomain(DomainPrefix);
            }
            catch (Engine.CspException ex)
            {
                WriteError(ToErrorRecord(ex, DomainPrefix));
                return;
            }

            if (!ShouldProcess($"{CompanyName} ({domain}) through {connection.Name}", "Create customer tenant"))
            {
                return;
            }

            var request = new NewCustomerRequest
            {
                CompanyName = CompanyName,
                DomainPrefix = DomainPrefix,
                Email = Email,
                Culture = Culture,
                Language = Language,
                Reseller = string.IsNullOrWhiteSpace(Reseller) ? null : Reseller,
                Address = new PcAddress
                {
                    FirstName = FirstName,
                    LastName = LastName,
                    PhoneNumber = PhoneNumber,
                    AddressLine1 = AddressLine1,
                    AddressLine2 = AddressLine2,
                    City = City,
                    State = State,
                    PostalCode = PostalCode,
                    Country = Country.ToUpperInvariant(),
                },
            };
            StartWork(domain, async (sink, cancellationToken) =>
                sink.Output(await CustomerCreator.CreateAsync(Context, connection, request, cancellationToken).ConfigureAwait(false)));
        }
    }
}
