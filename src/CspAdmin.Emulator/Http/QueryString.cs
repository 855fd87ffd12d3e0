using System;
using System.Collections.Generic;
using System.Text;

namespace CspAdmin.Emulator.Http
{
    /// <summary>A parsed query string: keys case-insensitive, values decoded ('+' is a space), original order kept.</summary>
    internal sealed class QueryString
    {
        private readonly List<KeyValuePair<string, string>> _pairs;
        private readonly List<string> _rawPairs;

        private QueryString(List<KeyValuePair<string, string>> pairs, List<string> rawPairs)
        {
            _pairs = pairs;
            _rawPairs = rawPairs;
        }

        public static QueryString Parse(string query)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            var raw = new List<string>();
            var text = query.StartsWith("?", StringComparison.Ordinal) ? query.Substring(1) : query;
            foreach (var part in text.Split('&'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                var equals = part.IndexOf('=');
                var key = Decode(equals < 0 ? part : part.Substring(0, equals));
                var value = equals < 0 ? "" : Decode(part.Substring(equals + 1));
                pairs.Add(new KeyValuePair<string, string>(key, value));
                raw.Add(part);
            }

            return new QueryString(pairs, raw);
        }

        public string? this[string key]
        {
            get
            {
                foreach (var pair in _pairs)
                {
                    if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
                    {
                        return pair.Value;
                    }
                }

                return null;
            }
        }

        public bool Has(string key) => this[key] != null;

        public IEnumerable<KeyValuePair<string, string>> Pairs => _pairs;

        /// <summary>The original (still encoded) query without the given keys, for building next links.</summary>
        public string RawWithout(params string[] keys)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < _pairs.Count; i++)
            {
                if (Array.Exists(keys, k => string.Equals(k, _pairs[i].Key, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (builder.Length > 0)
                {
                    builder.Append('&');
                }

                builder.Append(_rawPairs[i]);
            }

            return builder.ToString();
        }

        private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
    }
}
