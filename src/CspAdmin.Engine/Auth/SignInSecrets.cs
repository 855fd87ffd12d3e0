using System;
using System.Security.Cryptography.X509Certificates;

namespace CspAdmin.Engine.Auth
{
    /// <summary>
    /// What Connect-CspService was given besides the profile. Each secret falls back to the place the profile names
    /// (an environment variable, the certificate store or a certificate file); none is ever stored or written out.
    /// </summary>
    public sealed class SignInSecrets
    {
        public string? ClientSecret { get; set; }
        /// <summary>A partner user's refresh token; given, it makes the sign-in app + user unless the managed identity, an access token or a certificate is given too.</summary>
        public string? RefreshToken { get; set; }
        /// <summary>A ready Partner Center access token; given, it is the sign-in method whatever the profile says.</summary>
        public string? AccessToken { get; set; }
        /// <summary>A certificate with its private key; given, it is the sign-in method whatever the profile says.</summary>
        public X509Certificate2? Certificate { get; set; }
        /// <summary>The password of the profile's .pfx file.</summary>
        public string? CertificatePassword { get; set; }
        /// <summary>Sign in with the caller's managed identity whatever the profile's method (-Identity).</summary>
        public bool UseManagedIdentity { get; set; }
        /// <summary>Shows the device-code instructions ("open … and enter the code …") to the person at the keyboard.</summary>
        public Action<string>? DeviceCodePrompt { get; set; }

        public override string ToString() => nameof(SignInSecrets);
    }
}
