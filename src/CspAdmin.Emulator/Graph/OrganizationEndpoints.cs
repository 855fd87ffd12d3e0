using System;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>GET organization (a one-item collection) and organization/{id}.</summary>
    internal static class OrganizationEndpoints
    {
        public static EmulatorResponse List(GraphCall call) =>
            call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("organization"));
                w.WriteStartArray("value");
                w.WriteStartObject();
                WriteOrganization(w, call.Tenant);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });

        public static EmulatorResponse Get(GraphCall call)
        {
            if (!string.Equals(call.Route["id"], call.Tenant.Id, StringComparison.OrdinalIgnoreCase))
            {
                return call.NotFound(call.Route["id"]);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("organization/$entity"));
                WriteOrganization(w, call.Tenant);
                w.WriteEndObject();
            });
        }

        private static void WriteOrganization(Utf8JsonWriter w, TenantState tenant)
        {
            w.WriteString("id", tenant.Id);
            w.WriteStringArray("businessPhones", new[] { tenant.Address.PhoneNumber });
            w.WriteString("city", tenant.Address.City);
            w.WriteString("country", tenant.Address.Country);
            w.WriteString("countryLetterCode", tenant.CountryLetterCode);
            w.WriteDate("createdDateTime", tenant.CreatedDateTime);
            w.WriteString("displayName", tenant.DisplayName);
            w.WriteString("postalCode", tenant.Address.PostalCode);
            w.WriteString("preferredLanguage", tenant.PreferredLanguage);
            w.WriteString("state", tenant.Address.Region);
            w.WriteString("street", tenant.Address.AddressLine1);
            w.WriteString("tenantType", "AAD");
            w.WriteStringArray("technicalNotificationMails", new[] { tenant.Email });
            w.WriteStartArray("verifiedDomains");
            foreach (var domain in tenant.AllDomains())
            {
                var initial = string.Equals(domain, tenant.DefaultDomain, StringComparison.OrdinalIgnoreCase);
                w.WriteStartObject();
                w.WriteString("capabilities", initial ? "Email, OfficeCommunicationsOnline" : "Email");
                w.WriteBoolean("isDefault", initial);
                w.WriteBoolean("isInitial", initial);
                w.WriteString("name", domain);
                w.WriteString("type", "Managed");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }
}
