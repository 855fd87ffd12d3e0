using System;
using System.Globalization;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// Microsoft Graph v1.0 under "graph/v1.0/". Order of checks: token (401), route (404/405), tenant access (403),
    /// throttling (429), then the endpoint. Every answered call carries x-ms-resource-unit. Writes cost 1 RU and 1 write.
    /// POST $batch is only an envelope: its inner requests come back through <see cref="Handle"/> one by one.
    /// </summary>
    internal sealed class GraphService : IEmulatedService
    {
        private readonly EmulatedCloud _cloud;
        private readonly Router<Endpoint> _router = new Router<Endpoint>();
        private readonly GraphBatch _batch;

        public GraphService(EmulatedCloud cloud)
        {
            _cloud = cloud;
            _batch = new GraphBatch(cloud);
            // Costs per CONTRACTS §1.11: GET users 2, subscribedSkus 3, licenseDetails 2, other GETs 1.
            Map("GET", "users", UserEndpoints.List, cost: 2);
            Map("GET", "users/$count", UserEndpoints.Count, cost: 1);
            Map("GET", "users/{id}", UserEndpoints.Get, cost: 1);
            Map("GET", "users/{id}/licenseDetails", LicenseEndpoints.LicenseDetails, cost: 2);
            Map("GET", "subscribedSkus", LicenseEndpoints.ListSubscribedSkus, cost: 3);
            Map("GET", "subscribedSkus/{id}", LicenseEndpoints.GetSubscribedSku, cost: 3);
            Map("GET", "directory/subscriptions", LicenseEndpoints.ListCompanySubscriptions, cost: 1);
            Map("GET", "directory/subscriptions/{id}", LicenseEndpoints.GetCompanySubscription, cost: 1);
            Map("GET", "directory/deletedItems/microsoft.graph.user", UserEndpoints.ListDeleted, cost: 1);
            Map("GET", "directory/deletedItems/{id}", UserEndpoints.GetDeleted, cost: 1);
            Map("GET", "organization", OrganizationEndpoints.List, cost: 1);
            Map("GET", "organization/{id}", OrganizationEndpoints.Get, cost: 1);
            Map("GET", "roleManagement/directory/roleDefinitions", RoleEndpoints.ListDefinitions, cost: 1);
            Map("GET", "roleManagement/directory/roleDefinitions/{id}", RoleEndpoints.GetDefinition, cost: 1);
            Map("GET", "roleManagement/directory/roleAssignments", RoleEndpoints.ListAssignments, cost: 1);
            Map("GET", "roleManagement/directory/roleAssignments/{id}", RoleEndpoints.GetAssignment, cost: 1);
            Map("GET", "groups/{id}", GroupEndpoints.Get, cost: 1);

            // GDAP, as the partner sees it: only in the partner's own tenant (a token for a customer tenant gets 403).
            Map("GET", "tenantRelationships/delegatedAdminRelationships", GdapEndpoints.ListRelationships, cost: 1, partnerTenantOnly: true);
            Map("GET", "tenantRelationships/delegatedAdminRelationships/{id}", GdapEndpoints.GetRelationship, cost: 1, partnerTenantOnly: true);
            Map("GET", "tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments", GdapEndpoints.ListAccessAssignments, cost: 1,
                partnerTenantOnly: true);

            // Writes (1 RU + 1 write each). GDAP: users, passwords and role assignments need User Administrator;
            // assignLicense License Administrator or User Administrator; Global Administrator covers all.
            Map("POST", "users", UserWriteEndpoints.Create, cost: 1, GraphAccess.ManageUsers);
            Map("PATCH", "users/{id}", UserWriteEndpoints.Update, cost: 1, GraphAccess.ManageUsers);
            Map("DELETE", "users/{id}", UserWriteEndpoints.Delete, cost: 1, GraphAccess.ManageUsers);
            Map("POST", "users/{id}/assignLicense", AssignLicenseEndpoint.Handle, cost: 1, GraphAccess.ManageLicenses);
            Map("POST", "directory/deletedItems/{id}/restore", UserWriteEndpoints.Restore, cost: 1, GraphAccess.ManageUsers);
            Map("DELETE", "directory/deletedItems/{id}", UserWriteEndpoints.PermanentDelete, cost: 1, GraphAccess.ManageUsers);
            Map("POST", "roleManagement/directory/roleAssignments", RoleEndpoints.CreateAssignment, cost: 1, GraphAccess.ManageUsers);
            Map("DELETE", "roleManagement/directory/roleAssignments/{id}", RoleEndpoints.DeleteAssignment, cost: 1, GraphAccess.ManageUsers);
            _router.Map("POST", "$batch", Endpoint.Envelope((request, now) => _batch.Handle(request, now)));
        }

        public ServiceCounters Counters => _cloud.Counters.Graph;

        public EmulatorResponse Handle(EmulatorRequest request, string[] path)
        {
            var now = _cloud.Now;
            var claims = _cloud.Tokens.ValidateBearer(request.Header("Authorization"), TokenService.GraphAudience, now, out var problem);
            if (claims == null)
            {
                return GraphErrors.Error(request, now, 401, "InvalidAuthenticationToken", TokenMessage(problem))
                    .WithHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
            }

            var endpoint = _router.Match(request.Method, path, out var route, out var pathExists);
            if (endpoint == null)
            {
                return pathExists
                    ? GraphErrors.Error(request, now, 405, "Request_BadRequest", $"The HTTP method '{request.Method}' is not supported on this resource.")
                    : GraphErrors.Error(request, now, 404, "Request_ResourceNotFound", $"Resource not found for the segment '{(path.Length > 0 ? path[path.Length - 1] : "")}'.");
            }

            if (endpoint.EnvelopeHandler != null)
            {
                return endpoint.EnvelopeHandler(request, now);
            }

            lock (_cloud.Gate)
            {
                var tenant = _cloud.State.FindTenant(claims.TenantId);
                if (tenant == null)
                {
                    return GraphErrors.Error(request, now, 401, "InvalidAuthenticationToken", "The tenant of the access token does not exist.");
                }

                if (tenant.Settle(now))
                {
                    _cloud.NoteChanged();
                }

                var denied = endpoint.PartnerTenantOnly && !string.Equals(tenant.Id, claims.PartnerTenantId, StringComparison.OrdinalIgnoreCase)
                    ? "The operation is only available in the partner's own tenant."
                    : AccessPolicy.DenyGraph(_cloud.State, claims, tenant, endpoint.Access, now);
                if (denied != null)
                {
                    return GraphErrors.Error(request, now, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                }

                var cost = Cost(endpoint, request);
                var writes = request.IsRead ? 0 : 1;
                var decision = _cloud.GraphThrottle.Charge(claims.AppId, tenant.Id, tenant.Users.Count, cost, writes, now);
                if (decision.IsThrottled)
                {
                    return GraphErrors.Throttled(request, now, decision.RetryAfter, decision.Scope, decision.Information);
                }

                var response = endpoint.Handler!(new GraphCall(_cloud, request, route, tenant, claims, now));
                response.WithHeader("x-ms-resource-unit", cost.ToString(CultureInfo.InvariantCulture));
                if (decision.LimitFraction >= 0.8)
                {
                    response.WithHeader("x-ms-throttle-limit-percentage", Math.Min(1.8, decision.LimitFraction).ToString("0.0", CultureInfo.InvariantCulture));
                }

                if (!request.IsRead && response.Status < 300)
                {
                    _cloud.NoteChanged();
                }

                return response;
            }
        }

        public EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter)
        {
            var response = GraphErrors.Error(request, _cloud.Now, 503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.");
            if (retryAfter.HasValue)
            {
                response.WithHeader("Retry-After", JsonBody.Seconds(retryAfter.Value));
            }

            return response;
        }

        public void Decorate(EmulatorRequest request, EmulatorResponse response)
        {
            response.WithHeader("request-id", request.RequestId);
            response.WithHeader("client-request-id", GraphErrors.ClientRequestId(request));
        }

        /// <summary>Resource units: base cost, writes 1; $select -1, $top below 20 -1, $expand +1; never below 1.</summary>
        private static int Cost(Endpoint endpoint, EmulatorRequest request)
        {
            if (!request.IsRead)
            {
                return 1;
            }

            var cost = endpoint.Cost;
            if (request.Query.Has("$select"))
            {
                cost--;
            }

            if (int.TryParse(request.Query["$top"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var top) && top < 20)
            {
                cost--;
            }

            if (request.Query.Has("$expand"))
            {
                cost++;
            }

            return Math.Max(1, cost);
        }

        private static string TokenMessage(TokenProblem problem)
        {
            switch (problem)
            {
                case TokenProblem.Missing: return "Access token is empty.";
                case TokenProblem.Expired: return "Lifetime validation failed, the token is expired.";
                case TokenProblem.WrongAudience: return "Access token validation failure. Invalid audience.";
                case TokenProblem.BadSignature: return "Access token validation failure. Invalid signature.";
                default: return "IDX14100: JWT is not well formed.";
            }
        }

        private void Map(string method, string template, Func<GraphCall, EmulatorResponse> handler, int cost, GraphAccess access = GraphAccess.Read,
            bool partnerTenantOnly = false) =>
            _router.Map(method, template, new Endpoint(handler, cost, access, partnerTenantOnly));

        private sealed class Endpoint
        {
            public Endpoint(Func<GraphCall, EmulatorResponse> handler, int cost, GraphAccess access, bool partnerTenantOnly)
            {
                Handler = handler;
                Cost = cost;
                Access = access;
                PartnerTenantOnly = partnerTenantOnly;
            }

            private Endpoint(Func<EmulatorRequest, DateTimeOffset, EmulatorResponse> envelope)
            {
                EnvelopeHandler = envelope;
            }

            public Func<GraphCall, EmulatorResponse>? Handler { get; }
            public int Cost { get; }
            public GraphAccess Access { get; }
            /// <summary>Answered only for a token of the partner's own tenant (GDAP management); 403 in a customer tenant.</summary>
            public bool PartnerTenantOnly { get; }
            /// <summary>Set for $batch: answered after the token check, without tenant access checks or a throttle charge of its own.</summary>
            public Func<EmulatorRequest, DateTimeOffset, EmulatorResponse>? EnvelopeHandler { get; }

            public static Endpoint Envelope(Func<EmulatorRequest, DateTimeOffset, EmulatorResponse> handler) => new Endpoint(handler);
        }
    }
}
