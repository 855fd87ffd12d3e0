using System;
using System.Collections.Generic;
using System.Linq;
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

        public Task<GraphUser> CreateUserAsync(string tenantId, GraphNewUser user, CancellationToken cancellationToken) =>
            SendAsync<GraphUser>(HttpMethod.Post, tenantId, Relative("users"), user, cancellationToken);

        /// <summary>PATCH /users/{id}: only the properties present in <paramref name="changes"/> change.</summary>
        public Task UpdateUserAsync(string tenantId, string userId, IReadOnlyDictionary<string, object?> changes, CancellationToken cancellationToken) =>
            SendAsync(new HttpMethod("PATCH"), tenantId, Relative("users/" + Uri.EscapeDataString(userId)), changes, null, cancellationToken);

        /// <summary>Soft delete: the user can be restored for 30 days.</summary>
        public Task DeleteUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            SendAsync(HttpMethod.Delete, tenantId, Relative("users/" + Uri.EscapeDataString(userId)), null, null, cancellationToken);

        public IAsyncEnumerable<GraphUser> ListDeletedUsersAsync(string tenantId, IReadOnlyList<string> select, CancellationToken cancellationToken) =>
            PageAsync<GraphUser>(tenantId, Relative("directory/deletedItems/microsoft.graph.user?$select=" + Uri.EscapeDataString(string.Join(",", select))), null, cancellationToken);

        public Task<GraphUser> RestoreDeletedUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            SendAsync<GraphUser>(HttpMethod.Post, tenantId, Relative("directory/deletedItems/" + Uri.EscapeDataString(userId) + "/restore"), null, cancellationToken);

        /// <summary>Adds and removes licenses in one atomic call, so the user is never without service in between.</summary>
        public Task<GraphUser> AssignLicenseAsync(string tenantId, string userId, GraphLicenseChange change, CancellationToken cancellationToken) =>
            SendAsync<GraphUser>(HttpMethod.Post, tenantId, Relative("users/" + Uri.EscapeDataString(userId) + "/assignLicense"), change, cancellationToken,
                repeatable: change.AddLicenses.Count == 0 && change.RemoveLicenses.Count == 0);

        public IAsyncEnumerable<GraphLicenseDetail> ListLicenseDetailsAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            PageAsync<GraphLicenseDetail>(tenantId, Relative("users/" + Uri.EscapeDataString(userId) + "/licenseDetails"), null, cancellationToken);

        public IAsyncEnumerable<GraphRoleDefinition> ListRoleDefinitionsAsync(string tenantId, CancellationToken cancellationToken) =>
            PageAsync<GraphRoleDefinition>(tenantId, Relative("roleManagement/directory/roleDefinitions"), null, cancellationToken);

        /// <summary>Role assignments of one principal, or of the whole tenant when <paramref name="principalId"/> is null.</summary>
        public IAsyncEnumerable<GraphRoleAssignment> ListRoleAssignmentsAsync(string tenantId, string? principalId, CancellationToken cancellationToken) =>
            PageAsync<GraphRoleAssignment>(tenantId,
                Relative("roleManagement/directory/roleAssignments" + (principalId == null ? "" : "?$filter=" + Uri.EscapeDataString("principalId eq '" + principalId + "'"))),
                null, cancellationToken);

        public Task<GraphRoleAssignment> AddRoleAssignmentAsync(string tenantId, string principalId, string roleDefinitionId, CancellationToken cancellationToken) =>
            SendAsync<GraphRoleAssignment>(HttpMethod.Post, tenantId, Relative("roleManagement/directory/roleAssignments"),
                new Dictionary<string, object?>
                {
                    ["@odata.type"] = "#microsoft.graph.unifiedRoleAssignment",
                    ["principalId"] = principalId,
                    ["roleDefinitionId"] = roleDefinitionId,
                    ["directoryScopeId"] = "/",
                }, cancellationToken);

        public Task RemoveRoleAssignmentAsync(string tenantId, string assignmentId, CancellationToken cancellationToken) =>
            SendAsync(HttpMethod.Delete, tenantId, Relative("roleManagement/directory/roleAssignments/" + Uri.EscapeDataString(assignmentId)), null, null, cancellationToken);

        /// <summary>
        /// One JSON batch of at most 20 requests. The outer call succeeds when the batch parsed; each inner
        /// response has its own status (inner 429s included), in any order.
        /// </summary>
        public async Task<IReadOnlyList<GraphBatchResponse>> BatchAsync(string tenantId, IReadOnlyList<GraphBatchRequest> requests, CancellationToken cancellationToken)
        {
            if (requests.Count > MaxBatchSize)
            {
                throw new ArgumentOutOfRangeException(nameof(requests), $"A Graph batch holds at most {MaxBatchSize} requests.");
            }

            // A batch of reads may go again after a lost connection; a batch of writes may not.
            var readsOnly = requests.All(r => string.Equals(r.Method, "GET", StringComparison.OrdinalIgnoreCase));
            var body = await SendAsync(HttpMethod.Post, tenantId, Relative("$batch"), new GraphBatch { Requests = new List<GraphBatchRequest>(requests) }, null, cancellationToken, readsOnly)
                .ConfigureAwait(false);
            return CspJson.Deserialize<GraphBatchResult>(body).Responses;
        }

        /// <summary>The partner's GDAP relationships with one customer, read in the partner's own tenant.</summary>
        public IAsyncEnumerable<GraphDelegatedAdminRelationship> ListDelegatedAdminRelationshipsAsync(string partnerTenantId, string customerTenantId,
            CancellationToken cancellationToken) =>
            PageAsync<GraphDelegatedAdminRelationship>(partnerTenantId, Relative("tenantRelationships/delegatedAdminRelationships?$filter="
                + Uri.EscapeDataString("customer/tenantId eq '" + customerTenantId.Replace("'", "''") + "'")), null, cancellationToken);

        public IAsyncEnumerable<GraphAccessAssignment> ListAccessAssignmentsAsync(string partnerTenantId, string relationshipId, CancellationToken cancellationToken) =>
            PageAsync<GraphAccessAssignment>(partnerTenantId, Relative("tenantRelationships/delegatedAdminRelationships/" + Uri.EscapeDataString(relationshipId)
                + "/accessAssignments"), null, cancellationToken);

        public Task<GraphGroup> GetGroupAsync(string tenantId, string groupId, CancellationToken cancellationToken) =>
            GetAsync<GraphGroup>(tenantId, Relative("groups/" + Uri.EscapeDataString(groupId) + "?$select=id,displayName"), null, cancellationToken);

        public const int MaxBatchSize = 20;

        private async Task<T> SendAsync<T>(HttpMethod method, string tenantId, Uri uri, object? payload, CancellationToken cancellationToken, bool repeatable = false) =>
            CspJson.Deserialize<T>(await SendAsync(method, tenantId, uri, payload, null, cancellationToken, repeatable).ConfigureAwait(false));

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
