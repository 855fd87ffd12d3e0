namespace CspAdmin.Emulator
{
    /// <summary>One Partner Center account of the emulated cloud, with what a client needs to sign in as it.</summary>
    public sealed class EmulatedPartner
    {
        internal EmulatedPartner(PartnerAccountState state, string refreshToken)
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

        public override string ToString() => Name + " (" + TenantId + ")";
    }
}
