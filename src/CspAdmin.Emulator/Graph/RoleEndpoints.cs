using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// roleManagement/directory: the built-in role definitions (<see cref="DirectoryRoles"/>) and the tenant's role assignments
    /// (list with $filter on principalId / roleDefinitionId, get, create, delete; $expand=principal,roleDefinition).
    /// Assignments of soft-deleted users are hidden until a restore.
    /// </summary>
    internal static class RoleEndpoints
    {
        private const string AssignmentType = "#microsoft.graph.unifiedRoleAssignment";
        private const string Conflict = "A conflicting object with one or more of the specified property values is present in the directory.";

        private static readonly Regex Clause = new Regex(@"^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, Func<DirectoryRole, string>> DefinitionFields = new Dictionary<string, Func<DirectoryRole, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = r => r.Id,
            ["templateId"] = r => r.Id,
            ["displayName"] = r => r.DisplayName,
            ["isBuiltIn"] = r => "true",
        };

        private static readonly Dictionary<string, Func<RoleAssignmentState, string>> AssignmentFields = new Dictionary<string, Func<RoleAssignmentState, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = a => a.Id,
            ["principalId"] = a => a.PrincipalId,
            ["roleDefinitionId"] = a => a.RoleDefinitionId,
            ["directoryScopeId"] = a => a.DirectoryScopeId,
        };

        public static EmulatorResponse ListDefinitions(GraphCall call)
        {
            if (!TryFilter(call, DefinitionFields, out var match, out var error))
            {
                return error!;
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("roleManagement/directory/roleDefinitions"));
                w.WriteStartArray("value");
                foreach (var role in DirectoryRoles.All.Where(match))
                {
                    w.WriteStartObject();
                    WriteDefinition(w, role);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse GetDefinition(GraphCall call)
        {
            var role = DirectoryRoles.Find(call.Route["id"]);
            if (role == null)
            {
                return call.NotFound(call.Route["id"]);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("roleManagement/directory/roleDefinitions/$entity"));
                WriteDefinition(w, role);
                w.WriteEndObject();
            });
        }

        /// <summary>All visible assignments, or those matching $filter=principalId eq '{id}' (roleDefinitionId, id; joined with "and").</summary>
        public static EmulatorResponse ListAssignments(GraphCall call)
        {
            if (!TryFilter(call, AssignmentFields, out var match, out var error))
            {
                return error!;
            }

            var expand = Expand(call);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("roleManagement/directory/roleAssignments"));
                w.WriteStartArray("value");
                foreach (var assignment in Visible(call.Tenant).Where(match))
                {
                    w.WriteStartObject();
                    WriteAssignment(w, call.Tenant, assignment, expand);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse GetAssignment(GraphCall call)
        {
            var id = call.Route["id"];
            var assignment = Visible(call.Tenant).FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));
            if (assignment == null)
            {
                return call.NotFound(id);
            }

            var expand = Expand(call);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("roleManagement/directory/roleAssignments/$entity"));
                WriteAssignment(w, call.Tenant, assignment, expand);
                w.WriteEndObject();
            });
        }

        /// <summary>
        /// 201 for {"@odata.type":"#microsoft.graph.unifiedRoleAssignment","principalId","roleDefinitionId","directoryScopeId":"/"}.
        /// Unknown role: 404; unknown or deleted principal, other scopes or a duplicate: 400.
        /// </summary>
        public static EmulatorResponse CreateAssignment(GraphCall call)
        {
            if (!call.TryReadObject(out var body, out var error))
            {
                return error!;
            }

            string? principalId = null, roleDefinitionId = null, scope = null;
            foreach (var property in body.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name)
                {
                    case "@odata.type":
                        if (!string.Equals(text, AssignmentType, StringComparison.OrdinalIgnoreCase))
                        {
                            return call.BadRequest($"Invalid @odata.type '{property.Value}'; expected '{AssignmentType}'.");
                        }

                        break;
                    case "principalId":
                        principalId = text ?? "";
                        break;
                    case "roleDefinitionId":
                        roleDefinitionId = text ?? "";
                        break;
                    case "directoryScopeId":
                        scope = text ?? "";
                        break;
                    default:
                        return call.BadRequest($"Property '{property.Name}' does not exist as a declared property or extension property.");
                }
            }

            if (string.IsNullOrEmpty(principalId))
            {
                return call.InvalidValue("principalId", "unifiedRoleAssignment");
            }

            if (string.IsNullOrEmpty(roleDefinitionId))
            {
                return call.InvalidValue("roleDefinitionId", "unifiedRoleAssignment");
            }

            if (scope != "/")
            {
                return call.InvalidValue("directoryScopeId", "unifiedRoleAssignment");
            }

            var role = DirectoryRoles.Find(roleDefinitionId);
            if (role == null)
            {
                return call.NotFound(roleDefinitionId!);
            }

            var principal = call.Tenant.FindUser(principalId);
            if (principal == null || !string.Equals(principal.Id, principalId, StringComparison.OrdinalIgnoreCase))
            {
                return call.BadRequest($"Invalid value specified for property 'principalId': no user with id '{principalId}' exists in the directory.");
            }

            if (call.Tenant.RoleAssignments.Any(a => string.Equals(a.PrincipalId, principal.Id, StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.RoleDefinitionId, role.Id, StringComparison.OrdinalIgnoreCase) && a.DirectoryScopeId == "/"))
            {
                return call.BadRequest(Conflict);
            }

            var assignment = RoleAssignmentState.For(role.Id, principal.Id, call.Now);
            call.Tenant.RoleAssignments.Add(assignment);
            return call.Created(call.Root + "roleManagement/directory/roleAssignments/" + assignment.Id, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("roleManagement/directory/roleAssignments/$entity"));
                WriteAssignment(w, call.Tenant, assignment, Array.Empty<string>());
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse DeleteAssignment(GraphCall call)
        {
            var id = call.Route["id"];
            if (call.Tenant.RoleAssignments.RemoveAll(a => string.Equals(a.Id, id, StringComparison.Ordinal)) == 0)
            {
                return call.NotFound(id);
            }

            return call.NoContent();
        }

        private static IEnumerable<RoleAssignmentState> Visible(TenantState tenant) =>
            tenant.RoleAssignments.Where(a => tenant.FindDeletedUser(a.PrincipalId) == null);

        private static void WriteDefinition(Utf8JsonWriter w, DirectoryRole role)
        {
            w.WriteString("id", role.Id);
            w.WriteString("description", role.Description);
            w.WriteString("displayName", role.DisplayName);
            w.WriteBoolean("isBuiltIn", true);
            w.WriteBoolean("isEnabled", true);
            w.WriteStringArray("resourceScopes", new[] { "/" });
            w.WriteString("templateId", role.Id);
            w.WriteString("version", "1");
            w.WriteStartArray("rolePermissions");
            w.WriteEndArray();
        }

        private static void WriteAssignment(Utf8JsonWriter w, TenantState tenant, RoleAssignmentState assignment, IReadOnlyCollection<string> expand)
        {
            w.WriteString("id", assignment.Id);
            w.WriteString("principalId", assignment.PrincipalId);
            w.WriteString("roleDefinitionId", assignment.RoleDefinitionId);
            w.WriteString("directoryScopeId", assignment.DirectoryScopeId);
            if (expand.Contains("principal"))
            {
                var user = tenant.FindUser(assignment.PrincipalId);
                if (user == null)
                {
                    w.WriteNull("principal");
                }
                else
                {
                    w.WriteStartObject("principal");
                    w.WriteString("@odata.type", "#microsoft.graph.user");
                    UserJson.WriteProperties(w, user, UserJson.DefaultProperties);
                    w.WriteEndObject();
                }
            }

            if (expand.Contains("roleDefinition"))
            {
                var role = DirectoryRoles.Find(assignment.RoleDefinitionId);
                if (role == null)
                {
                    w.WriteNull("roleDefinition");
                }
                else
                {
                    w.WriteStartObject("roleDefinition");
                    WriteDefinition(w, role);
                    w.WriteEndObject();
                }
            }
        }

        /// <summary>$expand values (principal, roleDefinition); others are ignored.</summary>
        private static IReadOnlyCollection<string> Expand(GraphCall call) =>
            (call.Request.Query["$expand"] ?? "").Split(',').Select(e => e.Trim()).Where(e => e == "principal" || e == "roleDefinition").ToList();

        /// <summary>$filter of "field eq 'value'" clauses joined with "and"; 400 for anything else.</summary>
        private static bool TryFilter<T>(GraphCall call, Dictionary<string, Func<T, string>> fields, out Func<T, bool> match, out EmulatorResponse? error)
        {
            match = _ => true;
            error = null;
            var filter = call.Request.Query["$filter"];
            if (string.IsNullOrWhiteSpace(filter))
            {
                return true;
            }

            var tests = new List<Func<T, bool>>();
            foreach (var text in Regex.Split(filter, @"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                var clause = Clause.Match(text);
                if (!clause.Success || !fields.TryGetValue(clause.Groups[1].Value, out var field))
                {
                    error = call.BadRequest($"Invalid filter clause: '{text.Trim()}'. Supported: {string.Join(", ", fields.Keys)} with 'eq', joined by 'and'.");
                    return false;
                }

                var value = clause.Groups[2].Success ? clause.Groups[2].Value.Replace("''", "'") : clause.Groups[3].Value;
                tests.Add(item => string.Equals(field(item), value, StringComparison.OrdinalIgnoreCase));
            }

            match = item => tests.All(t => t(item));
            return true;
        }
    }
}
