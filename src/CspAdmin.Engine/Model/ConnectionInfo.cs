using System;

namespace CspAdmin.Engine.Model
{
    /// <summary>An open connection as Get-CspContext shows it. Holds no secret.</summary>
    public sealed class ConnectionInfo
    {
        public string Profile { get; set; } = "";
        public string Cloud { get; set; } = "";
        public string? Region { get; set; }
        public string PartnerTenantId { get; set; } = "";
        public string ApplicationId { get; set; } = "";
        /// <summary>One of SignInMethods: AppAndUser, ClientSecret, Certificate, ManagedIdentity, DeviceCode, AccessToken.</summary>
        public string SignInMethod { get; set; } = "";
        public string PartnerCenterEndpoint { get; set; } = "";
        public DateTimeOffset ConnectedAt { get; set; }

        /// <summary>"emulator-eu (Emulator, EU)".</summary>
        public override string ToString() => string.IsNullOrEmpty(Region) ? $"{Profile} ({Cloud})" : $"{Profile} ({Cloud}, {Region})";

        public static ConnectionInfo From(Connections.CspConnection connection) => new ConnectionInfo
        {
            Profile = connection.Name,
            Cloud = connection.Profile.Cloud,
            Region = connection.Profile.Region,
            PartnerTenantId = connection.Profile.PartnerTenantId,
            ApplicationId = connection.Profile.ApplicationId,
            SignInMethod = connection.SignInMethod,
            PartnerCenterEndpoint = connection.Profile.PartnerCenterEndpoint.AbsoluteUri,
            ConnectedAt = connection.ConnectedAt,
        };
    }
}
