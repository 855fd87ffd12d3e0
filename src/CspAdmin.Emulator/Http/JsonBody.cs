using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CspAdmin.Emulator.Http
{
    /// <summary>Response bodies are written with Utf8JsonWriter (cheap, exact property names and order, $select-friendly).</summary>
    internal static class JsonBody
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Indented = false,
            // Like the real services: no \u0027 / \u002B escapes (bodies are JSON, never embedded in HTML).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, WriterOptions))
                {
                    write(writer);
                }

                return stream.ToArray();
            }
        }

        /// <summary>ISO 8601 UTC with trimmed fractions, e.g. "2024-05-01T10:17:06Z" or "2024-05-01T10:17:06.123Z".</summary>
        public static string Date(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        public static void WriteDate(this Utf8JsonWriter writer, string name, DateTimeOffset value) => writer.WriteString(name, Date(value));

        public static void WriteDate(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
        {
            if (value.HasValue)
            {
                writer.WriteString(name, Date(value.Value));
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        public static void WriteStringArray(this Utf8JsonWriter writer, string name, System.Collections.Generic.IEnumerable<string> values)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        /// <summary>
        /// Seconds for a Retry-After header: up to 3 decimals, never below 0.001, rounded up (a client that waits exactly
        /// Retry-After must not arrive before the wait is over).
        /// </summary>
        public static string Seconds(TimeSpan value)
        {
            var milliseconds = Math.Max(1, (Math.Max(0, value.Ticks) + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
            return (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        }

        /// <summary>Seconds rounded up to 3 decimals (ignoring floating-point noise below a microsecond).</summary>
        public static string SecondsUp(double seconds) =>
            Math.Max(0.001, Math.Ceiling(seconds * 1000 - 1e-3) / 1000).ToString("0.###", CultureInfo.InvariantCulture);

        /// <summary>A property of a request object, matched case-insensitively (Partner Center accepts PascalCase and camelCase).</summary>
        public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }

        public static string? GetString(JsonElement element, string name) =>
            TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    internal static class Base64Url
    {
        public static string Encode(byte[] bytes) =>
            Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[]? TryDecode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: return null;
            }

            try
            {
                return Convert.FromBase64String(s);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
