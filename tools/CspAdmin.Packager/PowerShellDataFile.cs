using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace CspAdmin.Packager
{
    /// <summary>
    /// A hashtable read from a PowerShell data file: keys compared case-insensitively, as PowerShell compares them,
    /// and the line each key stood on, for error messages. Values are string, bool, null, long, double, an
    /// <see cref="IReadOnlyList{T}"/> of values, or another <see cref="DataHashtable"/>.
    /// </summary>
    public sealed class DataHashtable : IReadOnlyDictionary<string, object?>
    {
        private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        internal DataHashtable(int line)
        {
            Line = line;
        }

        /// <summary>The line of the opening <c>@{</c>.</summary>
        public int Line { get; }

        public int Count => _values.Count;

        public IEnumerable<string> Keys => _values.Keys;

        public IEnumerable<object?> Values => _values.Values;

        public object? this[string key] => _values[key];

        /// <summary>The line the key stood on, or 0 when the key is absent.</summary>
        public int LineOf(string key) => _lines.TryGetValue(key, out int line) ? line : 0;

        public bool ContainsKey(string key) => _values.ContainsKey(key);

        public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal bool TryAdd(string key, object? value, int line)
        {
            if (!_values.TryAdd(key, value))
            {
                return false;
            }

            _lines[key] = line;
            return true;
        }
    }

    /// <summary>
    /// Reads a PowerShell data file (.psd1) without PowerShell: the part of PowerShell's restricted language that
    /// module manifests use. A hashtable <c>@{ Key = value }</c> (entries on their own lines or separated by
    /// <c>;</c>), strings in single or double quotes and here-strings (<c>@' '@</c>, <c>@" "@</c>), numbers,
    /// <c>$true</c>, <c>$false</c>, <c>$null</c>, arrays <c>@( ... )</c> and comma lists, nested hashtables, and
    /// comments (<c>#</c> and <c>&lt;# #&gt;</c>). Anything else (variables, sub-expressions, casts, commands) is
    /// refused with its line, as PowerShell refuses it in a data file, rather than guessed at.
    /// </summary>
    public static class PowerShellDataFile
    {
        public static DataHashtable Load(string path) => Parse(File.ReadAllText(path), path);

        /// <param name="source">The name errors give the text (its file path).</param>
        public static DataHashtable Parse(string text, string source) => new Parser(text, source).ParseFile();

        /// <summary>A value as a list: an array's items, or the value alone ('a' and @('a') mean the same in a data file).</summary>
        public static IReadOnlyList<object?> Items(object? value) =>
            value is IReadOnlyList<object?> list ? list : new[] { value };

        private sealed class Parser
        {
            private readonly string _text;
            private readonly string _source;
            private int _pos;

            public Parser(string text, string source)
            {
                // A byte order mark read as text, and Windows line ends, change nothing in PowerShell either.
                _text = text.TrimStart('\uFEFF').Replace("\r\n", "\n");
                _source = source;
            }

            private char Current => _pos < _text.Length ? _text[_pos] : '\0';

            private bool AtEnd => _pos >= _text.Length;

            public DataHashtable ParseFile()
            {
                SkipTrivia(newLines: true);
                if (!At("@{"))
                {
                    throw Error("a data file must hold one hashtable, starting with '@{'");
                }

                var table = ParseHashtable();
                SkipTrivia(newLines: true);
                if (!AtEnd)
                {
                    throw Error($"unexpected '{Current}' after the hashtable");
                }

                return table;
            }

            private DataHashtable ParseHashtable()
            {
                var table = new DataHashtable(LineAt(_pos));
                _pos += 2;
                while (true)
                {
                    SkipSeparators();
                    if (AtEnd)
                    {
                        throw Error($"the hashtable opened on line {table.Line} is not closed with '}}'", table.Line);
                    }

                    if (Current == '}')
                    {
                        _pos++;
                        return table;
                    }

                    int keyLine = LineAt(_pos);
                    string key = ParseKey();
                    SkipTrivia(newLines: false);
                    if (Current != '=')
                    {
                        throw Error($"expected '=' after the key '{key}'");
                    }

                    _pos++;
                    SkipTrivia(newLines: true);
                    object? value = ParseStatement();
                    if (!table.TryAdd(key, value, keyLine))
                    {
                        throw Error($"the key '{key}' is given twice in one hashtable", keyLine);
                    }

                    bool lineEnded = SkipTrivia(newLines: false);
                    if (Current == '\n' || Current == ';')
                    {
                        _pos++;
                    }
                    else if (!lineEnded && Current != '}')
                    {
                        throw Error($"expected a new line, ';' or '}}' after the value of '{key}'");
                    }
                }
            }

            private string ParseKey()
            {
                if (Current == '\'' || Current == '"')
                {
                    return ParseString();
                }

                int start = _pos;
                while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_' || Current == '-' || Current == '.'))
                {
                    _pos++;
                }

                if (_pos == start)
                {
                    throw Error($"expected a key, found '{Current}'");
                }

                return _text.Substring(start, _pos - start);
            }

            /// <summary>A value, or values joined by commas (which may continue on the next line), as an array.</summary>
            private object? ParseStatement()
            {
                object? first = ParseValue();
                SkipTrivia(newLines: false);
                if (Current != ',')
                {
                    return first;
                }

                var items = new List<object?> { first };
                while (Current == ',')
                {
                    _pos++;
                    SkipTrivia(newLines: true);
                    items.Add(ParseValue());
                    SkipTrivia(newLines: false);
                }

                return items.ToArray();
            }

            private object? ParseValue()
            {
                if (At("@{"))
                {
                    return ParseHashtable();
                }

                if (At("@("))
                {
                    return ParseArray();
                }

                if (At("@'") || At("@\""))
                {
                    return ParseHereString();
                }

                if (Current == '\'' || Current == '"')
                {
                    return ParseString();
                }

                if (Current == '$')
                {
                    return ParseConstant();
                }

                if (char.IsDigit(Current) || ((Current == '-' || Current == '+') && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1])))
                {
                    return ParseNumber();
                }

                if (AtEnd || Current == '\n')
                {
                    throw Error("a value is missing");
                }

                throw Error($"'{Current}' cannot start a value in a data file (only strings, numbers, $true, $false, $null, @() and @{{}})");
            }

            /// <summary><c>@( ... )</c>: values separated by new lines, ';' or commas; the array holds them all.</summary>
            private object?[] ParseArray()
            {
                int line = LineAt(_pos);
                _pos += 2;
                var items = new List<object?>();
                while (true)
                {
                    SkipSeparators();
                    if (AtEnd)
                    {
                        throw Error($"the array opened on line {line} is not closed with ')'", line);
                    }

                    if (Current == ')')
                    {
                        _pos++;
                        return items.ToArray();
                    }

                    object? value = ParseStatement();
                    if (value is object?[] many)
                    {
                        items.AddRange(many);
                    }
                    else
                    {
                        items.Add(value);
                    }

                    bool lineEnded = SkipTrivia(newLines: false);
                    if (!lineEnded && Current != '\n' && Current != ';' && Current != ')' && !AtEnd)
                    {
                        throw Error($"expected a new line, ';', ',' or ')' in the array opened on line {line}");
                    }
                }
            }

            private string ParseString()
            {
                char quote = Current;
                int line = LineAt(_pos);
                _pos++;
                var value = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error($"the string opened on line {line} is not closed with {quote}", line);
                    }

                    if (Current == quote)
                    {
                        if (_pos + 1 < _text.Length && _text[_pos + 1] == quote)
                        {
                            value.Append(quote);
                            _pos += 2;
                            continue;
                        }

                        _pos++;
                        return value.ToString();
                    }

                    AppendNext(value, quote);
                }
            }

            private string ParseHereString()
            {
                char quote = _text[_pos + 1];
                int line = LineAt(_pos);
                _pos += 2;
                while (Current == ' ' || Current == '\t')
                {
                    _pos++;
                }

                if (Current != '\n')
                {
                    throw Error($"nothing may follow @{quote} on its line: a here-string starts on the next line");
                }

                _pos++;
                string terminator = "\n" + quote + "@";
                var value = new StringBuilder();

                // An empty here-string closes on the line right after its header.
                if (At(quote + "@"))
                {
                    _pos += 2;
                    return string.Empty;
                }

                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error($"the here-string opened on line {line} is not closed with {quote}@ at the start of a line", line);
                    }

                    if (At(terminator))
                    {
                        _pos += terminator.Length;
                        return value.ToString();
                    }

                    AppendNext(value, quote);
                }
            }

            /// <summary>
            /// The next character of a string's text. In double quotes, backtick escapes are read and a variable or
            /// sub-expression is refused; in single quotes every character stands for itself.
            /// </summary>
            private void AppendNext(StringBuilder value, char quote)
            {
                if (quote == '\'' || (Current != '`' && Current != '$'))
                {
                    value.Append(Current);
                    _pos++;
                    return;
                }

                if (Current == '$')
                {
                    char next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
                    if (char.IsLetterOrDigit(next) || next == '_' || next == '{' || next == '(' || next == '?' || next == '^' || next == ':')
                    {
                        throw Error("a variable or sub-expression in double quotes is not allowed in a data file: use single quotes, or `$ for a dollar sign");
                    }

                    value.Append('$');
                    _pos++;
                    return;
                }

                _pos++;
                if (AtEnd)
                {
                    throw Error("a backtick ends the file");
                }

                char escaped = Current;
                _pos++;
                switch (escaped)
                {
                    case '0': value.Append('\0'); break;
                    case 'a': value.Append('\a'); break;
                    case 'b': value.Append('\b'); break;
                    case 'e': value.Append('\u001b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'v': value.Append('\v'); break;
                    case 'u' when Current == '{':
                        int close = _text.IndexOf('}', _pos);
                        if (close < 0 || !int.TryParse(_text.AsSpan(_pos + 1, close - _pos - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("`u{...} needs a hexadecimal code point");
                        }

                        value.Append(char.ConvertFromUtf32(code));
                        _pos = close + 1;
                        break;
                    default: value.Append(escaped); break;
                }
            }

            private object? ParseConstant()
            {
                int start = _pos;
                _pos++;
                while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_'))
                {
                    _pos++;
                }

                string name = _text.Substring(start, _pos - start);
                switch (name.ToLowerInvariant())
                {
                    case "$true": return true;
                    case "$false": return false;
                    case "$null": return null;
                    default:
                        _pos = start;
                        throw Error($"the variable '{name}' is not allowed in a data file (only $true, $false and $null)");
                }
            }

            private object ParseNumber()
            {
                int start = _pos;
                if (Current == '-' || Current == '+')
                {
                    _pos++;
                }

                while (char.IsDigit(Current))
                {
                    _pos++;
                }

                bool isDecimal = false;
                if (Current == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1]))
                {
                    isDecimal = true;
                    _pos++;
                    while (char.IsDigit(Current))
                    {
                        _pos++;
                    }
                }

                if (char.IsLetter(Current) || Current == '.')
                {
                    _pos = start;
                    throw Error("only plain decimal numbers are read here: quote a version such as '1.2.3'");
                }

                string literal = _text.Substring(start, _pos - start);
                return isDecimal
                    ? (object)double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : long.Parse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }

            /// <summary>Between the entries of a hashtable or an array: new lines and ';', with comments.</summary>
            private void SkipSeparators()
            {
                SkipTrivia(newLines: true);
                while (Current == ';')
                {
                    _pos++;
                    SkipTrivia(newLines: true);
                }
            }

            /// <summary>Spaces, tabs and comments; new lines too when <paramref name="newLines"/>.</summary>
            /// <returns>Whether a block comment spanning lines was skipped, which ends a statement as a new line does.</returns>
            private bool SkipTrivia(bool newLines)
            {
                bool crossedLine = false;
                while (!AtEnd)
                {
                    char c = Current;
                    if (c == ' ' || c == '\t' || c == '\r' || (newLines && c == '\n'))
                    {
                        _pos++;
                    }
                    else if (At("<#"))
                    {
                        int end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                        if (end < 0)
                        {
                            throw Error("a <# comment is not closed with #>");
                        }

                        crossedLine |= _text.IndexOf('\n', _pos, end - _pos) >= 0;
                        _pos = end + 2;
                    }
                    else if (c == '#')
                    {
                        while (!AtEnd && Current != '\n')
                        {
                            _pos++;
                        }
                    }
                    else if (c == '`' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
                    {
                        // Line continuation.
                        _pos += 2;
                    }
                    else
                    {
                        break;
                    }
                }

                return crossedLine;
            }

            private bool At(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

            private int LineAt(int pos)
            {
                int line = 1;
                for (int i = 0; i < pos && i < _text.Length; i++)
                {
                    if (_text[i] == '\n')
                    {
                        line++;
                    }
                }

                return line;
            }

            private PackagingException Error(string reason, int line = 0)
                => new PackagingException(_source, line > 0 ? line : LineAt(_pos), reason);
        }
    }
}
