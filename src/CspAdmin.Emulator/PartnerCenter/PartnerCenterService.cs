using System;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Partner Center REST v1 under "partnercenter/v1/". Checks in order: token of a partner tenant (401), route (404/405),
    /// App+User-only routes (403), throttling (429), the customer's relationship with the token's partner (404, or 403 20002
    /// on commerce routes), then the endpoint. Another partner's customers are never visible.
    /// </summary>
    internal sealed class PartnerCenterService : IEmulatedService
    {
        private readonly EmulatedCloud _cloud;
        private readonly Router<Endpoint> _router = new Router<Endpoint>();

        public PartnerCenterService(EmulatedCloud cloud)
        {
            _cloud = cloud;
            Map("GET", "customers", CustomerEndpoints.List);
            // Onboarding (before customers/{customerId}, which would otherwise take "relationshiprequests" for a customer id).
            Map("GET", "customers/relationshiprequests", OnboardingEndpoints.RelationshipRequest, appUserOnly: true);
            Map("POST", "customers", OnboardingEndpoints.CreateCustomer);
            Map("HEAD", "domains/{domain}", OnboardingEndpoints.DomainExists);
            Map("GET", "domains/{domain}", OnboardingEndpoints.DomainExists);
            Map("GET", "customers/{customerId}", CustomerEndpoints.Get);
            Map("GET", "customers/{customerId}/profiles/company", CustomerEndpoints.CompanyProfile);
            Map("GET", "customers/{customerId}/subscriptions", SubscriptionEndpoints.List, subscriptionRoute: true, commerce: true);
            Map("GET", "customers/{customerId}/subscriptions/{subscriptionId}", SubscriptionEndpoints.Get, subscriptionRoute: true, commerce: true);
            Map("PATCH", "customers/{customerId}/subscriptions/{subscriptionId}", SubscriptionPatch.Handle, subscriptionRoute: true, commerce: true);
            Map("GET", "customers/{customerId}/subscriptions/{subscriptionId}/addons", SubscriptionEndpoints.AddOns, subscriptionRoute: true, commerce: true);
            Map("GET", "customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus", SubscriptionEndpoints.ProvisioningStatus,
                subscriptionRoute: true, commerce: true);
            Map("GET", "customers/{customerId}/subscribedskus", SubscriptionEndpoints.SubscribedSkus, appUserOnly: true);

            // New-commerce catalog (no customer) and ordering.
            Map("GET", "products", CatalogEndpoints.Products);
            Map("GET", "products/{productId}", CatalogEndpoints.Product);
            Map("GET", "products/{productId}/skus", CatalogEndpoints.Skus);
            Map("GET", "products/{productId}/skus/{skuId}", CatalogEndpoints.Sku);
            Map("GET", "products/{productId}/skus/{skuId}/availabilities", CatalogEndpoints.Availabilities);
            Map("GET", "products/{productId}/skus/{skuId}/availabilities/{availabilityId}", CatalogEndpoints.Availability);
            Map("POST", "customers/{customerId}/carts", CartEndpoints.Create, commerce: true);
            Map("GET", "customers/{customerId}/carts/{cartId}", CartEndpoints.Get, commerce: true);
            Map("PUT", "customers/{customerId}/carts/{cartId}", CartEndpoints.Update, commerce: true);
            Map("POST", "customers/{customerId}/carts/{cartId}/checkout", CartEndpoints.Checkout, commerce: true);
            Map("GET", "customers/{customerId}/orders", OrderEndpoints.List, commerce: true);
            Map("GET", "customers/{customerId}/orders/{orderId}", OrderEndpoints.Get, commerce: true);
        }

        public ServiceCounters Counters => _cloud.Counters.PartnerCenter;

        public EmulatorResponse Handle(EmulatorRequest request, string[] path)
        {
            var now = _cloud.Now;
            var claims = _cloud.Tokens.ValidateBearer(request.Header("Authorization"), TokenService.PartnerCenterAudience, now, out _);
            PartnerAccountState? partner;
            lock (_cloud.Gate)
            {
                partner = claims == null ? null : _cloud.State.FindPartner(claims.PartnerTenantId);
            }

            if (claims == null || partner == null || !string.Equals(claims.TenantId, partner.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                return PcErrors.Error(401, "Unauthorized", "The access token is missing, invalid or expired, or not issued for Partner Center.")
                    .WithHeader("WWW-Authenticate", "Bearer realm=\"https://api.partnercenter.microsoft.com\", error=\"invalid_token\"");
            }

            var endpoint = _router.Match(request.Method, path, out var route, out var pathExists);
            if (endpoint == null)
            {
                return pathExists
                    ? PcErrors.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{request.Method}'.")
                    : PcErrors.Error(404, "ResourceNotFound", $"No resource was found that matches the request URI '/v1/{string.Join("/", path)}'.");
            }

            if (endpoint.AppUserOnly && claims.IsAppOnly)
            {
                return PcErrors.Error(403, "1002", "Authorization Failed: this operation requires App+User authentication; app-only tokens are not supported.");
            }

            var customerId = route["customerId"];
            var wait = _cloud.PartnerCenterThrottle.Charge(partner.TenantId, endpoint.SubscriptionRoute ? customerId.ToLowerInvariant() : null, now);
            if (wait.HasValue)
            {
                return PcErrors.Throttled(PcErrors.RetryAfterSeconds(wait.Value, _cloud.Options.TimeScale));
            }

            lock (_cloud.Gate)
            {
                TenantState? customer = null;
                PartnerRelationshipState? relationship = null;
                if (customerId.Length > 0)
                {
                    customer = _cloud.State.FindTenant(customerId);
                    relationship = customer?.Kind == TenantKinds.Customer ? customer.RelationshipWith(partner.TenantId) : null;
                    if (relationship == null)
                    {
                        return endpoint.Commerce ? PcErrors.NoRelationship() : PcErrors.CustomerNotFound(customerId);
                    }

                    if (customer!.Settle(now))
                    {
                        _cloud.NoteChanged();
                    }
                }

                var response = endpoint.Handler(new PcCall(_cloud, request, route, partner, claims, customer, relationship, now));
                if (!request.IsRead && response.Status < 300)
                {
                    _cloud.NoteChanged();
                }

                return response;
            }
        }

        public EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter)
        {
            var response = PcErrors.Error(503, "ServiceUnavailable", "The service is temporarily unavailable. Please try again later.");
            if (retryAfter.HasValue)
            {
                response.WithHeader("Retry-After", JsonBody.Seconds(retryAfter.Value));
            }

            return response;
        }

        /// <summary>MS-RequestId and MS-CorrelationId are echoed when sent (the request id is the client's idempotency key).</summary>
        public void Decorate(EmulatorRequest request, EmulatorResponse response)
        {
            response.WithHeader("MS-RequestId", request.Header("MS-RequestId") ?? request.RequestId);
            response.WithHeader("MS-CorrelationId", request.Header("MS-CorrelationId") ?? request.RequestId);
            response.WithHeader("MS-CV", request.RequestId.Substring(0, 8) + ".0");
            response.WithHeader("MS-ServerId", "emulator");
        }

        private void Map(string method, string template, Func<PcCall, EmulatorResponse> handler,
            bool subscriptionRoute = false, bool commerce = false, bool appUserOnly = false) =>
            _router.Map(method, template, new Endpoint(handler, subscriptionRoute, commerce, appUserOnly));

        private sealed class Endpoint
        {
            public Endpoint(Func<PcCall, EmulatorResponse> handler, bool subscriptionRoute, bool commerce, bool appUserOnly)
            {
                Handler = handler;
                SubscriptionRoute = subscriptionRoute;
                Commerce = commerce;
                AppUserOnly = appUserOnly;
            }

            public Func<PcCall, EmulatorResponse> Handler { get; }
            /// <summary>Counts against the per-customer subscription limit (500/min).</summary>
            public bool SubscriptionRoute { get; }
            /// <summary>Answers 403 code 20002 (not 404) when there is no relationship with the customer.</summary>
            public bool Commerce { get; }
            public bool AppUserOnly { get; }
        }
    }
}
