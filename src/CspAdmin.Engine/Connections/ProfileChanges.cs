using System;
using System.Collections.Generic;
using System.Linq;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// The settings New-CspProfile and Set-CspProfile were given. A setting left null stays as it is and an empty
    /// string clears it; the endpoints come from an emulator address, from three custom endpoints, or from a cloud name.
    /// </summary>
    public sealed class ProfileChanges
    {
        public string? PartnerTenantId { get; set; }
        public string? Cloud { get; set; }
        public Uri? EmulatorUri { get; set; }
        public Uri? GraphEndpoint { get; set; }
        public Uri? PartnerCenterEndpoint { get; set; }
        public Uri? AuthorityEndpoint { get; set; }
        public string? Region { get; set; }
        public IReadOnlyList<string>? Countries { get; set; }
        public string? ApplicationId { get; set; }
        public string? SignInMethod { get; set; }
        public string? CertificateThumbprint { get; set; }
        /// <summary>Already resolved to a file-system path by the caller.</summary>
        public string? CertificatePath { get; set; }
        public string? ClientSecretVariable { get; set; }
        public string? RefreshTokenVariable { get; set; }
        public string? ManagedIdentityClientId { get; set; }
        public string? DefaultResellerMpnId { get; set; }
        public IReadOnlyList<ResellerSettings>? Resellers { get; set; }

        public void ApplyTo(CspProfile profile)
        {
            if (EmulatorUri != null)
            {
                SetEndpoints(profile, CloudNames.Custom, CloudEndpoints.ForEmulator(EmulatorUri));
            }
            else if (GraphEndpoint != null && PartnerCenterEndpoint != null && AuthorityEndpoint != null)
            {
                SetEndpoints(profile, CloudNames.Custom, new CloudEndpoints(AuthorityEndpoint, GraphEndpoint, PartnerCenterEndpoint));
            }
            else if (Cloud != null && CloudEndpoints.For(Cloud) is { } endpoints)
            {
                SetEndpoints(profile, CloudEndpoints.Canonical(Cloud)!, endpoints);
            }

            profile.PartnerTenantId = PartnerTenantId?.Trim() ?? profile.PartnerTenantId;
            profile.Region = Or(Region, profile.Region);
            profile.Countries = Countries?.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).ToList() ?? profile.Countries;
            profile.ApplicationId = ApplicationId?.Trim() ?? profile.ApplicationId;
            profile.SignInMethod = SignInMethods.Canonical(SignInMethod) ?? SignInMethod ?? profile.SignInMethod;
            profile.CertificateThumbprint = Or(CertificateThumbprint, profile.CertificateThumbprint);
            profile.CertificatePath = Or(CertificatePath, profile.CertificatePath);
            profile.ClientSecretVariable = Or(ClientSecretVariable, profile.ClientSecretVariable);
            profile.RefreshTokenVariable = Or(RefreshTokenVariable, profile.RefreshTokenVariable);
            profile.ManagedIdentityClientId = Or(ManagedIdentityClientId, profile.ManagedIdentityClientId);
            profile.DefaultResellerMpnId = Or(DefaultResellerMpnId, profile.DefaultResellerMpnId);
            profile.Resellers = Resellers?.ToList() ?? profile.Resellers;
        }

        /// <summary>The given value trimmed; null keeps the current one, an empty string clears it.</summary>
        private static string? Or(string? given, string? current) => given == null ? current : given.Trim().Length == 0 ? null : given.Trim();

        private static void SetEndpoints(CspProfile profile, string cloud, CloudEndpoints endpoints)
        {
            profile.Cloud = cloud;
            profile.GraphEndpoint = endpoints.Graph;
            profile.PartnerCenterEndpoint = endpoints.PartnerCenter;
            profile.AuthorityEndpoint = endpoints.Authority;
        }
    }
}
