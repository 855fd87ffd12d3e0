using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Graph
{
    /// <summary>Microsoft Graph v1.0, called in a customer tenant (the token is per tenant, through GDAP).</summary>
    public sealed class GraphClient : ServiceClient
    {
        private static readonly KeyValuePair<string, string>[] EventualConsistency = { new KeyValuePair<string, string>("ConsistencyLevel", "eventual") };

        public GraphClient(HttpClient http, Uri baseUri)
            : base(http, baseUri, CspService.Graph)
        {
        }

        public IAsyncEnumerable<GraphSubscribedSku> ListSubscribedSkusAsync(string tenantId, CancellationToken cancellationToken) =>
            PageAsync<GraphSubscribedSku>(tenantId, Relative("subscribedSkus"), null, cancellationToken);

        public IAsyncEnumerable<GraphCompanySubscription> ListCompanySubscriptionsAsync(string tenantId, CancellationToken cancellationToken) =>
            PageAsync<GraphCompanySubscription>(tenantId, Relative("directory/subscriptions"), null, cancellationToken);

        public IAsyncEnumerable<GraphUser> ListUsersAsync(string tenantId, GraphUserQuery query, CancellationToken cancellationToken)
        {
            var options = new List<string>();
            if (query.Select != null && query.Select.Count > 0)
            {
                options.Add("$select=" + Uri.EscapeDataString(string.Join(",", query.Select)));
            }

            if (!string.IsNullOrEmpty(query.Filter))
            {
                options.Add("$filter=" + Uri.EscapeDataString(query.Filter));
            }

            if (query.Top.HasValue)
            {
                options.Add("$top=" + query.Top.Value);
            }

            if (query.Advanced)
            {
                options.Add("$count=true");
            }

            var uri = Relative("users" + (options.Count == 0 ? "" : "?" + string.Join("&", options)));
            return PageAsync<GraphUser>(tenantId, uri, query.Advanced ? EventualConsistency : null, cancellationToken);
        }

        public Task<GraphUser> GetUserAsync(string tenantId, string idOrUserPrincipalName, IReadOnlyList<string>? select, CancellationToken cancellationToken)
        {
            var path = "users/" + Uri.EscapeDataString(idOrUserPrincipalName);
            if (select != null && select.Count > 0)
            {
                path += "?$select=" + Uri.EscapeDataString(string.Join(",", select));
            }

            return GetAsync<GraphUser>(tenantId, Relative(path), null, cancellationToken);
        }

        public async Task<GraphOrganization?> GetOrganizationAsync(string tenantId, CancellationToken cancellationToken)
        {
            await foreach (var organization in PageAsync<GraphOrganization>(tenantId, Relative("organization"), null, cancellationToken).ConfigureAwait(false))
            {
                return organization;
            }

            return null;
        }

        /// <summary>Follows @odata.nextLink verbatim until the last page, yielding items as each page arrives.</summary>
        public async IAsyncEnumerable<T> PageAsync<T>(string tenantId, Uri first, IEnumerable<KeyValuePair<string, string>>? headers,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Uri? next = first;
            while (next != null)
            {
                var page = await GetAsync<GraphCollection<T>>(tenantId, next, headers, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Value)
                {
                    yield return item;
                }

                next = string.IsNullOrEmpty(page.NextLink) ? null : new Uri(page.NextLink);
            }
        }
    }
}
