namespace CspAdmin.Emulator
{
    /// <summary>An indirect reseller a partner (as indirect provider) works with: what a profile's reseller list names.</summary>
    public sealed class EmulatedReseller
    {
        internal EmulatedReseller(ResellerState state)
        {
            Name = state.Name;
            TenantId = state.TenantId;
            MpnId = state.MpnId;
        }

        public string Name { get; }
        /// <summary>The reseller's tenant id (Partner Center's indirectResellerId).</summary>
        public string TenantId { get; }
        /// <summary>The reseller's MPN (partner) id, as named in a cart's transaction reseller.</summary>
        public string MpnId { get; }

        public override string ToString() => Name + " (" + MpnId + ")";
    }
}
