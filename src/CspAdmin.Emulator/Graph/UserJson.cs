using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>Writes users as Graph does: the documented default property set, or exactly the $select-ed properties.</summary>
    internal static class UserJson
    {
        /// <summary>Returned without $select (user-list.md), in Graph's order.</summary>
        public static readonly string[] DefaultProperties =
        {
            "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
            "preferredLanguage", "surname", "userPrincipalName", "id",
        };

        /// <summary>The deleted-items listing also shows when the user was deleted and the licenses a restore would bring back.</summary>
        public static readonly string[] DeletedItemProperties = DefaultProperties.Concat(new[] { "assignedLicenses", "deletedDateTime" }).ToArray();

        /// <summary>Profile properties that Graph refuses on the users collection with 501.</summary>
        private static readonly HashSet<string> ProfileOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aboutMe", "birthday", "hireDate", "interests", "mySite", "pastProjects", "preferredName", "responsibilities", "schools", "skills", "mailboxSettings",
        };

        private static readonly Dictionary<string, Action<Utf8JsonWriter, UserState>> Writers = BuildWriters();

        /// <summary>
        /// Every property of an active user (answers of assignLicense and restore, which return "the full user"): the defaults,
        /// then the rest in name order; deletedDateTime and the write-only passwordProfile are left out.
        /// </summary>
        public static readonly string[] FullProperties = DefaultProperties
            .Concat(Writers.Keys.Where(k => !DefaultProperties.Contains(k) && k != "deletedDateTime" && k != "passwordProfile").OrderBy(k => k, StringComparer.Ordinal))
            .ToArray();

        /// <summary>Whether <paramref name="name"/> is a user property the emulator knows (exact, camelCase).</summary>
        public static bool IsProperty(string name) => Writers.ContainsKey(name);

        /// <summary>Parses $select: canonical names, or the offending name in <paramref name="invalid"/>.</summary>
        public static string[]? ParseSelect(string? select, out string? invalid, out bool profileOnly)
        {
            invalid = null;
            profileOnly = false;
            if (select == null)
            {
                return null;
            }

            var result = new List<string>();
            foreach (var raw in select.Split(','))
            {
                var name = raw.Trim();
                if (name.Length == 0)
                {
                    continue;
                }

                if (ProfileOnly.Contains(name))
                {
                    invalid = name;
                    profileOnly = true;
                    return null;
                }

                var canonical = Writers.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                if (canonical == null)
                {
                    invalid = name;
                    return null;
                }

                if (!result.Contains(canonical))
                {
                    result.Add(canonical);
                }
            }

            return result.Count > 0 ? result.ToArray() : null;
        }

        public static void Write(Utf8JsonWriter writer, UserState user, IReadOnlyList<string> properties, bool withType = false)
        {
            writer.WriteStartObject();
            if (withType)
            {
                writer.WriteString("@odata.type", "#microsoft.graph.user");
            }

            WriteProperties(writer, user, properties);
            writer.WriteEndObject();
        }

        /// <summary>The properties only, into an object the caller has opened (single entities add @odata.context first).</summary>
        public static void WriteProperties(Utf8JsonWriter writer, UserState user, IReadOnlyList<string> properties)
        {
            foreach (var property in properties)
            {
                Writers[property](writer, user);
            }
        }

        private static Dictionary<string, Action<Utf8JsonWriter, UserState>> BuildWriters()
        {
            var writers = new Dictionary<string, Action<Utf8JsonWriter, UserState>>(StringComparer.Ordinal)
            {
                ["id"] = (w, u) => w.WriteString("id", u.Id),
                ["businessPhones"] = (w, u) => w.WriteStringArray("businessPhones", u.BusinessPhones),
                ["displayName"] = (w, u) => Str(w, "displayName", u.DisplayName),
                ["givenName"] = (w, u) => Str(w, "givenName", u.GivenName),
                ["jobTitle"] = (w, u) => Str(w, "jobTitle", u.JobTitle),
                ["mail"] = (w, u) => Str(w, "mail", u.Mail),
                ["mobilePhone"] = (w, u) => Str(w, "mobilePhone", u.MobilePhone),
                ["officeLocation"] = (w, u) => Str(w, "officeLocation", u.OfficeLocation),
                ["preferredLanguage"] = (w, u) => Str(w, "preferredLanguage", u.PreferredLanguage),
                ["surname"] = (w, u) => Str(w, "surname", u.Surname),
                ["userPrincipalName"] = (w, u) => Str(w, "userPrincipalName", u.UserPrincipalName),
                ["accountEnabled"] = (w, u) => w.WriteBoolean("accountEnabled", u.AccountEnabled),
                ["usageLocation"] = (w, u) => Str(w, "usageLocation", u.UsageLocation),
                ["mailNickname"] = (w, u) => Str(w, "mailNickname", u.MailNickname),
                ["department"] = (w, u) => Str(w, "department", u.Department),
                ["companyName"] = (w, u) => Str(w, "companyName", u.CompanyName),
                ["city"] = (w, u) => Str(w, "city", u.City),
                ["country"] = (w, u) => Str(w, "country", u.Country),
                ["state"] = (w, u) => Str(w, "state", u.State),
                ["streetAddress"] = (w, u) => Str(w, "streetAddress", u.StreetAddress),
                ["postalCode"] = (w, u) => Str(w, "postalCode", u.PostalCode),
                ["userType"] = (w, u) => Str(w, "userType", u.UserType),
                ["createdDateTime"] = (w, u) => w.WriteDate("createdDateTime", u.CreatedDateTime),
                ["deletedDateTime"] = (w, u) => w.WriteDate("deletedDateTime", u.DeletedDateTime),
                ["assignedLicenses"] = WriteAssignedLicenses,
                ["assignedPlans"] = WriteAssignedPlans,
                ["otherMails"] = (w, u) => w.WriteStringArray("otherMails", Array.Empty<string>()),
                ["proxyAddresses"] = (w, u) => w.WriteStringArray("proxyAddresses", u.Mail == null ? Array.Empty<string>() : new[] { "SMTP:" + u.Mail }),
                ["onPremisesSyncEnabled"] = (w, u) => w.WriteNull("onPremisesSyncEnabled"),
                ["lastPasswordChangeDateTime"] = (w, u) => w.WriteDate("lastPasswordChangeDateTime", u.LastPasswordChangeDateTime),
                ["licenseAssignmentStates"] = WriteLicenseAssignmentStates,
                // Write-only: Graph answers null when it is selected.
                ["passwordProfile"] = (w, u) => w.WriteNull("passwordProfile"),
            };
            return writers;
        }

        private static void Str(Utf8JsonWriter writer, string name, string? value)
        {
            if (value == null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }

        private static void WriteAssignedLicenses(Utf8JsonWriter writer, UserState user)
        {
            writer.WriteStartArray("assignedLicenses");
            foreach (var license in user.AssignedLicenses)
            {
                writer.WriteStartObject();
                writer.WriteStringArray("disabledPlans", license.DisabledPlans);
                writer.WriteString("skuId", license.SkuId);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        /// <summary>Direct assignments in effect ("Active") and licenses that could not be applied ("Error", e.g. CountViolation).</summary>
        private static void WriteLicenseAssignmentStates(Utf8JsonWriter writer, UserState user)
        {
            writer.WriteStartArray("licenseAssignmentStates");
            foreach (var license in user.AssignedLicenses)
            {
                WriteLicenseAssignmentState(writer, license.SkuId, license.DisabledPlans, "Active", "None", license.AssignedDateTime);
            }

            foreach (var error in user.LicenseErrors)
            {
                WriteLicenseAssignmentState(writer, error.SkuId, error.DisabledPlans, "Error", error.Error, error.LastUpdatedDateTime);
            }

            writer.WriteEndArray();
        }

        private static void WriteLicenseAssignmentState(Utf8JsonWriter writer, string skuId, IEnumerable<string> disabledPlans, string state, string error,
            DateTimeOffset lastUpdated)
        {
            writer.WriteStartObject();
            writer.WriteNull("assignedByGroup");
            writer.WriteStringArray("disabledPlans", disabledPlans);
            writer.WriteString("error", error);
            writer.WriteDate("lastUpdatedDateTime", lastUpdated);
            writer.WriteString("skuId", skuId);
            writer.WriteString("state", state);
            writer.WriteEndObject();
        }

        private static void WriteAssignedPlans(Utf8JsonWriter writer, UserState user)
        {
            writer.WriteStartArray("assignedPlans");
            foreach (var license in user.AssignedLicenses)
            {
                var product = ProductCatalog.FindBySkuId(license.SkuId);
                if (product == null)
                {
                    continue;
                }

                foreach (var plan in product.ServicePlans)
                {
                    writer.WriteStartObject();
                    writer.WriteDate("assignedDateTime", license.AssignedDateTime);
                    writer.WriteString("capabilityStatus", license.DisabledPlans.Contains(plan.Id) ? "Deleted" : "Enabled");
                    writer.WriteString("service", plan.Service);
                    writer.WriteString("servicePlanId", plan.Id);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }
    }
}
