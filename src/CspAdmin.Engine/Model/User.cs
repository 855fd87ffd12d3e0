using System;

namespace CspAdmin.Engine.Model
{
    /// <summary>A user of a customer tenant, active or soft-deleted.</summary>
    public class User
    {
        public string CustomerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string? DisplayName { get; set; }
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? OfficeLocation { get; set; }
        public string? UsageLocation { get; set; }
        public bool AccountEnabled { get; set; }
        /// <summary>Active, or Deleted (restorable until <see cref="RestorableUntil"/>).</summary>
        public string State { get; set; } = UserState.Active;
        public DateTimeOffset? DeletedDateTime { get; set; }
        public DateTimeOffset? RestorableUntil { get; set; }
        /// <summary>Whole days left to restore a deleted user.</summary>
        public int? DaysLeft { get; set; }
        /// <summary>The SKU part numbers the user holds.</summary>
        public string[] Licenses { get; set; } = new string[0];
        /// <summary>The same licenses by their friendly product names.</summary>
        public string[] Products { get; set; } = new string[0];
        /// <summary>Directory role names, e.g. "User Administrator".</summary>
        public string[] Roles { get; set; } = new string[0];
        public string Profile { get; set; } = "";

        /// <summary>The user principal name, which -UserId takes when a user is passed where a string is wanted.</summary>
        public override string ToString() => UserPrincipalName;
    }

    /// <summary>A user just created: the one time its password is shown, as a SecureString.</summary>
    public sealed class CreatedUser : User
    {
        public System.Security.SecureString? Password { get; set; }
        public bool ForceChangePasswordNextSignIn { get; set; }

        /// <summary>The user principal name, as for any user; never the password.</summary>
        public override string ToString() => UserPrincipalName;
    }

    /// <summary>The outcome of a password reset; the password is returned this once, as a SecureString.</summary>
    public sealed class PasswordResetResult
    {
        public string CustomerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public System.Security.SecureString? Password { get; set; }
        public bool ForceChangePasswordNextSignIn { get; set; }
        /// <summary>Where the notice of the new password goes (the user's own address unless another was given).</summary>
        public string NotifyEmail { get; set; } = "";
        public string Profile { get; set; } = "";

        /// <summary>"ann@contoso.com: password reset"; never the password.</summary>
        public override string ToString() => $"{UserPrincipalName}: password reset";
    }

    public static class UserState
    {
        public const string Active = "Active";
        public const string Deleted = "Deleted";

        /// <summary>How long a soft-deleted user can be restored.</summary>
        public static readonly TimeSpan RestoreWindow = TimeSpan.FromDays(30);
    }

    /// <summary>One license a user holds, with the service plans switched off.</summary>
    public sealed class UserLicense
    {
        public string CustomerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string Product { get; set; } = "";
        public string SkuPartNumber { get; set; } = "";
        public string SkuId { get; set; } = "";
        /// <summary>Service plan names switched off for this user.</summary>
        public string[] DisabledPlans { get; set; } = new string[0];
        public string Profile { get; set; } = "";

        /// <summary>"ann@contoso.com: Microsoft 365 E3".</summary>
        public override string ToString() => $"{UserPrincipalName}: {Product}";
    }
}
