using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.PartnerCenter
{
    /// <summary>Partner Center REST v1, always in the partner's own tenant.</summary>
    public sealed class PartnerCenterClient : ServiceClient
    {
        private readonly string _partnerTenantId;

        public PartnerCenterClient(HttpClient http, Uri baseUri, string partnerTenantId)
            : base(http, baseUri, CspService.PartnerCenter)
        {
            _partnerTenantId = partnerTenantId;
        }

        public int PageSize { get; set; } = 200;

        public IAsyncEnumerable<PcCustomer> ListCustomersAsync(PcCustomerFilter? filter, CancellationToken cancellationToken)
        {
            var query = "customers?size=" + PageSize;
            if (filter != null)
            {
                query += "&filter=" + Uri.EscapeDataString(filter.ToQueryValue());
            }

            return PageAsync<PcCustomer>(Relative(query), cancellationToken);
        }

        /// <summary>The customer, or a CustomerNotFound error when this partner has no relationship with it.</summary>
        public async Task<PcCustomer> GetCustomerAsync(string customerId, CancellationToken cancellationToken)
        {
            try
            {
                return await GetAsync<PcCustomer>(_partnerTenantId, Relative("customers/" + Uri.EscapeDataString(customerId)), null, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex) when (ex.StatusCode == 404 || ex.StatusCode == 403)
            {
                throw CustomerNotFound(customerId, ex);
            }
        }

        public IAsyncEnumerable<PcSubscription> ListSubscriptionsAsync(string customerId, CancellationToken cancellationToken) =>
            PageAsync<PcSubscription>(Relative("customers/" + Uri.EscapeDataString(customerId) + "/subscriptions"), cancellationToken);

        public Task<PcSubscription> GetSubscriptionAsync(string customerId, string subscriptionId, CancellationToken cancellationToken) =>
            GetAsync<PcSubscription>(_partnerTenantId,
                Relative("customers/" + Uri.EscapeDataString(customerId) + "/subscriptions/" + Uri.EscapeDataString(subscriptionId)), null, cancellationToken);

        /// <summary>
        /// PATCHes a subscription with its full resource (as Partner Center asks) and returns it once the change
        /// has settled: a 202 Accepted is followed by polling GET until <paramref name="settled"/> holds.
        /// </summary>
        public async Task<PcSubscription> UpdateSubscriptionAsync(string customerId, PcSubscription subscription, Func<PcSubscription, bool> settled,
            TimeProvider clock, CancellationToken cancellationToken, Action<TimeSpan>? waiting = null)
        {
            var uri = Relative("customers/" + Uri.EscapeDataString(customerId) + "/subscriptions/" + Uri.EscapeDataString(subscription.Id ?? ""));
            var headers = subscription.Attributes?.Etag == null ? null : new[] { new KeyValuePair<string, string>("If-Match", subscription.Attributes.Etag) };
            var response = await SendForResponseAsync(new HttpMethod("PATCH"), _partnerTenantId, uri, subscription, headers, cancellationToken).ConfigureAwait(false);
            if (response.Status != 202)
            {
                return CspJson.Deserialize<PcSubscription>(response.Body);
            }

            var poll = response.Location == null ? uri : ResolveLink(response.Location.OriginalString);
            var delay = TimeSpan.FromMilliseconds(200);
            var waited = TimeSpan.Zero;
            for (var attempt = 0; attempt < 60; attempt++)
            {
                await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
                waiting?.Invoke(waited);
                var current = await GetAsync<PcSubscription>(_partnerTenantId, poll, null, cancellationToken).ConfigureAwait(false);
                if (settled(current))
                {
                    return current;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }

            throw new CspException("SubscriptionChangePending", CspErrorCategory.OperationTimeout,
                $"Partner Center accepted the change to subscription {subscription.Id} but it had not taken effect after several minutes.", subscription.Id)
            {
                RecommendedAction = "Check it later with Get-CspSubscription; do not repeat the change before it shows.",
            };
        }

        public IAsyncEnumerable<PcProduct> ListProductsAsync(string country, CancellationToken cancellationToken) =>
            PageAsync<PcProduct>(Relative("products?country=" + Uri.EscapeDataString(country) + "&targetView=OnlineServices"), cancellationToken);

        public IAsyncEnumerable<PcSku> ListSkusAsync(string productId, string country, CancellationToken cancellationToken) =>
            PageAsync<PcSku>(Relative("products/" + Uri.EscapeDataString(productId) + "/skus?country=" + Uri.EscapeDataString(country)), cancellationToken);

        public IAsyncEnumerable<PcAvailability> ListAvailabilitiesAsync(string productId, string skuId, string country, CancellationToken cancellationToken) =>
            PageAsync<PcAvailability>(Relative("products/" + Uri.EscapeDataString(productId) + "/skus/" + Uri.EscapeDataString(skuId) + "/availabilities?country="
                + Uri.EscapeDataString(country)), cancellationToken);

        public async Task<PcCart> CreateCartAsync(string customerId, PcCart cart, CancellationToken cancellationToken) =>
            CspJson.Deserialize<PcCart>(await SendAsync(HttpMethod.Post, _partnerTenantId, Relative("customers/" + Uri.EscapeDataString(customerId) + "/carts"), cart, null,
                cancellationToken).ConfigureAwait(false));

        /// <summary>Checkout carries MS-RequestId, Partner Center's idempotency key, so a retry after a timeout buys nothing twice.</summary>
        public async Task<PcCheckoutResult> CheckoutAsync(string customerId, string cartId, CancellationToken cancellationToken) =>
            CspJson.Deserialize<PcCheckoutResult>(await SendAsync(HttpMethod.Post, _partnerTenantId,
                Relative("customers/" + Uri.EscapeDataString(customerId) + "/carts/" + Uri.EscapeDataString(cartId) + "/checkout"), new object(), null, cancellationToken)
                .ConfigureAwait(false));

        /// <summary>The link a customer opens to accept this partner (direct) or, with a reseller's tenant id, a reseller under it (indirect). App + user only.</summary>
        public async Task<string> GetRelationshipRequestUrlAsync(string? indirectResellerTenantId, CancellationToken cancellationToken)
        {
            var query = "customers/relationshiprequests" + (indirectResellerTenantId == null ? "" : "?indirectResellerId=" + Uri.EscapeDataString(indirectResellerTenantId));
            var request = await GetAsync<PcRelationshipRequest>(_partnerTenantId, Relative(query), null, cancellationToken).ConfigureAwait(false);
            return request.Url ?? throw new CspException("RelationshipRequestEmpty", CspErrorCategory.ProtocolError, "Partner Center returned a relationship request without a link.");
        }

        /// <summary>Whether any Microsoft tenant already has <paramref name="domain"/> (HEAD domains/{domain}: 200 taken, 404 free).</summary>
        public async Task<bool> DomainExistsAsync(string domain, CancellationToken cancellationToken)
        {
            try
            {
                await SendAsync(HttpMethod.Head, _partnerTenantId, Relative("domains/" + Uri.EscapeDataString(domain)), null, null, cancellationToken, repeatable: true).ConfigureAwait(false);
                return true;
            }
            catch (CspException ex) when (ex.StatusCode == 404)
            {
                return false;
            }
        }

        /// <summary>Creates a customer tenant; the answer carries its first admin's credentials, which Partner Center shows only this once.</summary>
        public async Task<PcCustomer> CreateCustomerAsync(PcCustomer customer, CancellationToken cancellationToken) =>
            CspJson.Deserialize<PcCustomer>(await SendAsync(HttpMethod.Post, _partnerTenantId, Relative("customers"), customer, null, cancellationToken).ConfigureAwait(false));

        public IAsyncEnumerable<PcSubscribedSku> ListSubscribedSkusAsync(string customerId, CancellationToken cancellationToken) =>
            PageAsync<PcSubscribedSku>(Relative("customers/" + Uri.EscapeDataString(customerId) + "/subscribedskus"), cancellationToken);

        /// <summary>
        /// Follows links.next (its uri, relative to the API root with or without "/v1", plus its headers —
        /// in practice MS-ContinuationToken) until a page has no next link.
        /// </summary>
        public async IAsyncEnumerable<T> PageAsync<T>(Uri first, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Uri? next = first;
            IEnumerable<KeyValuePair<string, string>>? headers = null;
            while (next != null)
            {
                var page = await GetAsync<PcCollection<T>>(_partnerTenantId, next, headers, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    yield return item;
                }

                var link = page.Links?.Next;
                if (link == null || string.IsNullOrEmpty(link.Uri))
                {
                    yield break;
                }

                next = ResolveLink(link.Uri!);
                headers = link.Headers
                    .Where(h => !string.IsNullOrEmpty(h.Key))
                    .Select(h => new KeyValuePair<string, string>(h.Key!, h.Value ?? ""))
                    .ToList();
            }
        }

        internal Uri ResolveLink(string uri)
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
            {
                return absolute;
            }

            var path = uri.TrimStart('/');
            if (path.StartsWith("v1/", StringComparison.OrdinalIgnoreCase))
            {
                path = path.Substring(3);
            }

            return Relative(path);
        }

        internal static CspException CustomerNotFound(string customerId, Exception? inner = null) =>
            new CspException("CustomerNotFound", CspErrorCategory.ObjectNotFound,
                $"No customer with tenant id '{customerId}' has a relationship with this partner.", customerId, inner)
            {
                RecommendedAction = "Check the id with Get-CspCustomer, or connect the Partner Center profile that serves this customer.",
            };
    }
}
