using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Emulator.Http
{
    /// <summary>An incoming request, read once from the HttpRequestMessage: decoded path segments, query, headers, body.</summary>
    internal sealed class EmulatorRequest
    {
        private EmulatorRequest(string method, Uri uri, Dictionary<string, string> headers, byte[] body, CancellationToken cancellation)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Body = body;
            Cancellation = cancellation;
            BaseUrl = uri.GetLeftPart(UriPartial.Authority) + "/";
            Segments = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            Query = QueryString.Parse(uri.Query);
        }

        public string Method { get; }
        public Uri Uri { get; }
        /// <summary>Scheme and authority of the request with a trailing slash: absolute links are built from it.</summary>
        public string BaseUrl { get; }
        /// <summary>Decoded path segments of the whole path.</summary>
        public string[] Segments { get; }
        public QueryString Query { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public byte[] Body { get; }
        public CancellationToken Cancellation { get; }
        /// <summary>Id of this request (request-id / MS-RequestId / trace id in responses).</summary>
        public string RequestId { get; set; } = "";

        public bool IsRead => Method == "GET" || Method == "HEAD";

        /// <summary>An inner request of a Graph JSON batch (it went through the batch, not over the wire).</summary>
        public bool IsBatchItem { get; private set; }

        /// <summary>An inner request of a JSON batch: <paramref name="uri"/> absolute, headers as sent in the batch item.</summary>
        public static EmulatorRequest BatchItem(string method, Uri uri, Dictionary<string, string> headers, byte[] body, CancellationToken cancellation) =>
            new EmulatorRequest(method.ToUpperInvariant(), uri, new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase), body, cancellation)
            {
                IsBatchItem = true,
            };

        /// <summary>The body parsed as JSON; false when it is empty or not JSON.</summary>
        public bool TryReadJson(out JsonElement root)
        {
            root = default;
            if (Body.Length == 0)
            {
                return false;
            }

            // A UTF-8 byte order mark is tolerated, as the services do.
            var start = Body.Length >= 3 && Body[0] == 0xEF && Body[1] == 0xBB && Body[2] == 0xBF ? 3 : 0;
            try
            {
                using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(Body, start, Body.Length - start)))
                {
                    root = document.RootElement.Clone();
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>Path segments after the first <paramref name="skip"/> (the service prefix).</summary>
        public string[] SegmentsAfter(int skip)
        {
            if (skip >= Segments.Length)
            {
                return Array.Empty<string>();
            }

            var result = new string[Segments.Length - skip];
            Array.Copy(Segments, skip, result, 0, result.Length);
            return result;
        }

        public static async Task<EmulatorRequest> ReadAsync(HttpRequestMessage message, CancellationToken cancellation)
        {
            if (message.RequestUri == null || !message.RequestUri.IsAbsoluteUri)
            {
                throw new InvalidOperationException("The emulator needs absolute request URIs (set HttpClient.BaseAddress).");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            var body = Array.Empty<byte>();
            if (message.Content != null)
            {
                foreach (var header in message.Content.Headers)
                {
                    headers[header.Key] = string.Join(",", header.Value);
                }

                body = await message.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            return new EmulatorRequest(message.Method.Method.ToUpperInvariant(), message.RequestUri, headers, body, cancellation);
        }
    }
}
