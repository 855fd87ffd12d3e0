using System;
using System.Collections.Generic;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// A named Partner Center connection: which cloud, which partner account, how to sign in and where the
    /// secret comes from. Holds no secret: only the names of where secrets are found.
    /// </summary>
    public sealed class CspProfile
    {
        public const string GraphScope = "https://graph.microsoft.com/.default";
        public const string PartnerCenterScope = "https://api.partnercenter.microsoft.com/.default";

        public string Name { get; set; } = "";
        /// <summary>Global, UsGovernment, China, Custom (own endpoints, e.g. an emulator server) or Emulator (built in).</summary>
        public string Cloud { get; set; } = CloudNames.Global;
        /// <summary>The Partner Center region of the account, e.g. "EU"; each account sells into its region's countries.</summary>
        public string? Region { get; set; }
        /// <summary>ISO country codes the account sells into.</summary>
        public List<string> Countries { get; set; } = new List<string>();
        public string PartnerTenantId { get; set; } = "";
        public string ApplicationId { get; set; } = "";
        /// <summary>One of <see cref="SignInMethods"/>.</summary>
        public string SignInMethod { get; set; } = SignInMethods.AppAndUser;
        /// <summary>Certificate sign-in: thumbprint in the CurrentUser or LocalMachine "My" store.</summary>
        public string? CertificateThumbprint { get; set; }
        /// <summary>Certificate sign-in: a .pfx file (its password is given at connect time, never stored).</summary>
        public string? CertificatePath { get; set; }
        /// <summary>Name of the environment variable that holds the application's client secret.</summary>
        public string? ClientSecretVariable { get; set; }
        /// <summary>Name of the environment variable that holds the secure-application-model refresh token.</summary>
        public string? RefreshTokenVariable { get; set; }
        /// <summary>Managed identity sign-in: the client id of a user-assigned identity (system-assigned when empty).</summary>
        public string? ManagedIdentityClientId { get; set; }
        /// <summary>MPN id put on relationship requests and orders when no reseller is named.</summary>
        public string? DefaultResellerMpnId { get; set; }
        /// <summary>Settings for particular indirect resellers, overriding the profile's.</summary>
        public List<ResellerSettings> Resellers { get; set; } = new List<ResellerSettings>();
        public Uri GraphEndpoint { get; set; } = CloudEndpoints.Global.Graph;
        public Uri PartnerCenterEndpoint { get; set; } = CloudEndpoints.Global.PartnerCenter;
        public Uri AuthorityEndpoint { get; set; } = CloudEndpoints.Global.Authority;

        /// <summary>A profile for an emulator at <paramref name="baseAddress"/> (in process or CspAdmin.Emulator.Server).</summary>
        public static CspProfile ForEmulator(string name, Uri baseAddress, string region, string partnerTenantId, string applicationId)
        {
            var endpoints = CloudEndpoints.ForEmulator(baseAddress);
            return new CspProfile
            {
                Name = name,
                Cloud = CloudNames.Emulator,
                Region = region,
                PartnerTenantId = partnerTenantId,
                ApplicationId = applicationId,
                GraphEndpoint = endpoints.Graph,
                PartnerCenterEndpoint = endpoints.PartnerCenter,
                AuthorityEndpoint = endpoints.Authority,
            };
        }

        /// <summary>
        /// The token scopes of the profile's cloud: each national cloud's Graph is its own audience. Emulators and custom
        /// endpoints stand in for the global cloud and take its audiences.
        /// </summary>
        public IReadOnlyDictionary<Http.CspService, string> Scopes()
        {
            var national = string.Equals(Cloud, CloudNames.UsGovernment, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Cloud, CloudNames.China, StringComparison.OrdinalIgnoreCase);
            return new Dictionary<Http.CspService, string>
            {
                [Http.CspService.Graph] = national ? GraphEndpoint.GetLeftPart(UriPartial.Authority) + "/.default" : GraphScope,
                [Http.CspService.PartnerCenter] = national ? PartnerCenterEndpoint.GetLeftPart(UriPartial.Authority) + "/.default" : PartnerCenterScope,
            };
        }

        /// <summary>The reseller settings whose name, tenant id or MPN id is <paramref name="reseller"/>, or null.</summary>
        public ResellerSettings? FindReseller(string reseller) =>
            Resellers.Find(r => string.Equals(r.Name, reseller, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.TenantId, reseller, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.MpnId, reseller, StringComparison.OrdinalIgnoreCase));

        /// <summary>The profile's name, which -Profile takes when a profile is passed where a string is wanted.</summary>
        public override string ToString() => Name;
    }

    /// <summary>An indirect reseller this partner works with, and what differs for its customers.</summary>
    public sealed class ResellerSettings
    {
        public string Name { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? MpnId { get; set; }
        /// <summary>A profile of the reseller's own Partner Center account to use for its customers, if it brings one.</summary>
        public string? Profile { get; set; }

        public override string ToString() => Name;
    }

    public static class SignInMethods
    {
        /// <summary>Secure application model: the app's secret plus a refresh token of a consented partner user (MFA).</summary>
        public const string AppAndUser = "AppAndUser";
        public const string ClientSecret = "ClientSecret";
        public const string Certificate = "Certificate";
        /// <summary>The caller's managed identity, trusted by the partner's app as a federated credential.</summary>
        public const string ManagedIdentity = "ManagedIdentity";
        public const string DeviceCode = "DeviceCode";
        /// <summary>A Partner Center access token obtained elsewhere; Partner Center only.</summary>
        public const string AccessToken = "AccessToken";

        public static readonly string[] All = { AppAndUser, ClientSecret, Certificate, ManagedIdentity, DeviceCode, AccessToken };

        /// <summary>The method's canonical spelling, or null when <paramref name="method"/> names none.</summary>
        public static string? Canonical(string? method) => Array.Find(All, m => string.Equals(m, method, StringComparison.OrdinalIgnoreCase));
    }
}
