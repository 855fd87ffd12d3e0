using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Http
{
    public sealed class ServiceResponse
    {
        public ServiceResponse(int status, Uri? location, string body)
        {
            Status = status;
            Location = location;
            Body = body;
        }

        public int Status { get; }
        public Uri? Location { get; }
        public string Body { get; }
    }

    /// <summary>What the typed clients share: one request through the pipeline, errors mapped, JSON read.</summary>
    public abstract class ServiceClient
    {
        private readonly HttpClient _http;

        protected ServiceClient(HttpClient http, Uri baseUri, CspService service)
        {
            _http = http;
            BaseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
            Service = service;
        }

        public Uri BaseUri { get; }
        public CspService Service { get; }

        protected async Task<T> GetAsync<T>(string tenantId, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
        {
            var body = await SendAsync(HttpMethod.Get, tenantId, uri, null, headers, cancellationToken).ConfigureAwait(false);
            return CspJson.Deserialize<T>(body);
        }

        /// <summary>Sends one call and returns the body; a failure status becomes a <see cref="CspException"/>.</summary>
        protected async Task<string> SendAsync(HttpMethod method, string tenantId, Uri uri, object? payload,
            IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken, bool repeatable = false) =>
            (await SendForResponseAsync(method, tenantId, uri, payload, headers, cancellationToken, repeatable).ConfigureAwait(false)).Body;

        /// <summary>As <see cref="SendAsync"/>, keeping the status and Location for calls that may answer 202 Accepted.</summary>
        protected async Task<ServiceResponse> SendForResponseAsync(HttpMethod method, string tenantId, Uri uri, object? payload,
            IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken, bool repeatable = false)
        {
            using var request = new HttpRequestMessage(method, uri);
            new RequestTarget(Service, tenantId, repeatable).AttachTo(request);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            if (headers != null)
            {
                foreach (var header in headers)
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            if (payload != null)
            {
                request.Content = new StringContent(CspJson.Serialize(payload), Encoding.UTF8, "application/json");
            }

            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ServiceErrors.FromResponseAsync(response, Service).ConfigureAwait(false);
            }

            var body = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return new ServiceResponse((int)response.StatusCode, response.Headers.Location, body);
        }

        protected Uri Relative(string pathAndQuery) => new Uri(BaseUri, pathAndQuery.TrimStart('/'));
    }
}
