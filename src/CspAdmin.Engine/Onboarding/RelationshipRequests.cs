using System;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Model;

namespace CspAdmin.Engine.Onboarding
{
    /// <summary>
    /// Builds the link a customer opens to accept the partner: direct, or — for a reseller configured in the profile —
    /// indirect, naming the reseller and this distributor. A reseller without an MPN id cannot be named in the link, so the
    /// link then goes to the distributor alone, as the portals warn.
    /// </summary>
    public static class RelationshipRequests
    {
        public static async Task<RelationshipRequest> CreateAsync(CspConnection connection, string? reseller, bool includeDelegatedAdmin,
            Action<string> warn, CancellationToken cancellationToken)
        {
            var profile = connection.Profile;
            var settings = reseller != null ? profile.FindReseller(reseller) ?? throw UnknownReseller(profile, reseller)
                : profile.DefaultResellerMpnId != null ? profile.FindReseller(profile.DefaultResellerMpnId) : null;
            if (settings != null && string.IsNullOrWhiteSpace(settings.MpnId))
            {
                warn($"Reseller '{settings.Name}' has no MPN id in profile '{profile.Name}'. Without a valid MPN id, delegated administration privileges "
                    + "will only be provided to the distributor and not to the reseller. Add it with Set-CspProfile -Reseller.");
                settings = null;
            }

            var url = await connection.PartnerCenter.GetRelationshipRequestUrlAsync(settings?.TenantId, cancellationToken).ConfigureAwait(false);
            return new RelationshipRequest
            {
                Type = settings == null ? "Direct" : "Indirect",
                ResellerName = settings?.Name,
                ResellerTenantId = settings?.TenantId,
                ResellerMpnId = settings?.MpnId,
                IncludesDelegatedAdmin = includeDelegatedAdmin,
                Url = WithDelegatedAdmin(url, includeDelegatedAdmin),
                Profile = connection.Name,
            };
        }

        /// <summary>Sets the link's DAP query parameter, which asks the customer for delegated admin privileges too.</summary>
        public static string WithDelegatedAdmin(string url, bool include)
        {
            var value = include ? "true" : "false";
            var fragment = url.IndexOf('#');
            var head = fragment < 0 ? url : url.Substring(0, fragment);
            var tail = fragment < 0 ? "" : url.Substring(fragment);
            head = Regex.IsMatch(head, "[?&]DAP=", RegexOptions.IgnoreCase)
                ? Regex.Replace(head, "([?&]DAP=)[^&]*", "${1}" + value, RegexOptions.IgnoreCase)
                : head + (head.Contains("?") ? "&" : "?") + "DAP=" + value;
            return head + tail;
        }

        internal static CspException UnknownReseller(CspProfile profile, string reseller) =>
            new CspException("ResellerNotFound", CspErrorCategory.ObjectNotFound,
                $"Profile '{profile.Name}' has no reseller '{reseller}'"
                + (profile.Resellers.Count == 0 ? "; it lists no resellers." : $"; it lists {string.Join(", ", profile.Resellers.ConvertAll(r => r.Name))}."), reseller)
            {
                RecommendedAction = "Name the reseller by its name, tenant id or MPN id, or add it with Set-CspProfile -Reseller.",
            };
    }
}
