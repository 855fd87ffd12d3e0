using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// GDAP as the partner sees it (tenantRelationships/delegatedAdminRelationships), called in the partner tenant: the list
    /// ($filter=customer/tenantId eq '{id}', $top up to 300, @odata.nextLink paging), one relationship and its access assignments.
    /// Only the calling partner's relationships exist here; an active relationship past its end reads "expired".
    /// </summary>
    internal static class GdapEndpoints
    {
        private const int DefaultPageSize = 100;
        private const int MaxPageSize = 300;
        private const string SkipTokenPrefix = "R2RhcA";
        private const string RelationshipsPath = "tenantRelationships/delegatedAdminRelationships";

        private static readonly Regex CustomerFilter = new Regex(@"^\s*customer/tenantId\s+eq\s+'([^']*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static EmulatorResponse ListRelationships(GraphCall call)
        {
            var query = call.Request.Query;
            string? customerId = null;
            var filter = query["$filter"];
            if (filter != null)
            {
                var match = CustomerFilter.Match(filter);
                if (!match.Success)
                {
                    return call.Error(400, "BadRequest", $"The $filter '{filter}' is not supported; use customer/tenantId eq '{{customer tenant id}}'.");
                }

                customerId = match.Groups[1].Value;
            }

            var top = DefaultPageSize;
            var topText = query["$top"];
            if (topText != null && (!int.TryParse(topText, NumberStyles.Integer, CultureInfo.InvariantCulture, out top) || top < 1 || top > MaxPageSize))
            {
                return call.Error(400, "BadRequest", $"Invalid page size specified: '{topText}'. Must be between 1 and {MaxPageSize} inclusive.");
            }

            var offset = 0;
            var skipToken = query["$skiptoken"];
            if (skipToken != null && !TryReadSkipToken(skipToken, out offset))
            {
                return call.Error(400, "BadRequest", "The $skiptoken is invalid or expired.");
            }

            var all = Relationships(call)
                .Where(r => customerId == null || string.Equals(r.Customer.Id, customerId, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var page = all.Skip(offset).Take(top).ToList();
            var nextLink = offset + page.Count < all.Count ? call.NextLink(SkipToken(offset + page.Count)) : null;
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context(RelationshipsPath));
                if (nextLink != null)
                {
                    w.WriteString("@odata.nextLink", nextLink);
                }

                w.WriteStartArray("value");
                foreach (var (customer, gdap) in page)
                {
                    w.WriteStartObject();
                    WriteRelationship(w, customer, gdap, call.Now);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse GetRelationship(GraphCall call)
        {
            if (!TryRouteRelationship(call, out var customer, out var gdap, out var notFound))
            {
                return notFound!;
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context(RelationshipsPath + "/$entity"));
                WriteRelationship(w, customer, gdap, call.Now);
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse ListAccessAssignments(GraphCall call)
        {
            if (!TryRouteRelationship(call, out _, out var gdap, out var notFound))
            {
                return notFound!;
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context(RelationshipsPath + "('" + gdap.Id + "')/accessAssignments"));
                w.WriteStartArray("value");
                foreach (var assignment in gdap.AccessAssignments)
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.type", "#microsoft.graph.delegatedAdminAccessAssignment");
                    w.WriteString("@odata.etag", Etag(assignment.Id, assignment.LastModifiedDateTime));
                    w.WriteString("id", assignment.Id);
                    w.WriteString("status", assignment.Status);
                    w.WriteDate("createdDateTime", assignment.CreatedDateTime);
                    w.WriteDate("lastModifiedDateTime", assignment.LastModifiedDateTime);
                    w.WriteStartObject("accessContainer");
                    w.WriteString("accessContainerId", assignment.SecurityGroupId);
                    w.WriteString("accessContainerType", "securityGroup");
                    w.WriteEndObject();
                    WriteAccessDetails(w, assignment.RoleDefinitionIds);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        /// <summary>The calling partner's GDAP relationships (the token's tenant is the partner tenant), in tenant order.</summary>
        private static IEnumerable<(TenantState Customer, GdapRelationshipState Gdap)> Relationships(GraphCall call)
        {
            foreach (var tenant in call.Cloud.State.Tenants)
            {
                var gdap = tenant.Kind == TenantKinds.Customer ? tenant.RelationshipWith(call.Tenant.Id)?.Gdap : null;
                if (gdap != null)
                {
                    yield return (tenant, gdap);
                }
            }
        }

        private static bool TryRouteRelationship(GraphCall call, out TenantState customer, out GdapRelationshipState gdap, out EmulatorResponse? notFound)
        {
            var id = call.Route["id"];
            foreach (var candidate in Relationships(call))
            {
                if (string.Equals(candidate.Gdap.Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    (customer, gdap, notFound) = (candidate.Customer, candidate.Gdap, null);
                    return true;
                }
            }

            (customer, gdap, notFound) = (null!, null!, call.NotFound(id));
            return false;
        }

        private static void WriteRelationship(Utf8JsonWriter w, TenantState customer, GdapRelationshipState gdap, DateTimeOffset now)
        {
            var lastModified = gdap.LastModified();
            w.WriteString("@odata.type", "#microsoft.graph.delegatedAdminRelationship");
            w.WriteString("@odata.etag", Etag(gdap.Id, lastModified));
            w.WriteString("id", gdap.Id);
            w.WriteString("displayName", gdap.DisplayName);
            w.WriteString("duration", gdap.Duration);
            w.WriteString("status", gdap.StatusAt(now));
            w.WriteString("autoExtendDuration", gdap.AutoExtendDuration);
            w.WriteDate("createdDateTime", gdap.CreatedDateTime);
            w.WriteDate("lastModifiedDateTime", lastModified);
            w.WriteDate("activatedDateTime", gdap.ActivatedDateTime);
            w.WriteDate("endDateTime", gdap.EndDateTime);
            w.WriteStartObject("customer");
            w.WriteString("tenantId", customer.Id);
            w.WriteString("displayName", customer.DisplayName);
            w.WriteEndObject();
            WriteAccessDetails(w, gdap.RoleDefinitionIds);
        }

        private static void WriteAccessDetails(Utf8JsonWriter w, IEnumerable<string> roleDefinitionIds)
        {
            w.WriteStartObject("accessDetails");
            w.WriteStartArray("unifiedRoles");
            foreach (var role in roleDefinitionIds)
            {
                w.WriteStartObject();
                w.WriteString("roleDefinitionId", role);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>A weak etag that changes with the last modification, like W/"JyIwMzAw…Jw==".</summary>
        private static string Etag(string id, DateTimeOffset lastModified) =>
            "W/\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("'\"" + id + "-" + lastModified.UtcTicks.ToString(CultureInfo.InvariantCulture) + "\"'")) + "\"";

        private static string SkipToken(int offset) =>
            SkipTokenPrefix + Base64Url.Encode(Encoding.UTF8.GetBytes("g1|" + offset.ToString(CultureInfo.InvariantCulture)));

        private static bool TryReadSkipToken(string text, out int offset)
        {
            offset = 0;
            var bytes = text.StartsWith(SkipTokenPrefix, StringComparison.Ordinal) ? Base64Url.TryDecode(text.Substring(SkipTokenPrefix.Length)) : null;
            var parts = bytes == null ? null : Encoding.UTF8.GetString(bytes).Split('|');
            return parts != null && parts.Length == 2 && parts[0] == "g1"
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out offset) && offset >= 0;
        }
    }
}
