using System;
using System.Globalization;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Reseller relationship invitations: the link GET customers/relationshiprequests returns, and what the customer's admin
    /// accepting it in the admin portal does (a reseller relationship with the provider, no GDAP).
    /// </summary>
    internal static class Invitations
    {
        private const string Portal = "https://admin.microsoft.com/Adminportal/Home";
        private const string Fragment = "#/BillingAccounts/partner-invitation";

        /// <summary>The direct link of <paramref name="partner"/>, or the indirect one for <paramref name="reseller"/> (with the partner as indirect provider).</summary>
        public static string Url(PartnerAccountState partner, ResellerState? reseller) =>
            reseller == null
                ? Portal + "?invType=ResellerRelationship&partnerId=" + partner.TenantId + "&msppId=0&DAP=false" + Fragment
                : Portal + "?invType=IndirectResellerRelationship&partnerId=" + reseller.TenantId + "&msppId=" + reseller.MpnId
                    + "&indirectCSPId=" + partner.TenantId + "&DAP=false" + Fragment;

        /// <summary>
        /// Accepts the invitation for the tenant that owns <paramref name="customerDomain"/>: creates (or updates) its reseller
        /// relationship with the provider, with the indirect reseller for an indirect link and delegated access as the link's DAP
        /// says. GDAP is not created. Checks everything first; throws <see cref="ArgumentException"/> without changing anything.
        /// </summary>
        public static TenantState Accept(EmulatorState state, string invitationUrl, string customerDomain, DateTimeOffset now)
        {
            var link = Parse(invitationUrl);
            var tenant = state.FindTenantByDomain(customerDomain?.Trim())
                ?? throw new ArgumentException($"No tenant has the domain '{customerDomain}'.", nameof(customerDomain));
            if (tenant.Kind != TenantKinds.Customer)
            {
                throw new ArgumentException($"'{customerDomain}' is a partner's own tenant, which cannot accept a reseller invitation.", nameof(customerDomain));
            }

            var provider = state.FindPartner(link.ProviderTenantId);
            if (provider == null || !string.Equals(provider.TenantId, link.ProviderTenantId, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The invitation names partner '{link.ProviderTenantId}', which is no partner of the emulated cloud.", nameof(invitationUrl));
            }

            var reseller = link.ResellerTenantId == null ? null : provider.FindReseller(link.ResellerTenantId)
                ?? throw new ArgumentException($"'{link.ResellerTenantId}' is not an indirect reseller of partner '{provider.Name}'.", nameof(invitationUrl));

            var relationship = tenant.RelationshipWith(provider.TenantId);
            if (relationship == null)
            {
                relationship = new PartnerRelationshipState { PartnerTenantId = provider.TenantId, CreatedDateTime = now };
                tenant.Relationships.Add(relationship);
            }

            relationship.RelationshipToPartner = "reseller";
            relationship.IndirectResellerTenantId = reseller?.TenantId;
            relationship.AllowDelegatedAccess = link.DelegatedAccess;
            return tenant;
        }

        private static Link Parse(string invitationUrl)
        {
            if (string.IsNullOrWhiteSpace(invitationUrl) || !Uri.TryCreate(invitationUrl.Trim(), UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"'{invitationUrl}' is not an invitation link (an absolute URL).", nameof(invitationUrl));
            }

            // Everything after '#' is the portal's page; the invitation is the query before it.
            var query = QueryString.Parse(uri.Query);
            var type = query["invType"];
            var partnerId = Guid(query, "partnerId");
            var dap = query["DAP"];
            if (dap != null && !bool.TryParse(dap, out _))
            {
                throw new ArgumentException($"The invitation's DAP '{dap}' is neither true nor false.", nameof(invitationUrl));
            }

            var delegatedAccess = dap != null && bool.Parse(dap);
            if (string.Equals(type, "ResellerRelationship", StringComparison.OrdinalIgnoreCase))
            {
                return new Link(partnerId, null, delegatedAccess);
            }

            if (string.Equals(type, "IndirectResellerRelationship", StringComparison.OrdinalIgnoreCase))
            {
                return new Link(Guid(query, "indirectCSPId"), partnerId, delegatedAccess);
            }

            throw new ArgumentException($"The invitation's invType '{type}' is neither ResellerRelationship nor IndirectResellerRelationship.", nameof(invitationUrl));
        }

        private static string Guid(QueryString query, string name)
        {
            var value = query[name];
            if (value == null || !System.Guid.TryParse(value, out var id))
            {
                throw new ArgumentException($"The invitation has no valid {name} (a tenant id): '{value}'.", "invitationUrl");
            }

            return id.ToString("D", CultureInfo.InvariantCulture);
        }

        private sealed class Link
        {
            public Link(string providerTenantId, string? resellerTenantId, bool delegatedAccess)
            {
                ProviderTenantId = providerTenantId;
                ResellerTenantId = resellerTenantId;
                DelegatedAccess = delegatedAccess;
            }

            /// <summary>The partner the relationship is with: partnerId (direct) or indirectCSPId (indirect).</summary>
            public string ProviderTenantId { get; }
            public string? ResellerTenantId { get; }
            public bool DelegatedAccess { get; }
        }
    }
}
