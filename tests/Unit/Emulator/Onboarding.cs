using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.EmulatorWrites;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Onboarding and GDAP helpers over <see cref="EmulatorClient"/>: request bodies, routes and lookups of the seeded prospects.</summary>
    internal static class Onboarding
    {
        public const string Gdap = "tenantRelationships/delegatedAdminRelationships";

        /// <summary>The seeded prospects (no relationship with "eu" or "us"), as the emulator README lists them.</summary>
        public static readonly (string Company, string DefaultDomain, string CustomDomain)[] Prospects =
        {
            ("Tailwind Traders", "tailwindtraders.onmicrosoft.com", "tailwindtraders.de"),
            ("Lakeshore Retail", "lakeshoreretail.onmicrosoft.com", "lakeshoreretail.nl"),
            ("Northwind Health", "northwindhealth.onmicrosoft.com", "northwindhealth.com"),
            ("Zava Outdoor", "zavaoutdoor.onmicrosoft.com", "zavaoutdoor.com"),
        };

        /// <summary>A POST customers body in the shape the client sends; a null argument leaves that property null.</summary>
        public static string NewCustomerJson(string domain, string? associatedPartnerId = null, string? email = "it@fernwood.example",
            string? companyName = "Fernwood Bakery", string? addressLine1 = "12 Orchard Lane", string? country = "US") =>
            Writes.Json(new Dictionary<string, object?>
            {
                ["companyProfile"] = new Dictionary<string, object?> { ["domain"] = domain },
                ["billingProfile"] = new Dictionary<string, object?>
                {
                    ["email"] = email,
                    ["culture"] = "en-US",
                    ["language"] = "en",
                    ["companyName"] = companyName,
                    ["defaultAddress"] = new Dictionary<string, object?>
                    {
                        ["country"] = country,
                        ["region"] = null,
                        ["city"] = "Redmond",
                        ["state"] = "WA",
                        ["addressLine1"] = addressLine1,
                        ["postalCode"] = "98052",
                        ["firstName"] = "Dana",
                        ["lastName"] = "Fern",
                        ["phoneNumber"] = "4255550101",
                    },
                },
                ["associatedPartnerId"] = associatedPartnerId,
            });

        public static Task<EmulatorReply> CreateCustomerAsync(this EmulatorClient client, string token, string json) =>
            client.PartnerCenterAsync("POST", "customers", token, json);

        public static Task<EmulatorReply> RelationshipRequestAsync(this EmulatorClient client, string token, string query = "") =>
            client.PartnerCenterAsync("GET", "customers/relationshiprequests" + query, token);

        /// <summary>GET (or another method on) a GDAP route of Graph, e.g. "" for the list or "/{id}/accessAssignments".</summary>
        public static Task<EmulatorReply> GdapAsync(this EmulatorClient client, string token, string path = "") =>
            client.GraphAsync("GET", Gdap + path, token);

        /// <summary>An app+user (or app-only) Graph token of the partner for its own tenant, where GDAP is managed.</summary>
        public static string PartnerGraphToken(this EmulatorClient client, EmulatedPartner partner, bool appOnly = false) =>
            client.GraphToken(partner, partner.TenantId, appOnly);

        public static TenantState TenantByDomain(this EmulatorClient client, string domain) =>
            client.Cloud.Read(s => s.FindTenantByDomain(domain))!;

        public static PartnerRelationshipState? RelationshipOf(this EmulatorClient client, string tenantId, EmulatedPartner partner) =>
            client.Cloud.Read(s => s.FindTenant(tenantId)!.RelationshipWith(partner.TenantId));

        /// <summary>Item ids of a Partner Center collection.</summary>
        public static List<string> Ids(this EmulatorReply collection) =>
            collection.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }
}
