using System;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// A named Partner Center connection: where the services are and who the partner is. Holds no secret.
    /// </summary>
    public sealed class CspProfile
    {
        public const string GraphScope = "https://graph.microsoft.com/.default";
        public const string PartnerCenterScope = "https://api.partnercenter.microsoft.com/.default";

        public string Name { get; set; } = "";
        /// <summary>Global, UsGovernment, China, Emulator or Custom.</summary>
        public string Cloud { get; set; } = "Global";
        public string? Region { get; set; }
        public string PartnerTenantId { get; set; } = "";
        public string ApplicationId { get; set; } = "";
        public Uri GraphEndpoint { get; set; } = new Uri("https://graph.microsoft.com/v1.0/");
        public Uri PartnerCenterEndpoint { get; set; } = new Uri("https://api.partnercenter.microsoft.com/v1/");
        public Uri AuthorityEndpoint { get; set; } = new Uri("https://login.microsoftonline.com/");

        /// <summary>A profile for an emulator at <paramref name="baseAddress"/> (in process or CspAdmin.Emulator.Server).</summary>
        public static CspProfile ForEmulator(string name, Uri baseAddress, string region, string partnerTenantId, string applicationId)
        {
            var root = baseAddress.AbsoluteUri.TrimEnd('/') + "/";
            return new CspProfile
            {
                Name = name,
                Cloud = "Emulator",
                Region = region,
                PartnerTenantId = partnerTenantId,
                ApplicationId = applicationId,
                GraphEndpoint = new Uri(root + "graph/v1.0/"),
                PartnerCenterEndpoint = new Uri(root + "partnercenter/v1/"),
                AuthorityEndpoint = new Uri(root + "login/"),
            };
        }

        public override string ToString() => Name;
    }
}
