using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// GET customers (seek paging: links.next "/customers?size=N&amp;seekOperation=Next" plus an MS-ContinuationToken header that
    /// carries offset, size and filter), customers/{id} and customers/{id}/profiles/company.
    /// </summary>
    internal static class CustomerEndpoints
    {
        private const int DefaultPageSize = 200;

        public static EmulatorResponse List(PcCall call)
        {
            var query = call.Request.Query;
            var size = int.TryParse(query["size"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var requested) && requested > 0 ? requested : 0;
            var seek = query["seekOperation"];
            var offset = 0;
            CustomerFilter? filter;
            if (string.Equals(seek, "Next", StringComparison.OrdinalIgnoreCase))
            {
                var token = ContinuationToken.Decode(call.Request.Header("MS-ContinuationToken"));
                if (token == null)
                {
                    return PcErrors.Error(400, "InvalidContinuationToken", "seekOperation=Next needs the MS-ContinuationToken header from links.next.");
                }

                offset = token.Offset;
                size = size > 0 ? size : token.Size;
                filter = token.Filter;
            }
            else if (seek != null && !string.Equals(seek, "First", StringComparison.OrdinalIgnoreCase))
            {
                return PcErrors.Error(400, "InvalidSeekOperation", $"seekOperation '{seek}' is not supported; use Next with the continuation token.");
            }
            else
            {
                try
                {
                    filter = CustomerFilter.Parse(query["filter"]);
                }
                catch (ArgumentException ex)
                {
                    return PcErrors.Error(400, "InvalidFilter", ex.Message);
                }
            }

            if (size <= 0)
            {
                size = DefaultPageSize;
            }

            var matches = call.Cloud.State.CustomersOf(call.Partner.TenantId)
                .Where(t => t.Kind == TenantKinds.Customer)
                .Select(t => (Tenant: t, Relationship: t.RelationshipWith(call.Partner.TenantId)!))
                .Where(c => filter == null || filter.Matches(c.Tenant, c.Relationship))
                .ToList();
            var page = matches.Skip(offset).Take(size).ToList();
            string? nextToken = null;
            if (offset + page.Count < matches.Count)
            {
                nextToken = new ContinuationToken(offset + page.Count, size, filter).Encode();
            }

            var self = "/customers" + (call.Request.Uri.Query.Length > 1 ? call.Request.Uri.Query : "?size=" + size);
            return PcJson.Collection(page, (w, c) => PcJson.Customer(w, c.Tenant, c.Relationship, withBillingProfile: false), self,
                "/customers?size=" + size.ToString(CultureInfo.InvariantCulture) + "&seekOperation=Next", nextToken);
        }

        public static EmulatorResponse Get(PcCall call) =>
            call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.Customer(w, call.Customer!, call.Relationship!, withBillingProfile: true);
                w.WriteEndObject();
            });

        public static EmulatorResponse CompanyProfile(PcCall call) =>
            call.Ok(w =>
            {
                w.WriteStartObject();
                PcJson.CompanyProfile(w, call.Customer!);
                w.WriteEndObject();
            });

        /// <summary>{"Field":"CompanyName"|"Domain"|"IndirectReseller"|"IndirectCloudSolutionProvider","Value":…,"Operator":"starts_with"}.</summary>
        internal sealed class CustomerFilter
        {
            private static readonly string[] Fields = { "CompanyName", "Domain", "IndirectReseller", "IndirectCloudSolutionProvider" };

            private CustomerFilter(string field, string value)
            {
                Field = field;
                Value = value;
            }

            public string Field { get; }
            public string Value { get; }

            public static CustomerFilter? Parse(string? json)
            {
                if (string.IsNullOrWhiteSpace(json))
                {
                    return null;
                }

                JsonElement root;
                try
                {
                    using (var document = JsonDocument.Parse(json!))
                    {
                        root = document.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    throw new ArgumentException("The filter is not valid JSON; expected {\"Field\":…,\"Value\":…,\"Operator\":\"starts_with\"}.");
                }

                var field = Fields.FirstOrDefault(f => string.Equals(f, JsonBody.GetString(root, "Field"), StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"Filter field '{JsonBody.GetString(root, "Field")}' is not supported for customers.");
                var op = JsonBody.GetString(root, "Operator");
                if (!string.Equals(op, "starts_with", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"Filter operator '{op}' is not supported for customers; only starts_with is.");
                }

                return new CustomerFilter(field, JsonBody.GetString(root, "Value") ?? "");
            }

            public bool Matches(TenantState tenant, PartnerRelationshipState relationship)
            {
                switch (Field)
                {
                    case "CompanyName":
                        return StartsWith(tenant.DisplayName);
                    case "Domain":
                        return tenant.AllDomains().Any(StartsWith);
                    case "IndirectReseller":
                        return StartsWith(relationship.IndirectResellerTenantId);
                    default:
                        // Customers served through an indirect provider: the provider is the relationship's partner.
                        return relationship.IndirectResellerTenantId != null && StartsWith(relationship.PartnerTenantId);
                }
            }

            public string ToJson() => "{\"Field\":" + JsonString(Field) + ",\"Value\":" + JsonString(Value) + ",\"Operator\":\"starts_with\"}";

            private bool StartsWith(string? candidate) => candidate != null && candidate.StartsWith(Value, StringComparison.OrdinalIgnoreCase);

            private static string JsonString(string value) => Encoding.UTF8.GetString(JsonBody.Write(w => w.WriteStringValue(value)));
        }

        /// <summary>Opaque MS-ContinuationToken: base64url of "offset|size|filter JSON".</summary>
        private sealed class ContinuationToken
        {
            public ContinuationToken(int offset, int size, CustomerFilter? filter)
            {
                Offset = offset;
                Size = size;
                Filter = filter;
            }

            public int Offset { get; }
            public int Size { get; }
            public CustomerFilter? Filter { get; }

            public string Encode() =>
                Base64Url.Encode(Encoding.UTF8.GetBytes("c1|" + Offset.ToString(CultureInfo.InvariantCulture) + "|"
                    + Size.ToString(CultureInfo.InvariantCulture) + "|" + (Filter?.ToJson() ?? "")));

            public static ContinuationToken? Decode(string? text)
            {
                var bytes = text == null ? null : Base64Url.TryDecode(text.Trim());
                if (bytes == null)
                {
                    return null;
                }

                var parts = Encoding.UTF8.GetString(bytes).Split(new[] { '|' }, 4);
                if (parts.Length != 4 || parts[0] != "c1"
                    || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
                    || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size))
                {
                    return null;
                }

                try
                {
                    return new ContinuationToken(offset, size, CustomerFilter.Parse(parts[3]));
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }
        }
    }
}
