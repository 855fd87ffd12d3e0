using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// JSON settings for both services, lenient where the real services are: property names in any case
    /// (Partner Center answers some PATCHes in PascalCase), numbers as strings, odd dates, a byte-order
    /// mark before the body.
    /// </summary>
    public static class CspJson
    {
        public static readonly JsonSerializerOptions Options = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNameCaseInsensitive = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                NumberHandling = JsonNumberHandling.AllowReadingFromString,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };
            options.Converters.Add(new LenientDateTimeOffsetConverter());
            options.Converters.Add(new FlexibleStringConverter());
            return options;
        }

        public static T Deserialize<T>(string json) =>
            JsonSerializer.Deserialize<T>(TrimPreamble(json), Options) ?? throw new JsonException($"The service returned an empty {typeof(T).Name}.");

        public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

        /// <summary>Drops what some responses carry before the JSON starts: a BOM, a stray '?', white space.</summary>
        public static string TrimPreamble(string json)
        {
            var start = 0;
            while (start < json.Length && (json[start] == '\uFEFF' || json[start] == '?' || char.IsWhiteSpace(json[start])))
            {
                start++;
            }

            return start == 0 ? json : json.Substring(start);
        }

        public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            if (element.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            return false;
        }

        /// <summary>A property as text whether the service sent a string or a number (Partner Center error codes are both).</summary>
        public static string? GetString(JsonElement element, string name)
        {
            if (!TryGetProperty(element, name, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False: return value.GetRawText();
                default: return null;
            }
        }

        /// <summary>Parses the dates both services send, including documented oddities such as "2015-11-25T06: 41: 12Z".</summary>
        public static DateTimeOffset? ParseDate(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var compact = text!.Replace(" ", "");
            return DateTimeOffset.TryParse(compact, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : (DateTimeOffset?)null;
        }

        private sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
        {
            public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String ? ParseDate(reader.GetString()) : null;

            public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
            {
                if (value.HasValue)
                {
                    writer.WriteStringValue(value.Value.ToString("o", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
        }

        /// <summary>Reads strings that a service sometimes sends as numbers or booleans.</summary>
        private sealed class FlexibleStringConverter : JsonConverter<string?>
        {
            public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String: return reader.GetString();
                    case JsonTokenType.Number: return reader.TryGetInt64(out var whole) ? whole.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture);
                    case JsonTokenType.True: return "true";
                    case JsonTokenType.False: return "false";
                    case JsonTokenType.Null: return null;
                    default:
                        reader.Skip();
                        return null;
                }
            }

            public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
            {
                if (value == null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }
        }
    }
}
