using System;
using System.Management.Automation;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;

namespace CspAdmin
{
    /// <summary>
    /// The settings New-CspProfile and Set-CspProfile share. A setting left out is left as it is; the endpoints
    /// come from -Cloud, from -EmulatorUri, or one by one for a custom cloud.
    /// </summary>
    public abstract class ProfileCmdlet : CspCmdlet
    {
        protected const string CloudSet = "Cloud";
        protected const string EndpointsSet = "Endpoints";
        protected const string EmulatorServerSet = "EmulatorServer";

        /// <summary>The Microsoft cloud: Global, UsGovernment or China.</summary>
        [Parameter(ParameterSetName = CloudSet)]
        [ValidateSet(CloudNames.Global, CloudNames.UsGovernment, CloudNames.China)]
        public string? Cloud { get; set; }

        /// <summary>The address of a CspAdmin.Emulator.Server; sets all three endpoints (cloud Custom).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmulatorServerSet)]
        public Uri? EmulatorUri { get; set; }

        /// <summary>Custom cloud: the Microsoft Graph root, e.g. https://graph.example/v1.0/.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointsSet)]
        public Uri? GraphEndpoint { get; set; }

        /// <summary>Custom cloud: the Partner Center root, e.g. https://pc.example/v1/.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointsSet)]
        public Uri? PartnerCenterEndpoint { get; set; }

        /// <summary>Custom cloud: the Entra authority host, e.g. https://login.example/.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointsSet)]
        public Uri? AuthorityEndpoint { get; set; }

        /// <summary>The Partner Center region of the account, e.g. EU.</summary>
        [Parameter]
        public string? Region { get; set; }

        /// <summary>Two-letter codes of the countries the account sells into.</summary>
        [Parameter]
        public string[]? Country { get; set; }

        /// <summary>The partner's application (client) id.</summary>
        [Parameter]
        public string? ApplicationId { get; set; }

        /// <summary>How Connect-CspService signs in.</summary>
        [Parameter]
        [ValidateSet(SignInMethods.AppAndUser, SignInMethods.ClientSecret, SignInMethods.Certificate, SignInMethods.ManagedIdentity, SignInMethods.DeviceCode, SignInMethods.AccessToken)]
        public string? SignInMethod { get; set; }

        /// <summary>Certificate sign-in: the thumbprint of a certificate in the CurrentUser or LocalMachine My store.</summary>
        [Parameter]
        public string? CertificateThumbprint { get; set; }

        /// <summary>Certificate sign-in: the path of a .pfx file.</summary>
        [Parameter]
        public string? CertificatePath { get; set; }

        /// <summary>The environment variable that holds the application's client secret.</summary>
        [Parameter]
        public string? ClientSecretVariable { get; set; }

        /// <summary>The environment variable that holds the refresh token (app + user sign-in).</summary>
        [Parameter]
        public string? RefreshTokenVariable { get; set; }

        /// <summary>Managed identity sign-in: the client id of a user-assigned identity.</summary>
        [Parameter]
        public string? ManagedIdentityClientId { get; set; }

        /// <summary>The MPN id used when no reseller is named.</summary>
        [Parameter]
        public string? DefaultResellerMpnId { get; set; }

        /// <summary>Indirect resellers and their settings, e.g. @{ Name = 'Northwind'; TenantId = '…'; MpnId = '1234567' }.</summary>
        [Parameter]
        public ResellerSettings[]? Reseller { get; set; }

        /// <summary>The settings given to this command, for the engine to apply.</summary>
        protected ProfileChanges Changes(string? partnerTenantId) => new ProfileChanges
        {
            PartnerTenantId = partnerTenantId,
            Cloud = Cloud,
            EmulatorUri = EmulatorUri,
            GraphEndpoint = GraphEndpoint,
            PartnerCenterEndpoint = PartnerCenterEndpoint,
            AuthorityEndpoint = AuthorityEndpoint,
            Region = Region,
            Countries = Country,
            ApplicationId = ApplicationId,
            SignInMethod = SignInMethod,
            CertificateThumbprint = CertificateThumbprint,
            CertificatePath = string.IsNullOrEmpty(CertificatePath) ? CertificatePath : GetUnresolvedProviderPathFromPSPath(CertificatePath),
            ClientSecretVariable = ClientSecretVariable,
            RefreshTokenVariable = RefreshTokenVariable,
            ManagedIdentityClientId = ManagedIdentityClientId,
            DefaultResellerMpnId = DefaultResellerMpnId,
            Resellers = Reseller,
        };

        /// <summary>False, after writing a ProfileInvalid error, when the settings do not make a usable profile.</summary>
        protected bool IsValid(CspProfile profile)
        {
            var problem = ProfileStore.Problem(profile);
            if (problem != null)
            {
                WriteError(ToErrorRecord(new CspException("ProfileInvalid", CspErrorCategory.InvalidArgument,
                    $"Profile '{profile.Name}' is not valid: {problem}.", profile.Name)
                {
                    RecommendedAction = "Correct the parameter named in the message; Get-Help New-CspProfile -Full lists them.",
                }, profile.Name));
            }

            return problem == null;
        }
    }
}
