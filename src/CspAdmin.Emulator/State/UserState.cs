using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>An Entra user (Graph shape; Partner Center's CustomerUser is a projection of it).</summary>
    public sealed class UserState
    {
        /// <summary>Creation sequence within the tenant: the stable order of GET /users and its $skiptoken.</summary>
        public long Seq { get; set; }
        public string Id { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? Mail { get; set; }
        public string MailNickname { get; set; } = "";
        public bool AccountEnabled { get; set; } = true;
        public string? UsageLocation { get; set; }
        public string? JobTitle { get; set; }
        public string? Department { get; set; }
        public string? OfficeLocation { get; set; }
        public string? CompanyName { get; set; }
        public string? City { get; set; }
        public string? Country { get; set; }
        public string? State { get; set; }
        public string? StreetAddress { get; set; }
        public string? PostalCode { get; set; }
        public string? MobilePhone { get; set; }
        public List<string> BusinessPhones { get; set; } = new List<string>();
        public string? PreferredLanguage { get; set; }
        /// <summary>"Member" or "Guest".</summary>
        public string UserType { get; set; } = "Member";
        public DateTimeOffset CreatedDateTime { get; set; }
        /// <summary>Set while the user is soft-deleted (in <see cref="TenantState.DeletedUsers"/>).</summary>
        public DateTimeOffset? DeletedDateTime { get; set; }
        public List<AssignedLicenseState> AssignedLicenses { get; set; } = new List<AssignedLicenseState>();
        /// <summary>
        /// Licenses that could not be (re)applied, e.g. dropped on restore for want of a seat. Graph lists them in
        /// licenseAssignmentStates with state "Error"; a later successful assignLicense of the SKU clears the entry.
        /// </summary>
        public List<LicenseErrorState> LicenseErrors { get; set; } = new List<LicenseErrorState>();
        /// <summary>Salted password hash (never the password); null for seeded users, who have no password.</summary>
        public PasswordProfileState? PasswordProfile { get; set; }
        /// <summary>Set when a password is set at creation or through PATCH passwordProfile (Graph lastPasswordChangeDateTime).</summary>
        public DateTimeOffset? LastPasswordChangeDateTime { get; set; }

        public AssignedLicenseState? FindLicense(string skuId)
        {
            foreach (var license in AssignedLicenses)
            {
                if (string.Equals(license.SkuId, skuId, StringComparison.OrdinalIgnoreCase))
                {
                    return license;
                }
            }

            return null;
        }
    }

    public sealed class AssignedLicenseState
    {
        public string SkuId { get; set; } = "";
        /// <summary>Service plan ids switched off for this user.</summary>
        public List<string> DisabledPlans { get; set; } = new List<string>();
        public DateTimeOffset AssignedDateTime { get; set; }
    }

    /// <summary>A license of the user that is not in effect (Graph licenseAssignmentState with state "Error").</summary>
    public sealed class LicenseErrorState
    {
        public string SkuId { get; set; } = "";
        public List<string> DisabledPlans { get; set; } = new List<string>();
        /// <summary>Graph licenseAssignmentState.error, e.g. "CountViolation" (no free seat).</summary>
        public string Error { get; set; } = "CountViolation";
        public DateTimeOffset LastUpdatedDateTime { get; set; }
    }
}
