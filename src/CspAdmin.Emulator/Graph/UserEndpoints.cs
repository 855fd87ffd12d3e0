using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// GET users (paged, $select/$filter/$search/$orderby/$count), users/{id|upn}, users/$count and deleted users.
    /// Paging never rescans: the $skiptoken holds the position to continue from (the last user's creation sequence, or an
    /// index into a cached sorted list for $orderby), plus the total for $count computed on the first page.
    /// </summary>
    internal static class UserEndpoints
    {
        private const int DefaultPageSize = 100;
        private const int MaxPageSize = 999;

        public static EmulatorResponse List(GraphCall call)
        {
            UserQuery query;
            try
            {
                query = UserQuery.Parse(call, allowOrderBy: true);
            }
            catch (GraphQueryException ex)
            {
                return call.Error(ex.Status, ex.Code, ex.Message);
            }

            var tenant = call.Tenant;
            var source = query.OrderBy == null
                ? tenant.UsersInOrder()
                : tenant.UsersSortedBy(query.OrderBy, UserFilter.StringProperty(query.OrderBy)!);

            int start;
            if (query.Token == null)
            {
                start = 0;
            }
            else if (query.Token.Mode != query.Mode)
            {
                return call.BadRequest("The $skiptoken does not belong to this query.");
            }
            else
            {
                start = query.OrderBy == null ? tenant.IndexAfterSeq(query.Token.Position) : (int)Math.Min(query.Token.Position, source.Count);
            }

            return Page(call, query, source, start, "users", withType: false,
                (last, nextIndex) => query.OrderBy == null ? last.Seq : nextIndex);
        }

        public static EmulatorResponse ListDeleted(GraphCall call)
        {
            UserQuery query;
            try
            {
                query = UserQuery.Parse(call, allowOrderBy: false);
            }
            catch (GraphQueryException ex)
            {
                return call.Error(ex.Status, ex.Code, ex.Message);
            }

            var start = query.Token == null ? 0 : (int)Math.Min(query.Token.Position, call.Tenant.DeletedUsers.Count);
            return Page(call, query, call.Tenant.DeletedUsers, start, "directoryObjects/microsoft.graph.user", withType: true,
                (last, nextIndex) => nextIndex);
        }

        public static EmulatorResponse Get(GraphCall call)
        {
            if (!call.TryRouteUser(out var user, out var notFound))
            {
                return notFound!;
            }

            var select = UserJson.ParseSelect(call.Request.Query["$select"], out var invalid, out _);
            if (invalid != null)
            {
                return call.BadRequest($"Could not find a property named '{invalid}' on type 'microsoft.graph.user'.");
            }

            var properties = select ?? UserJson.DefaultProperties;
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context(select == null ? "users/$entity" : "users(" + string.Join(",", select) + ")/$entity"));
                UserJson.WriteProperties(w, user, properties);
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse GetDeleted(GraphCall call)
        {
            var id = call.Route["id"];
            var user = call.Tenant.FindDeletedUser(id);
            if (user == null)
            {
                return call.NotFound(id);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("directoryObjects/$entity"));
                w.WriteString("@odata.type", "#microsoft.graph.user");
                UserJson.WriteProperties(w, user, UserJson.DeletedItemProperties);
                w.WriteEndObject();
            });
        }

        /// <summary>GET users/$count: text/plain, needs ConsistencyLevel: eventual.</summary>
        public static EmulatorResponse Count(GraphCall call)
        {
            if (!UserQuery.IsEventual(call.Request))
            {
                return call.Error(400, "Request_BadRequest", "Count is not supported without the ConsistencyLevel header set to 'eventual'.");
            }

            Func<UserState, bool> match = _ => true;
            var filter = call.Request.Query["$filter"];
            if (filter != null)
            {
                try
                {
                    match = UserFilter.Parse(filter).Predicate;
                }
                catch (GraphQueryException ex)
                {
                    return call.Error(ex.Status, ex.Code, ex.Message);
                }
            }

            var count = 0;
            foreach (var user in call.Tenant.Users)
            {
                if (match(user))
                {
                    count++;
                }
            }

            return EmulatorResponse.Text(200, count.ToString(CultureInfo.InvariantCulture));
        }

        private static EmulatorResponse Page(GraphCall call, UserQuery query, IReadOnlyList<UserState> source, int start, string context,
            bool withType, Func<UserState, int, long> nextPosition)
        {
            var n = source.Count;
            Func<int, UserState> at = query.Descending ? i => source[n - 1 - i] : (Func<int, UserState>)(i => source[i]);
            var page = new List<UserState>(Math.Min(query.Top, n));
            var index = start;
            for (; index < n && page.Count < query.Top; index++)
            {
                var user = at(index);
                if (query.Matches(user))
                {
                    page.Add(user);
                }
            }

            // Look ahead for one more match so the last page carries no nextLink.
            var more = false;
            for (var ahead = index; ahead < n && !more; ahead++)
            {
                more = query.Matches(at(ahead));
            }

            long? total = null;
            if (query.CountRequested)
            {
                total = query.Token?.Count ?? CountAll(query, source);
            }

            string? nextLink = null;
            if (more && page.Count > 0)
            {
                var token = new PageToken(query.Mode, nextPosition(page[page.Count - 1], index), total).Encode();
                nextLink = call.NextLink(token);
            }

            var properties = query.Select ?? (withType ? UserJson.DeletedItemProperties : UserJson.DefaultProperties);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context(query.Select == null ? context : context + "(" + string.Join(",", query.Select) + ")"));
                if (total.HasValue)
                {
                    w.WriteNumber("@odata.count", total.Value);
                }

                if (nextLink != null)
                {
                    w.WriteString("@odata.nextLink", nextLink);
                }

                w.WriteStartArray("value");
                foreach (var user in page)
                {
                    UserJson.Write(w, user, properties, withType);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private static long CountAll(UserQuery query, IReadOnlyList<UserState> source)
        {
            if (!query.HasPredicate)
            {
                return source.Count;
            }

            long count = 0;
            foreach (var user in source)
            {
                if (query.Matches(user))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Validated query options of a users request.</summary>
        private sealed class UserQuery
        {
            private Func<UserState, bool>? _filter;
            private Func<UserState, bool>? _search;

            public int Top { get; private set; } = DefaultPageSize;
            public string[]? Select { get; private set; }
            public bool CountRequested { get; private set; }
            public string? OrderBy { get; private set; }
            public bool Descending { get; private set; }
            public PageToken? Token { get; private set; }
            public string Mode => OrderBy == null ? "seq" : OrderBy + (Descending ? " desc" : "");
            public bool HasPredicate => _filter != null || _search != null;

            public bool Matches(UserState user) => (_filter == null || _filter(user)) && (_search == null || _search(user));

            public static bool IsEventual(EmulatorRequest request) =>
                string.Equals(request.Header("ConsistencyLevel")?.Trim(), "eventual", StringComparison.OrdinalIgnoreCase);

            public static UserQuery Parse(GraphCall call, bool allowOrderBy)
            {
                var q = call.Request.Query;
                var query = new UserQuery();
                var eventual = IsEventual(call.Request);

                var top = q["$top"];
                if (top != null)
                {
                    if (!int.TryParse(top, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1 || value > MaxPageSize)
                    {
                        throw new GraphQueryException(400, "Request_BadRequest", $"Invalid page size specified: '{top}'. Must be between 1 and {MaxPageSize} inclusive.");
                    }

                    query.Top = value;
                }

                if (q.Has("$skip"))
                {
                    throw new GraphQueryException(400, "Request_BadRequest", "'$skip' is not supported by the service.");
                }

                query.Select = UserJson.ParseSelect(q["$select"], out var invalid, out var profileOnly);
                if (profileOnly)
                {
                    throw new GraphQueryException(501, "NotImplemented", $"The property '{invalid}' is not supported on the users collection; get it for one user.");
                }

                if (invalid != null)
                {
                    throw new GraphQueryException(400, "Request_BadRequest", $"Could not find a property named '{invalid}' on type 'microsoft.graph.user'.");
                }

                query.CountRequested = string.Equals(q["$count"], "true", StringComparison.OrdinalIgnoreCase);
                if (query.CountRequested && !eventual)
                {
                    throw new GraphQueryException(400, "Request_UnsupportedQuery",
                        "$count is only supported as an advanced query: send the header 'ConsistencyLevel: eventual'.");
                }

                var filter = q["$filter"];
                if (filter != null)
                {
                    var parsed = UserFilter.Parse(filter);
                    if (parsed.IsAdvanced && !(eventual && query.CountRequested))
                    {
                        throw GraphQueryException.Unsupported(parsed.AdvancedProperty);
                    }

                    query._filter = parsed.Predicate;
                }

                var search = q["$search"];
                if (search != null)
                {
                    if (!eventual)
                    {
                        throw new GraphQueryException(400, "Request_UnsupportedQuery",
                            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
                    }

                    query._search = UserSearch.Parse(search);
                }

                var orderBy = q["$orderby"];
                if (orderBy != null)
                {
                    var parts = orderBy.Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    var property = parts.Length > 0 ? parts[0] : "";
                    if (!allowOrderBy || parts.Length > 2 || (!string.Equals(property, "displayName", StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(property, "userPrincipalName", StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new GraphQueryException(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
                    }

                    if ((filter != null || search != null) && !(eventual && query.CountRequested))
                    {
                        throw new GraphQueryException(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
                    }

                    query.OrderBy = UserFilter.Canonical(property);
                    query.Descending = parts.Length == 2 && string.Equals(parts[1], "desc", StringComparison.OrdinalIgnoreCase);
                }

                var skipToken = q["$skiptoken"];
                if (skipToken != null)
                {
                    query.Token = PageToken.Decode(skipToken)
                        ?? throw new GraphQueryException(400, "Request_BadRequest", "The $skiptoken is invalid or expired.");
                }

                return query;
            }
        }

        /// <summary>Opaque $skiptoken: base64url of "u1|mode|position|count".</summary>
        private sealed class PageToken
        {
            public PageToken(string mode, long position, long? count)
            {
                Mode = mode;
                Position = position;
                Count = count;
            }

            public string Mode { get; }
            public long Position { get; }
            public long? Count { get; }

            public string Encode() =>
                "RFNwdAI" + Base64Url.Encode(Encoding.UTF8.GetBytes("u1|" + Mode + "|" + Position.ToString(CultureInfo.InvariantCulture) + "|"
                    + (Count.HasValue ? Count.Value.ToString(CultureInfo.InvariantCulture) : "")));

            public static PageToken? Decode(string text)
            {
                if (!text.StartsWith("RFNwdAI", StringComparison.Ordinal))
                {
                    return null;
                }

                var bytes = Base64Url.TryDecode(text.Substring(7));
                var parts = bytes == null ? null : Encoding.UTF8.GetString(bytes).Split('|');
                if (parts == null || parts.Length != 4 || parts[0] != "u1"
                    || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var position))
                {
                    return null;
                }

                long? count = long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : (long?)null;
                return new PageToken(parts[1], position, count);
            }
        }
    }
}
