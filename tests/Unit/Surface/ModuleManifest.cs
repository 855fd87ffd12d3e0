using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// A reader for PowerShell data files (.psd1 module manifests, .psrc role capabilities, .pssc session
    /// configurations): one hashtable literal of single- or double-quoted strings, numbers, $true/$false/$null,
    /// arrays (@( ... ) with comma- or newline-separated items, or 'a', 'b') and nested hashtables (@{ ... } with
    /// entries separated by newlines or ';'). Comments are skipped. What a data file may not hold (commands,
    /// variables, bare words as values, duplicate keys) is a <see cref="FormatException"/> naming the line.
    /// Hashtables are read as case-insensitive dictionaries, arrays as lists.
    /// </summary>
    internal static class ModuleManifest
    {
        /// <summary>The quoted strings of a top-level list-valued key such as CmdletsToExport.</summary>
        /// <returns>The strings, or null when the key is absent.</returns>
        public static IReadOnlyList<string>? ReadList(string psd1, string key) =>
            Parse(psd1).TryGetValue(key, out var value) ? Items(value).OfType<string>().ToList() : null;

        /// <summary>The file's hashtable.</summary>
        public static IReadOnlyDictionary<string, object?> Parse(string text)
        {
            var parser = new Parser(Tokenize(text));
            parser.SkipNewLines();
            var table = parser.Hashtable();
            parser.SkipNewLines();
            parser.ExpectEnd();
            return table;
        }

        /// <summary>A value as a list: an array's items, or the value alone (PowerShell's 'a' and @('a') mean the same in a data file).</summary>
        public static IReadOnlyList<object?> Items(object? value) =>
            value is IReadOnlyList<object?> list ? list : new[] { value };

        private enum TokenKind
        {
            Word,
            String,
            Variable,
            Symbol,
            NewLine,
            End,
        }

        private readonly struct Token
        {
            public Token(TokenKind kind, string text, int line)
            {
                Kind = kind;
                Text = text;
                Line = line;
            }

            public TokenKind Kind { get; }

            public string Text { get; }

            public int Line { get; }

            public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

            public string Describe() => Kind switch
            {
                TokenKind.End => "the end of the file",
                TokenKind.NewLine => "a line break",
                TokenKind.String => $"the string '{Text}'",
                TokenKind.Variable => "$" + Text,
                _ => $"'{Text}'",
            };
        }

        private sealed class Parser
        {
            private readonly List<Token> _tokens;
            private int _next;

            public Parser(List<Token> tokens) => _tokens = tokens;

            private Token Current => _tokens[_next];

            public void SkipNewLines()
            {
                while (Current.Kind == TokenKind.NewLine)
                {
                    _next++;
                }
            }

            public void ExpectEnd()
            {
                if (Current.Kind != TokenKind.End)
                {
                    throw Error($"expected the end of the file after the hashtable, found {Current.Describe()}");
                }
            }

            /// <summary>@{ key = value (; or line break) ... }</summary>
            public Dictionary<string, object?> Hashtable()
            {
                Expect("@{");
                var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                while (true)
                {
                    SkipSeparators();
                    if (Current.Is("}"))
                    {
                        _next++;
                        return table;
                    }

                    var key = Current;
                    if (key.Kind != TokenKind.Word && key.Kind != TokenKind.String)
                    {
                        throw Error($"expected a key or '}}', found {key.Describe()}");
                    }

                    _next++;
                    Expect("=");
                    SkipNewLines();
                    var value = Value();
                    if (table.ContainsKey(key.Text))
                    {
                        throw new FormatException($"line {key.Line}: the key '{key.Text}' appears twice in one hashtable");
                    }

                    table.Add(key.Text, value);
                    if (!(Current.Kind == TokenKind.NewLine || Current.Is(";") || Current.Is("}")))
                    {
                        throw Error($"expected a line break, ';' or '}}' after the value of '{key.Text}', found {Current.Describe()}");
                    }
                }
            }

            /// <summary>One value, or several joined by commas (a line break may follow a comma).</summary>
            private object? Value()
            {
                var first = Single();
                if (!Current.Is(","))
                {
                    return first;
                }

                var items = new List<object?> { first };
                while (Current.Is(","))
                {
                    _next++;
                    SkipNewLines();
                    items.Add(Single());
                }

                return items;
            }

            private object? Single()
            {
                var token = Current;
                if (token.Is("@{"))
                {
                    return Hashtable();
                }

                if (token.Is("@("))
                {
                    return Array();
                }

                _next++;
                switch (token.Kind)
                {
                    case TokenKind.String:
                        return token.Text;
                    case TokenKind.Variable when token.Text.Equals("true", StringComparison.OrdinalIgnoreCase):
                        return true;
                    case TokenKind.Variable when token.Text.Equals("false", StringComparison.OrdinalIgnoreCase):
                        return false;
                    case TokenKind.Variable when token.Text.Equals("null", StringComparison.OrdinalIgnoreCase):
                        return null;
                    case TokenKind.Word when double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                        return number;
                    case TokenKind.Variable:
                        throw new FormatException($"line {token.Line}: ${token.Text} is a variable; a data file allows only $true, $false and $null");
                    case TokenKind.Word:
                        throw new FormatException($"line {token.Line}: the bare word '{token.Text}' is not a value (quote strings)");
                    default:
                        throw new FormatException($"line {token.Line}: expected a value, found {token.Describe()}");
                }
            }

            /// <summary>@( items separated by commas or line breaks ); an item that is itself an array adds its items, as in PowerShell.</summary>
            private List<object?> Array()
            {
                Expect("@(");
                var items = new List<object?>();
                while (true)
                {
                    SkipSeparators();
                    if (Current.Is(")"))
                    {
                        _next++;
                        return items;
                    }

                    items.AddRange(Items(Value()));
                    if (!(Current.Kind == TokenKind.NewLine || Current.Is(";") || Current.Is(")")))
                    {
                        throw Error($"expected a line break, ',' or ')' between array items, found {Current.Describe()}");
                    }
                }
            }

            private void SkipSeparators()
            {
                while (Current.Kind == TokenKind.NewLine || Current.Is(";"))
                {
                    _next++;
                }
            }

            private void Expect(string symbol)
            {
                if (!Current.Is(symbol))
                {
                    throw Error($"expected '{symbol}', found {Current.Describe()}");
                }

                _next++;
            }

            private FormatException Error(string message) => new FormatException($"line {Current.Line}: {message}");
        }

        private static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            int line = 1;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '<' && i + 1 < text.Length && text[i + 1] == '#')
                {
                    int end = text.IndexOf("#>", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? text.Length : end + 2;
                    line += Count(text, i, end, '\n');
                    i = end;
                }
                else if (c == '#')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '\n')
                {
                    tokens.Add(new Token(TokenKind.NewLine, "\n", line));
                    line++;
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '\'' || c == '"')
                {
                    int start = line;
                    var value = new StringBuilder();
                    for (i++; i < text.Length; i++)
                    {
                        if (text[i] == c)
                        {
                            if (i + 1 < text.Length && text[i + 1] == c)
                            {
                                value.Append(c);
                                i++;
                                continue;
                            }

                            break;
                        }

                        if (c == '"' && text[i] == '`' && i + 1 < text.Length)
                        {
                            i++;
                            value.Append(text[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', var other => other });
                            continue;
                        }

                        if (text[i] == '\n')
                        {
                            line++;
                        }

                        value.Append(text[i]);
                    }

                    if (i >= text.Length)
                    {
                        throw new FormatException($"line {start}: the string that starts here is not closed");
                    }

                    i++;
                    tokens.Add(new Token(TokenKind.String, value.ToString(), start));
                }
                else if (c == '@' && i + 1 < text.Length && (text[i + 1] == '(' || text[i + 1] == '{'))
                {
                    tokens.Add(new Token(TokenKind.Symbol, text.Substring(i, 2), line));
                    i += 2;
                }
                else if (c == '$' || char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                {
                    int start = c == '$' ? i + 1 : i;
                    i = start;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-' || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(c == '$' ? TokenKind.Variable : TokenKind.Word, text.Substring(start, i - start), line));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), line));
                    i++;
                }
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, line));
            return tokens;
        }

        private static int Count(string text, int start, int end, char wanted)
        {
            int count = 0;
            for (int i = start; i < end; i++)
            {
                if (text[i] == wanted)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
