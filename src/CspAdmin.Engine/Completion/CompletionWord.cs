using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Completion
{
    /// <summary>
    /// The word being completed, as PowerShell hands it over: perhaps opened with a quote, perhaps with wildcards.
    /// It chooses among candidates (case-insensitive; values starting with the word first, then values containing it)
    /// and writes a chosen value back the way the command line needs it.
    /// </summary>
    public sealed class CompletionWord
    {
        // PowerShell takes the typographic quotes as quotes too.
        private const string SingleQuotes = "'\u2018\u2019\u201A\u201B";
        private const string DoubleQuotes = "\"\u201C\u201D\u201E";
        private const string Dashes = "-\u2013\u2014\u2015";
        private const string Special = "`$;,(){}@&|<>#" + SingleQuotes + DoubleQuotes;

        private readonly Wildcard? _prefix;
        private readonly Wildcard? _anywhere;

        public CompletionWord(string? typed)
        {
            Typed = typed ?? "";
            var text = Typed;
            if (text.Length > 0 && IsQuote(text[0]))
            {
                Quote = SingleQuotes.IndexOf(text[0]) >= 0 ? '\'' : '"';
                text = text.Substring(1);
                if (text.Length > 0 && IsQuote(text[text.Length - 1]))
                {
                    text = text.Substring(0, text.Length - 1);
                }

                if (Quote == '\'')
                {
                    text = text.Replace("''", "'");
                }
            }

            // A lone escape at the end would escape the '*' added below.
            if (text.EndsWith("`", StringComparison.Ordinal) && !text.EndsWith("``", StringComparison.Ordinal))
            {
                text = text.Substring(0, text.Length - 1);
            }

            Text = text;
            if (text.Length > 0)
            {
                _prefix = new Wildcard(text + "*");
                _anywhere = new Wildcard("*" + text + "*");
            }
        }

        /// <summary>The word as typed.</summary>
        public string Typed { get; }

        /// <summary>The word without its quotes: what is matched.</summary>
        public string Text { get; }

        /// <summary>The kind of quote (' or ") the word was opened with, if any.</summary>
        public char? Quote { get; }

        /// <summary>
        /// The candidates the word matches, best first: those where one of <paramref name="names"/> or
        /// <paramref name="ids"/> starts with the word (wildcards allowed), then those where one of the names
        /// contains it; each group in the order of the menu text. The same completion and menu text is offered once.
        /// </summary>
        public IReadOnlyList<CompletionItem> Choose<T>(IEnumerable<T> candidates, Func<T, CompletionItem> item,
            Func<T, IEnumerable<string?>> names, Func<T, IEnumerable<string?>>? ids = null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return candidates
                .Select(c => (Candidate: c, Rank: Rank(names(c), ids?.Invoke(c))))
                .Where(x => x.Rank >= 0)
                .Select(x => (Item: item(x.Candidate), x.Rank))
                .OrderBy(x => x.Rank)
                .ThenBy(x => x.Item.ListItemText, StringComparer.OrdinalIgnoreCase)
                .ThenBy(x => x.Item.CompletionText, StringComparer.Ordinal)
                .Select(x => x.Item)
                .Where(i => seen.Add(i.CompletionText + "\n" + i.ListItemText))
                .ToList();
        }

        /// <summary>
        /// <paramref name="value"/> as it must stand on the command line: in the quotes the word was opened with;
        /// else single-quoted (embedded quotes doubled) when it holds a space or a character PowerShell would read
        /// otherwise; else as it is. For a parameter that takes wildcards, <paramref name="escapeWildcards"/> makes
        /// the value match only itself.
        /// </summary>
        public string Format(string value, bool escapeWildcards = false)
        {
            var text = escapeWildcards ? EscapeWildcards(value) : value;
            if (Quote == '"')
            {
                var quoted = new StringBuilder("\"");
                foreach (var c in text)
                {
                    quoted.Append(c == '`' || c == '$' ? "`" + c : DoubleQuotes.IndexOf(c) >= 0 ? new string(c, 2) : c.ToString());
                }

                return quoted.Append('"').ToString();
            }

            if (Quote == null && !NeedsQuotes(text))
            {
                return text;
            }

            var single = new StringBuilder("'");
            foreach (var c in text)
            {
                single.Append(SingleQuotes.IndexOf(c) >= 0 ? new string(c, 2) : c.ToString());
            }

            return single.Append('\'').ToString();
        }

        /// <summary>0: a name or id starts with the word; 1: a name contains it; -1: no match.</summary>
        private int Rank(IEnumerable<string?> names, IEnumerable<string?>? ids)
        {
            if (_prefix == null || _anywhere == null)
            {
                return 0;
            }

            var nameList = names.Where(n => !string.IsNullOrEmpty(n)).ToList();
            if (nameList.Concat(ids ?? Enumerable.Empty<string?>()).Any(_prefix.IsMatch))
            {
                return 0;
            }

            return nameList.Any(_anywhere.IsMatch) ? 1 : -1;
        }

        private static bool IsQuote(char c) => SingleQuotes.IndexOf(c) >= 0 || DoubleQuotes.IndexOf(c) >= 0;

        private static bool NeedsQuotes(string text) =>
            text.Length == 0 || Dashes.IndexOf(text[0]) >= 0 || text.Any(c => char.IsWhiteSpace(c) || Special.IndexOf(c) >= 0);

        private static string EscapeWildcards(string text)
        {
            var escaped = new StringBuilder();
            foreach (var c in text)
            {
                if (c == '*' || c == '?' || c == '[' || c == ']' || c == '`')
                {
                    escaped.Append('`');
                }

                escaped.Append(c);
            }

            return escaped.ToString();
        }
    }
}
