using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CspAdmin.Tests.Support
{
    /// <summary>One of Microsoft's documented example responses from shared/api/recorded (copied under Recorded/).</summary>
    public sealed class Recorded
    {
        private Recorded(string name, int? status, Dictionary<string, string> headers, string body, string? rawBody)
        {
            Name = name;
            Status = status;
            Headers = headers;
            Body = body;
            RawBody = rawBody;
        }

        public string Name { get; }
        public int? Status { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        /// <summary>The body as JSON text (minimally fixed where the docs published invalid JSON).</summary>
        public string Body { get; }
        /// <summary>The body exactly as documented, quirks included, where it differs.</summary>
        public string? RawBody { get; }

        public static Recorded Load(string relativePath)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Recorded", relativePath);
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : (int?)null;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in h.EnumerateObject())
                {
                    headers[header.Name] = header.Value.ToString();
                }
            }

            var body = root.TryGetProperty("body", out var b) ? b.GetRawText() : "";
            var raw = root.TryGetProperty("body_raw_as_documented", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new Recorded(relativePath, status, headers, body, raw);
        }
    }
}
