using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// The products the emulator sells. SKU GUIDs, part numbers and service plans are taken from Microsoft's
    /// "Product names and service plan identifiers for licensing" table (a subset of each product's plans).
    /// NCE product ids follow the public catalog where known; availability ids and legacy offer ids are illustrative.
    /// </summary>
    public static class ProductCatalog
    {
        // Service plans shared by several products (CSV Service_Plan_Name, Service_Plan_Id, friendly name).
        private static readonly CatalogServicePlan ExchangePlan1 = Plan("EXCHANGE_S_STANDARD", "9aaf7827-d63c-4b61-89c3-182f06f82e5c", "Exchange Online (Plan 1)", "exchange");
        private static readonly CatalogServicePlan ExchangePlan2 = Plan("EXCHANGE_S_ENTERPRISE", "efb87545-963c-4e0d-99df-69c6916d9eb0", "Exchange Online (Plan 2)", "exchange");
        private static readonly CatalogServicePlan ExchangeFoundation = Plan("EXCHANGE_S_FOUNDATION", "113feb6c-3fe4-4440-bddc-54d774bf0318", "Exchange Foundation", "exchange", "Company");
        private static readonly CatalogServicePlan AppsForEnterprise = Plan("OFFICESUBSCRIPTION", "43de0ff5-c92c-492b-9116-175376d08c38", "Microsoft 365 Apps for enterprise", "MicrosoftOffice");
        private static readonly CatalogServicePlan AppsForBusiness = Plan("OFFICE_BUSINESS", "094e7854-93fc-4d55-b2c0-3ab5369ebdc1", "Microsoft 365 Apps for business", "MicrosoftOffice");
        private static readonly CatalogServicePlan SharePointPlan1 = Plan("SHAREPOINTSTANDARD", "c7699d2e-19aa-44de-8edf-1736da088ca1", "SharePoint (Plan 1)", "SharePoint");
        private static readonly CatalogServicePlan SharePointPlan2 = Plan("SHAREPOINTENTERPRISE", "5dbe027f-2339-4123-9542-606e4d348a72", "SharePoint (Plan 2)", "SharePoint");
        private static readonly CatalogServicePlan OfficeForTheWeb = Plan("SHAREPOINTWAC", "e95bec33-7c88-4a70-8e19-b10bd9d0c014", "Office for the Web", "SharePoint");
        private static readonly CatalogServicePlan Teams = Plan("TEAMS1", "57ff2da0-773e-42df-b2af-ffb7a2317929", "Microsoft Teams", "TeamspaceAPI");
        private static readonly CatalogServicePlan Sway = Plan("SWAY", "a23b959c-7ce8-4e57-9140-b90eb88a9e97", "Sway", "Sway");
        private static readonly CatalogServicePlan EntraP1 = Plan("AAD_PREMIUM", "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "Microsoft Entra ID P1", "AADPremiumService");
        private static readonly CatalogServicePlan EntraP2 = Plan("AAD_PREMIUM_P2", "eec0eb4f-6444-4f95-aba0-50c24d67f998", "Microsoft Entra ID P2", "AADPremiumService");
        private static readonly CatalogServicePlan Intune = Plan("INTUNE_A", "c1ec4a95-1f05-45b3-a911-aa3fa01094f5", "Microsoft Intune Plan 1", "SCO");
        private static readonly CatalogServicePlan PhoneSystem = Plan("MCOEV", "4828c8ec-dc2e-4779-b502-87ac9ce28ab7", "Microsoft 365 Phone System", "MicrosoftCommunicationsOnline");
        private static readonly CatalogServicePlan Defender365 = Plan("MTP", "bf28f719-7844-4079-9c78-c1307898e192", "Microsoft 365 Defender", "M365Defender");
        private static readonly CatalogServicePlan DefenderOffice1 = Plan("ATP_ENTERPRISE", "f20fedf3-f3c3-43c3-8267-2bfdd51c0939", "Microsoft Defender for Office 365 (Plan 1)", "exchange");
        private static readonly CatalogServicePlan DefenderEndpoint = Plan("WINDEFATP", "871d91ec-ec1a-452b-a83f-bd76c7d770ef", "Microsoft Defender for Endpoint", "WindowsDefenderATP");
        private static readonly CatalogServicePlan RightsManagement = Plan("RMS_S_ENTERPRISE", "bea4c11e-220a-4e6d-8eb8-8ea15d019f90", "Azure Rights Management", "RMSOnline");
        private static readonly CatalogServicePlan SkypePlan2 = Plan("MCOSTANDARD", "0feaeb32-d00e-4d66-bd5a-43b5b83db82c", "Skype for Business Online (Plan 2)", "MicrosoftCommunicationsOnline");

        private static readonly CatalogProduct[] Products =
        {
            new CatalogProduct("ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900", "Office 365 E3", "CFQ7TTC0LF8Q:0001:CFQ7TTC0K1J2",
                "796B6B5F-613C-4E24-A17C-EBA730D49C02",
                new[] { ExchangePlan2, AppsForEnterprise, SharePointPlan2, Teams, Sway, RightsManagement }),
            new CatalogProduct("SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965", "Microsoft 365 E3", "CFQ7TTC0LFLX:0001:CFQ7TTC0K5CZ",
                "A61BF1C1-0F2E-4B87-9A3C-4D1E5F60E3A1",
                new[] { ExchangePlan2, AppsForEnterprise, SharePointPlan2, Teams, EntraP1, Intune,
                        Plan("MDE_LITE", "292cc034-7b7c-4950-aaf5-943befd3f1d4", "Microsoft Defender for Endpoint Plan 1", "WindowsDefenderATP") }),
            new CatalogProduct("SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06", "Microsoft 365 E5", "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS",
                "B8C3E7D2-5A14-4F09-8E61-2C7D9A0F5E52",
                new[] { ExchangePlan2, AppsForEnterprise, Teams, PhoneSystem, Defender365, DefenderEndpoint, EntraP2,
                        Plan("MCOMEETADV", "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40", "Microsoft 365 Audio Conferencing", "MicrosoftCommunicationsOnline") }),
            new CatalogProduct("SPB", "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", "Microsoft 365 Business Premium", "CFQ7TTC0LCHC:0002:CFQ7TTC0K7Q8",
                "031C9E47-4802-4248-838E-778FB1D2CC05",
                new[] { ExchangePlan1, AppsForBusiness, SharePointPlan1, Teams, EntraP1, Intune, DefenderOffice1,
                        Plan("EXCHANGE_S_ARCHIVE_ADDON", "176a09a6-7ec5-4039-ac02-b2791c6ba793", "Exchange Online Archiving", "exchange") }),
            new CatalogProduct("O365_BUSINESS_PREMIUM", "f245ecc8-75af-4f8e-b61f-27d8114de5f3", "Microsoft 365 Business Standard", "CFQ7TTC0LDPB:0001:CFQ7TTC0LGNT",
                "5C9FD4CC-EDCE-44A8-8E91-07DF09744609",
                new[] { ExchangePlan1, AppsForBusiness, SharePointPlan1, Teams, Sway, SkypePlan2 }),
            new CatalogProduct("O365_BUSINESS_ESSENTIALS", "3b555118-da6a-4418-894f-7df1e2096870", "Microsoft 365 Business Basic", "CFQ7TTC0LH18:0001:CFQ7TTC0LGT2",
                "BD938F12-058F-4927-BBA3-AE36B1D2501C",
                new[] { ExchangePlan1, SharePointPlan1, OfficeForTheWeb, Teams, Sway,
                        Plan("FORMS_PLAN_E1", "159f4cd6-e380-449f-a816-af1a9ef76344", "Microsoft Forms (Plan E1)", "OfficeForms") }),
            new CatalogProduct("EMS", "efccb6f7-5641-4e0e-bd10-b4976e1bf68e", "Enterprise Mobility + Security E3", "CFQ7TTC0LFK5:0001:CFQ7TTC0K3DQ",
                "C7E1D9A4-3B62-4E18-9F05-6A8B2D4C7E13",
                new[] { EntraP1, Intune, RightsManagement,
                        Plan("RMS_S_PREMIUM", "6c57d4b6-3b23-47a5-9bc9-69f17b4947b3", "Azure Information Protection Premium P1", "RMSOnline"),
                        Plan("MFA_PREMIUM", "8a256a2b-b617-496d-b51b-e76466e88db0", "Microsoft Azure Multi-Factor Authentication", "MultiFactorService") }),
            new CatalogProduct("EXCHANGESTANDARD", "4b9405b0-7788-4568-add1-99614e613b69", "Exchange Online (Plan 1)", "CFQ7TTC0LH16:0001:CFQ7TTC0LGQ1",
                "195416C1-3447-423A-B37B-EE59A99A19C4",
                new[] { ExchangePlan1,
                        Plan("INTUNE_O365", "882e1d05-acd1-4ccb-8708-6ee03664b117", "Mobile Device Management for Office 365", "SCO"),
                        Plan("BPOS_S_TODO_1", "5e62787c-c316-451f-b873-1d05acd4d12c", "To-Do (Plan 1)", "ProcessSimple") }),
            new CatalogProduct("POWER_BI_PRO", "f8a1db68-be16-40ed-86d5-cb42ce701560", "Power BI Pro", "CFQ7TTC0L3PB:0001:CFQ7TTC0KXG6",
                "D2E6F8A0-7C34-4B5D-A1E9-3F0B6C8D2A24",
                new[] { ExchangeFoundation, Plan("BI_AZURE_P2", "70d33638-9c74-4d01-bfd3-562de28bd4ba", "Power BI Pro", "ProcessSimple") }),
            new CatalogProduct("VISIOCLIENT", "c5928f49-12ba-48f7-ada3-0d743a3601d5", "Visio Plan 2", "CFQ7TTC0HD33:0003:CFQ7TTC0K0J1",
                "E3F7A9B1-8D45-4C6E-B2FA-4A1C7D9E3B35",
                new[] { ExchangeFoundation,
                        Plan("ONEDRIVE_BASIC", "da792a53-cbc0-4184-a10d-e544dd34b3c1", "OneDrive for Business Basic", "SharePoint"),
                        Plan("VISIO_CLIENT_SUBSCRIPTION", "663a804f-1c30-4ff0-9915-9db84f0d1cea", "Visio Desktop App", "Visio"),
                        Plan("VISIOONLINE", "2bdbaf8f-738f-4ac7-9234-3c3ee2ce7d0f", "Visio Web App", "Visio") }),
            new CatalogProduct("PROJECTPROFESSIONAL", "53818b1b-4a27-454b-8896-0dba576410e6", "Planner and Project Plan 3", "CFQ7TTC0HDN1:0002:CFQ7TTC0K2ZL",
                "F4A8B0C2-9E56-4D7F-83AB-5B2D8E0F4C46",
                new[] { ExchangeFoundation, SharePointPlan2,
                        Plan("PROJECT_CLIENT_SUBSCRIPTION", "fafd7243-e5c1-4a3a-9e40-495efcb1d3c3", "Project Online Desktop Client", "ProjectWorkManagement"),
                        Plan("SHAREPOINT_PROJECT", "fe71d6c3-a2ea-4499-9778-da042bf08063", "Project Online Service", "ProjectWorkManagement"),
                        Plan("PROJECT_PROFESSIONAL", "818523f5-016b-4355-9be8-ed6944946ea7", "Project P3", "ProjectWorkManagement") }),
            new CatalogProduct("MCOEV", "e43b5b99-8dfb-405f-9987-dc307f34bcbd", "Microsoft Teams Phone Standard", "CFQ7TTC0J1FV:0002:CFQ7TTC0K9HM",
                "0A5B9C1D-2F67-4E80-94BC-6C3E9F1A5D57",
                new[] { PhoneSystem }, isAddOn: true, addOnParents: new[] { "ENTERPRISEPACK", "SPE_E3", "SPB", "O365_BUSINESS_PREMIUM" }),
            new CatalogProduct("IDENTITY_THREAT_PROTECTION", "26124093-3d78-432b-b5dc-48bf992543d5", "Microsoft 365 E5 Security", "CFQ7TTC0LFK6:0001:CFQ7TTC0K7BR",
                "1B6C0D2E-3A78-4F91-A5CD-7D4F0A2B6E68",
                new[] { Defender365, DefenderOffice1, DefenderEndpoint, EntraP2,
                        Plan("THREAT_INTELLIGENCE", "8e0c0a52-6a6c-4d40-8370-dd62790dcd70", "Microsoft Defender for Office 365 (Plan 2)", "exchange"),
                        Plan("ATA", "14ab5db5-e6c4-4b20-b4bc-13e36fd2227f", "Microsoft Defender for Identity", "AzureAdvancedThreatAnalytics") },
                isAddOn: true, addOnParents: new[] { "SPE_E3", "ENTERPRISEPACK" }),
            new CatalogProduct("EXCHANGEARCHIVE_ADDON", "ee02fd1b-340e-4a4b-b355-4a514e4c8943", "Exchange Online Archiving for Exchange Online", "CFQ7TTC0LH0R:0001:CFQ7TTC0K8D2",
                "2828BE95-46BA-4F91-B2FD-0BEF192ECF60",
                new[] { Plan("EXCHANGE_S_ARCHIVE_ADDON", "176a09a6-7ec5-4039-ac02-b2791c6ba793", "Exchange Online Archiving for Exchange Online", "exchange") },
                isAddOn: true, addOnParents: new[] { "EXCHANGESTANDARD", "O365_BUSINESS_ESSENTIALS", "O365_BUSINESS_PREMIUM" }),
        };

        private static readonly Dictionary<string, CatalogProduct> BySkuId = Index(p => p.SkuId);
        private static readonly Dictionary<string, CatalogProduct> ByPartNumber = Index(p => p.SkuPartNumber);

        public static IReadOnlyList<CatalogProduct> All => Products;

        /// <summary>Products that can be a customer's main license.</summary>
        public static readonly IReadOnlyList<string> BaseProducts = new[]
        {
            "ENTERPRISEPACK", "SPE_E3", "SPE_E5", "SPB", "O365_BUSINESS_PREMIUM", "O365_BUSINESS_ESSENTIALS",
        };

        /// <summary>Stand-alone extras (not add-ons).</summary>
        public static readonly IReadOnlyList<string> ExtraProducts = new[]
        {
            "EMS", "EXCHANGESTANDARD", "POWER_BI_PRO", "VISIOCLIENT", "PROJECTPROFESSIONAL",
        };

        public static CatalogProduct? FindBySkuId(string? skuId) =>
            skuId != null && BySkuId.TryGetValue(skuId, out var product) ? product : null;

        public static CatalogProduct? FindByPartNumber(string? skuPartNumber) =>
            skuPartNumber != null && ByPartNumber.TryGetValue(skuPartNumber, out var product) ? product : null;

        /// <summary>The product behind an offer id: NCE "productId:skuId[:availabilityId]" or a legacy offer GUID.</summary>
        public static CatalogProduct? FindByOfferId(string? offerId)
        {
            if (string.IsNullOrEmpty(offerId))
            {
                return null;
            }

            foreach (var product in Products)
            {
                if (string.Equals(product.LegacyOfferId, offerId, StringComparison.OrdinalIgnoreCase)
                    || offerId!.StartsWith(product.ProductId + ":" + product.NceSkuId, StringComparison.OrdinalIgnoreCase))
                {
                    return product;
                }
            }

            return null;
        }

        public static CatalogProduct Get(string skuPartNumber) =>
            FindByPartNumber(skuPartNumber) ?? throw new ArgumentException($"'{skuPartNumber}' is not in the emulator catalog.", nameof(skuPartNumber));

        private static CatalogServicePlan Plan(string name, string id, string friendlyName, string service, string appliesTo = "User") =>
            new CatalogServicePlan(name, id, friendlyName, service, appliesTo);

        private static Dictionary<string, CatalogProduct> Index(Func<CatalogProduct, string> key)
        {
            var index = new Dictionary<string, CatalogProduct>(StringComparer.OrdinalIgnoreCase);
            foreach (var product in Products)
            {
                index[key(product)] = product;
            }

            return index;
        }
    }

    /// <summary>Entra built-in role template ids a partner holds through GDAP.</summary>
    public static class GdapRoles
    {
        /// <summary>Grants everything (every write route accepts it).</summary>
        public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
        public const string LicenseAdministrator = "4d6ac14f-3453-41d0-bef9-a3e0c569773a";
        public const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
        public const string DirectoryReaders = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    }
}
