using System;
using System.Collections.Generic;
using System.Text;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// Just enough of a .psd1 reader to get a list-valued key such as CmdletsToExport: the quoted strings of
    /// "Key = @( ... )" (comma- or newline-separated) or of "Key = 'a', 'b'". Comments are skipped.
    /// </summary>
    internal static class ModuleManifest
    {
        /// <returns>The strings, or null when the key is absent.</returns>
        public static IReadOnlyList<string>? ReadList(string psd1, string key)
        {
            var tokens = Tokenize(psd1);
            for (int i = 0; i + 2 < tokens.Count; i++)
            {
                if (tokens[i].Kind == TokenKind.Word && string.Equals(tokens[i].Text, key, StringComparison.OrdinalIgnoreCase)
                    && tokens[i + 1].Text == "=")
                {
                    var values = new List<string>();
                    int j = i + 2;
                    if (tokens[j].Text == "@(")
                    {
                        for (j++; j < tokens.Count && tokens[j].Text != ")"; j++)
                        {
                            if (tokens[j].Kind == TokenKind.String)
                            {
                                values.Add(tokens[j].Text);
                            }
                        }

                        return values;
                    }

                    for (; j < tokens.Count && tokens[j].Kind == TokenKind.String; j += 2)
                    {
                        values.Add(tokens[j].Text);
                        if (j + 1 >= tokens.Count || tokens[j + 1].Text != ",")
                        {
                            break;
                        }
                    }

                    return values;
                }
            }

            return null;
        }

        private enum TokenKind
        {
            Word,
            String,
            Symbol,
        }

        private readonly struct Token
        {
            public Token(TokenKind kind, string text)
            {
                Kind = kind;
                Text = text;
            }

            public TokenKind Kind { get; }

            public string Text { get; }
        }

        private static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '<' && i + 1 < text.Length && text[i + 1] == '#')
                {
                    int end = text.IndexOf("#>", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? text.Length : end + 2;
                }
                else if (c == '#')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '\'' || c == '"')
                {
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

                        value.Append(text[i]);
                    }

                    i++;
                    tokens.Add(new Token(TokenKind.String, value.ToString()));
                }
                else if (c == '@' && i + 1 < text.Length && (text[i + 1] == '(' || text[i + 1] == '{'))
                {
                    tokens.Add(new Token(TokenKind.Symbol, text.Substring(i, 2)));
                    i += 2;
                }
                else if (char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-' || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Word, text.Substring(start, i - start)));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                    i++;
                }
            }

            return tokens;
        }
    }
}
