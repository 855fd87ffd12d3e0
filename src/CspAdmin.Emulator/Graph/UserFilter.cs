using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>A $filter/$search/$orderby problem, answered as a Graph error.</summary>
    internal sealed class GraphQueryException : Exception
    {
        public GraphQueryException(int status, string code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }
        public string Code { get; }

        public static GraphQueryException Unsupported(string property) =>
            new GraphQueryException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified for property '{property}' of resource 'User'.");

        public static GraphQueryException Invalid(string detail) =>
            new GraphQueryException(400, "Request_BadRequest", "Invalid filter clause: " + detail);
    }

    /// <summary>
    /// The part of OData $filter that directory users support: eq, ne, in, startswith, endswith, not, and, or, parentheses and
    /// assignedLicenses/any(x:x/skuId eq {guid}). Matching is case-insensitive. Constructs that Graph only allows as
    /// "advanced queries" (ne, not, endswith, eq null) set <see cref="IsAdvanced"/>.
    /// </summary>
    internal sealed class UserFilter
    {
        private static readonly Dictionary<string, Func<UserState, string?>> StringProperties =
            new Dictionary<string, Func<UserState, string?>>(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = u => u.Id,
                ["userPrincipalName"] = u => u.UserPrincipalName,
                ["displayName"] = u => u.DisplayName,
                ["givenName"] = u => u.GivenName,
                ["surname"] = u => u.Surname,
                ["mail"] = u => u.Mail,
                ["mailNickname"] = u => u.MailNickname,
                ["usageLocation"] = u => u.UsageLocation,
                ["jobTitle"] = u => u.JobTitle,
                ["department"] = u => u.Department,
                ["companyName"] = u => u.CompanyName,
                ["city"] = u => u.City,
                ["country"] = u => u.Country,
                ["state"] = u => u.State,
                ["postalCode"] = u => u.PostalCode,
                ["userType"] = u => u.UserType,
                ["officeLocation"] = u => u.OfficeLocation,
            };

        private readonly List<string> _tokens;
        private int _position;

        private UserFilter(List<string> tokens) => _tokens = tokens;

        public Func<UserState, bool> Predicate { get; private set; } = _ => true;
        public bool IsAdvanced { get; private set; }
        /// <summary>The property behind the first advanced construct (for the error message).</summary>
        public string AdvancedProperty { get; private set; } = "";

        public static UserFilter Parse(string text)
        {
            var filter = new UserFilter(Tokenize(text));
            filter.Predicate = filter.ParseOr();
            if (filter.Peek() != null)
            {
                throw GraphQueryException.Invalid($"unexpected '{filter.Peek()}'.");
            }

            return filter;
        }

        /// <summary>String property accessor for $orderby and $search, or null.</summary>
        public static Func<UserState, string?>? StringProperty(string name) =>
            StringProperties.TryGetValue(name, out var accessor) ? accessor : null;

        public static string Canonical(string name) => StringProperties.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

        private Func<UserState, bool> ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword("or"))
            {
                _position++;
                var l = left;
                var r = ParseAnd();
                left = u => l(u) || r(u);
            }

            return left;
        }

        private Func<UserState, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (IsKeyword("and"))
            {
                _position++;
                var l = left;
                var r = ParseUnary();
                left = u => l(u) && r(u);
            }

            return left;
        }

        private Func<UserState, bool> ParseUnary()
        {
            if (IsKeyword("not"))
            {
                _position++;
                MarkAdvanced("not");
                var inner = ParseUnary();
                return u => !inner(u);
            }

            return ParsePrimary();
        }

        private Func<UserState, bool> ParsePrimary()
        {
            if (Peek() == "(")
            {
                _position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            var name = Next() ?? throw GraphQueryException.Invalid("expression expected.");
            if (Is(name, "startswith") || Is(name, "endswith"))
            {
                Expect("(");
                var property = Next() ?? throw GraphQueryException.Invalid("property expected.");
                var accessor = StringProperty(property) ?? throw GraphQueryException.Unsupported(property);
                Expect(",");
                var value = StringLiteral();
                Expect(")");
                if (Is(name, "endswith"))
                {
                    MarkAdvanced(property);
                    return u => (accessor(u) ?? "").EndsWith(value, StringComparison.OrdinalIgnoreCase) && accessor(u) != null;
                }

                return u => accessor(u)?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true;
            }

            if (name.StartsWith("assignedLicenses/", StringComparison.OrdinalIgnoreCase))
            {
                return ParseAssignedLicenses(name);
            }

            var op = Next() ?? throw GraphQueryException.Invalid($"operator expected after '{name}'.");
            if (Is(name, "accountEnabled"))
            {
                return BoolComparison(name, op);
            }

            var property2 = StringProperty(name) ?? throw GraphQueryException.Unsupported(name);
            if (Is(op, "in"))
            {
                Expect("(");
                var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { StringLiteral() };
                while (Peek() == ",")
                {
                    _position++;
                    values.Add(StringLiteral());
                }

                Expect(")");
                return u => property2(u) != null && values.Contains(property2(u)!);
            }

            if (!Is(op, "eq") && !Is(op, "ne"))
            {
                throw GraphQueryException.Unsupported(name);
            }

            var negate = Is(op, "ne");
            if (negate)
            {
                MarkAdvanced(name);
            }

            if (IsKeyword("null"))
            {
                _position++;
                MarkAdvanced(name);
                return u => (property2(u) == null) != negate;
            }

            var literal = StringLiteral();
            return u => string.Equals(property2(u), literal, StringComparison.OrdinalIgnoreCase) != negate;
        }

        private Func<UserState, bool> BoolComparison(string name, string op)
        {
            if (!Is(op, "eq") && !Is(op, "ne"))
            {
                throw GraphQueryException.Unsupported(name);
            }

            var literal = Next();
            if (!Is(literal ?? "", "true") && !Is(literal ?? "", "false"))
            {
                throw GraphQueryException.Invalid($"'{name}' needs true or false.");
            }

            var negate = Is(op, "ne");
            if (negate)
            {
                MarkAdvanced(name);
            }

            var expected = Is(literal!, "true");
            return u => (u.AccountEnabled == expected) != negate;
        }

        /// <summary>assignedLicenses/any(x:x/skuId eq {guid}) or assignedLicenses/$count eq 0 (advanced).</summary>
        private Func<UserState, bool> ParseAssignedLicenses(string name)
        {
            if (Is(name, "assignedLicenses/$count"))
            {
                MarkAdvanced("assignedLicenses");
                var op = Next() ?? "";
                if (!int.TryParse(Next(), out var number) || (!Is(op, "eq") && !Is(op, "ne")))
                {
                    throw GraphQueryException.Unsupported("assignedLicenses");
                }

                return u => (u.AssignedLicenses.Count == number) != Is(op, "ne");
            }

            if (!Is(name, "assignedLicenses/any"))
            {
                throw GraphQueryException.Unsupported("assignedLicenses");
            }

            Expect("(");
            var variable = Next() ?? throw GraphQueryException.Invalid("lambda variable expected.");
            Expect(":");
            var member = Next() ?? "";
            if (!Is(member, variable + "/skuId"))
            {
                throw GraphQueryException.Unsupported("assignedLicenses");
            }

            if (!Is(Next() ?? "", "eq"))
            {
                throw GraphQueryException.Unsupported("assignedLicenses");
            }

            var skuId = Peek() != null && Peek()!.StartsWith("'", StringComparison.Ordinal) ? StringLiteral() : Next() ?? "";
            if (!Guid.TryParse(skuId, out _))
            {
                throw GraphQueryException.Invalid($"'{skuId}' is not a valid GUID.");
            }

            Expect(")");
            return u => u.FindLicense(skuId) != null;
        }

        private void MarkAdvanced(string property)
        {
            if (!IsAdvanced)
            {
                IsAdvanced = true;
                AdvancedProperty = property;
            }
        }

        private string StringLiteral()
        {
            var token = Next();
            if (token == null || token.Length < 2 || token[0] != '\'')
            {
                throw GraphQueryException.Invalid($"string literal expected, found '{token}'.");
            }

            return token.Substring(1, token.Length - 2).Replace("''", "'");
        }

        private void Expect(string token)
        {
            if (Next() != token)
            {
                throw GraphQueryException.Invalid($"'{token}' expected.");
            }
        }

        private bool IsKeyword(string keyword) => Peek() != null && Is(Peek()!, keyword);

        private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

        private string? Next() => _position < _tokens.Count ? _tokens[_position++] : null;

        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>Splits into words, quoted strings (kept with their quotes) and the punctuation ( ) , :.</summary>
        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '(' || c == ')' || c == ',' || c == ':')
                {
                    tokens.Add(c.ToString());
                    i++;
                }
                else if (c == '\'')
                {
                    var builder = new StringBuilder("'");
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw GraphQueryException.Invalid("unterminated string literal.");
                        }

                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'')
                            {
                                builder.Append("''");
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        builder.Append(text[i++]);
                    }

                    tokens.Add(builder.Append('\'').ToString());
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && "(),:'".IndexOf(text[i]) < 0)
                    {
                        i++;
                    }

                    tokens.Add(text.Substring(start, i - start));
                }
            }

            return tokens;
        }
    }

    /// <summary>
    /// $search="property:term" clauses joined by OR / AND (evaluated left to right). A clause matches when a word of the
    /// property value starts with the term (words split on anything not a letter or digit), as Graph's tokenized search does.
    /// </summary>
    internal static class UserSearch
    {
        public static Func<UserState, bool> Parse(string text)
        {
            Func<UserState, bool>? result = null;
            var joinWithAnd = false;
            var i = 0;
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                    continue;
                }

                if (text[i] != '"')
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }

                    var word = text.Substring(start, i - start);
                    joinWithAnd = string.Equals(word, "AND", StringComparison.Ordinal)
                        ? true
                        : string.Equals(word, "OR", StringComparison.Ordinal) ? false
                        : throw new GraphQueryException(400, "Request_BadRequest", $"Syntax error: '{word}' is not a valid $search clause; use \"property:term\".");
                    continue;
                }

                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new GraphQueryException(400, "Request_BadRequest", "Syntax error: unterminated quote in $search.");
                }

                var clause = Clause(text.Substring(i + 1, end - i - 1));
                i = end + 1;
                if (result == null)
                {
                    result = clause;
                }
                else
                {
                    var previous = result;
                    result = joinWithAnd ? (Func<UserState, bool>)(u => previous(u) && clause(u)) : u => previous(u) || clause(u);
                }
            }

            return result ?? throw new GraphQueryException(400, "Request_BadRequest", "Syntax error: empty $search.");
        }

        private static Func<UserState, bool> Clause(string clause)
        {
            var colon = clause.IndexOf(':');
            if (colon <= 0)
            {
                throw new GraphQueryException(400, "Request_BadRequest", $"Syntax error: '{clause}' must be of the form \"property:term\".");
            }

            var property = clause.Substring(0, colon).Trim();
            var term = clause.Substring(colon + 1).Trim();
            var accessor = UserFilter.StringProperty(property)
                ?? throw new GraphQueryException(400, "Request_UnsupportedQuery", $"The property '{property}' does not support search.");
            return u => HasWordStartingWith(accessor(u), term);
        }

        private static bool HasWordStartingWith(string? value, string term)
        {
            if (value == null)
            {
                return false;
            }

            if (term.Length == 0)
            {
                return true;
            }

            for (var i = 0; i < value.Length; i++)
            {
                var startOfWord = char.IsLetterOrDigit(value[i]) && (i == 0 || !char.IsLetterOrDigit(value[i - 1]));
                if (startOfWord && string.Compare(value, i, term, 0, term.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
