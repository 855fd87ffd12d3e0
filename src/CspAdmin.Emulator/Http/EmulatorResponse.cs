using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace CspAdmin.Emulator.Http
{
    /// <summary>What a service answers; turned into an HttpResponseMessage by the handler.</summary>
    internal sealed class EmulatorResponse
    {
        public const string JsonContentType = "application/json; charset=utf-8";

        public EmulatorResponse(int status, byte[]? body = null, string? contentType = null)
        {
            Status = status;
            Body = body ?? Array.Empty<byte>();
            ContentType = body != null && body.Length > 0 ? contentType ?? JsonContentType : contentType;
        }

        public int Status { get; }
        public byte[] Body { get; }
        public string? ContentType { get; }
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public static EmulatorResponse Json(int status, byte[] body, string? contentType = null) => new EmulatorResponse(status, body, contentType);

        public static EmulatorResponse Text(int status, string text) => new EmulatorResponse(status, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");

        public EmulatorResponse WithHeader(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public bool HasHeader(string name) => Headers.Exists(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

        public HttpResponseMessage ToHttpResponseMessage(HttpRequestMessage request)
        {
            var content = new ByteArrayContent(Body);
            if (ContentType != null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }

            var message = new HttpResponseMessage((HttpStatusCode)Status) { Content = content, RequestMessage = request };
            foreach (var header in Headers)
            {
                // Without validation: Retry-After may be fractional ("2.128"), which the typed header rejects.
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return message;
        }
    }
}
