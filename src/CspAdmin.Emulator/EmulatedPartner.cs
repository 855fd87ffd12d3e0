using System.Collections.Generic;
using System.Linq;

namespace CspAdmin.Emulator
{
    /// <summary>One Partner Center account of the emulated cloud, with what a client needs to sign in as it.</summary>
    public sealed class EmulatedPartner
    {
        internal EmulatedPartner(PartnerAccountState state, string refreshToken, Auth.ManagedIdentity managedIdentity)
        {
            Name = state.Name;
            TenantId = state.TenantId;
            CompanyName = state.CompanyName;
            MpnId = state.MpnId;
            Region = state.Region;
            ClientId = state.ClientId;
            ClientSecret = state.ClientSecret;
            AdminUserPrincipalName = state.AdminUserPrincipalName;
            RefreshToken = refreshToken;
            ManagedIdentityClientId = managedIdentity.ClientId;
            ManagedIdentityObjectId = managedIdentity.ObjectId;
            ManagedIdentityHeader = managedIdentity.Header;
            IndirectResellers = state.IndirectResellers.Select(r => new EmulatedReseller(r)).ToList();
        }

        /// <summary>"eu", "us" (our two Partner Center accounts) or "other" (a different partner).</summary>
        public string Name { get; }
        /// <summary>Partner tenant id.</summary>
        public string TenantId { get; }
        public string CompanyName { get; }
        public string MpnId { get; }
        /// <summary>"EU" or "US".</summary>
        public string Region { get; }
        /// <summary>The partner's app registration (client id / secret) for the token endpoint.</summary>
        public string ClientId { get; }
        public string ClientSecret { get; }
        /// <summary>The admin user the refresh token acts for.</summary>
        public string AdminUserPrincipalName { get; }
        /// <summary>A ready secure-application-model refresh token (app + admin user); it does not expire in the emulator.</summary>
        public string RefreshToken { get; }
        /// <summary>The indirect resellers the partner works with (seeded, never changed), in the state's order.</summary>
        public IReadOnlyList<EmulatedReseller> IndirectResellers { get; }

        /// <summary>
        /// Path, relative to the emulator's base address, of the partner's managed identity endpoint (Azure Automation's
        /// IDENTITY_ENDPOINT): "emulator/managedidentity/{Name}".
        /// </summary>
        public string ManagedIdentityPath => "emulator/managedidentity/" + Name;
        /// <summary>The secret the managed identity endpoint requires in X-IDENTITY-HEADER (Azure Automation's IDENTITY_HEADER).</summary>
        public string ManagedIdentityHeader { get; }
        /// <summary>Client (application) id of the partner's system-assigned managed identity.</summary>
        public string ManagedIdentityClientId { get; }
        /// <summary>Object (principal) id of the managed identity: the sub of its tokens, trusted by the partner's app as a federated credential.</summary>
        public string ManagedIdentityObjectId { get; }

        public override string ToString() => Name + " (" + TenantId + ")";
    }
}
