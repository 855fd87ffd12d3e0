using System;
using System.Security;

namespace CspAdmin.Engine.Model
{
    /// <summary>The link a customer's global admin opens to accept the partner (New-CspRelationshipRequest).</summary>
    public sealed class RelationshipRequest
    {
        /// <summary>Direct, or Indirect (a reseller under this distributor).</summary>
        public string Type { get; set; } = "";
        public string? ResellerName { get; set; }
        public string? ResellerTenantId { get; set; }
        public string? ResellerMpnId { get; set; }
        /// <summary>Whether the link also asks for delegated admin privileges.</summary>
        public bool IncludesDelegatedAdmin { get; set; }
        public string Url { get; set; } = "";
        public string Profile { get; set; } = "";

        /// <summary>The link itself, so "$request" can go straight into a message to the customer.</summary>
        public override string ToString() => Url;
    }

    /// <summary>Whether a customer has accepted the relationship (Test-CspRelationship, the portal's "Verify Authorization").</summary>
    public sealed class RelationshipCheck
    {
        /// <summary>The domain that was checked.</summary>
        public string Domain { get; set; } = "";
        public bool Accepted { get; set; }
        /// <summary>True when orders may be placed for the customer (an accepted reseller relationship).</summary>
        public bool CanCheckout { get; set; }
        public string? CustomerId { get; set; }
        public string? CompanyName { get; set; }
        public string? DefaultDomain { get; set; }
        /// <summary>Partner Center relationshipToPartner: reseller, advisor, none…</summary>
        public string? RelationshipToPartner { get; set; }
        public bool? AllowDelegatedAccess { get; set; }
        public string? ResellerId { get; set; }
        public string Message { get; set; } = "";
        /// <summary>The profile that was checked (the one that serves the customer when accepted).</summary>
        public string Profile { get; set; } = "";

        /// <summary>"contoso.onmicrosoft.com: accepted (Contoso)".</summary>
        public override string ToString() =>
            $"{Domain}: {(Accepted ? "accepted" : "not accepted")}" + (string.IsNullOrEmpty(CompanyName) ? "" : $" ({CompanyName})");
    }

    /// <summary>A customer tenant just created, with its first admin's credentials shown this once.</summary>
    public sealed class NewCustomerResult
    {
        public string CustomerId { get; set; } = "";
        public string CompanyName { get; set; } = "";
        public string DefaultDomain { get; set; } = "";
        public string Relationship { get; set; } = CustomerRelationship.Direct;
        public string? ResellerId { get; set; }
        public string AdminUserPrincipalName { get; set; } = "";
        public SecureString? AdminPassword { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"Contoso (contoso.onmicrosoft.com)"; never the admin's password.</summary>
        public override string ToString() => $"{CompanyName} ({DefaultDomain})";
    }

    /// <summary>What the partner's GDAP access to one customer allows (Test-CspGdapAccess).</summary>
    public sealed class GdapAccessReport
    {
        public string CustomerId { get; set; } = "";
        public string CompanyName { get; set; } = "";
        /// <summary>True when every role user and license management need is granted through a security group, for at least another day.</summary>
        public bool IsReady { get; set; }
        /// <summary>Roles granted to the partner's security groups in active relationships, by name.</summary>
        public string[] GrantedRoles { get; set; } = new string[0];
        /// <summary>Roles user and license management need that are not granted, by name.</summary>
        public string[] MissingRoles { get; set; } = new string[0];
        /// <summary>The partner tenant's security groups the roles are granted to.</summary>
        public string[] SecurityGroups { get; set; } = new string[0];
        /// <summary>The active GDAP relationships' names.</summary>
        public string[] Relationships { get; set; } = new string[0];
        /// <summary>When the first of the active relationships that grant roles ends.</summary>
        public DateTimeOffset? ExpiresOn { get; set; }
        public int? DaysLeft { get; set; }
        public string Message { get; set; } = "";
        public string Profile { get; set; } = "";

        /// <summary>"Contoso: ready", or what is missing: "Contoso: missing User Administrator".</summary>
        public override string ToString() =>
            $"{CompanyName}: " + (IsReady ? "ready" : MissingRoles.Length > 0 ? "missing " + string.Join(", ", MissingRoles) : "not ready");
    }
}
