using System.Text;
using System.Text.RegularExpressions;

namespace CspAdmin.Engine.Operations
{
    /// <summary>PowerShell-style wildcards (* ? [abc] [a-z], ` escapes), case-insensitive, without PowerShell.</summary>
    public sealed class Wildcard
    {
        private readonly Regex _regex;

        public Wildcard(string pattern)
        {
            Pattern = pattern;
            var regex = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '*': regex.Append(".*"); break;
                    case '?': regex.Append('.'); break;
                    case '`' when i + 1 < pattern.Length: regex.Append(Regex.Escape(pattern[++i].ToString())); break;
                    case '[':
                        var end = pattern.IndexOf(']', i + 1);
                        if (end > i + 1)
                        {
                            regex.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\")).Append(']');
                            i = end;
                        }
                        else
                        {
                            regex.Append("\\[");
                        }

                        break;
                    default: regex.Append(Regex.Escape(c.ToString())); break;
                }
            }

            _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public string Pattern { get; }

        public static bool ContainsWildcard(string text) => text.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        /// <summary>The literal text before the first wildcard character: what a service-side prefix filter can use.</summary>
        public string LiteralPrefix
        {
            get
            {
                var prefix = new StringBuilder();
                for (var i = 0; i < Pattern.Length; i++)
                {
                    var c = Pattern[i];
                    if (c == '*' || c == '?' || c == '[')
                    {
                        break;
                    }

                    if (c == '`' && i + 1 < Pattern.Length)
                    {
                        c = Pattern[++i];
                    }

                    prefix.Append(c);
                }

                return prefix.ToString();
            }
        }

        public bool IsMatch(string? text) => text != null && _regex.IsMatch(text);
    }
}
