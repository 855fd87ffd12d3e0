using System.Security;

namespace CspAdmin.Engine.Model
{
    /// <summary>The outcome of one imported row.</summary>
    public sealed class ImportResult
    {
        public int Row { get; set; }
        public string CustomerId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string? UserId { get; set; }
        /// <summary>Created, or LicenseFailed when the user exists but its licenses could not be assigned.</summary>
        public string Status { get; set; } = "";
        public string[] Licenses { get; set; } = new string[0];
        public SecureString? Password { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"Row 3, ann@contoso.com: Created"; never the password.</summary>
        public override string ToString() => $"Row {Row}, {UserPrincipalName}: {Status}";
    }
}
