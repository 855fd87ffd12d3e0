using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace CspAdmin.Emulator
{
    /// <summary>One term an NCE availability can be bought with: a duration and the billing cycles offered for it.</summary>
    public sealed class NceTerm
    {
        internal NceTerm(string id, string duration, string billingCycle, string description)
        {
            Id = id;
            Duration = duration;
            BillingCycle = billingCycle;
            Description = description;
        }

        /// <summary>Opaque term id (12 lower-case letters and digits, like "5aeco6mffyxo" in Microsoft's example).</summary>
        public string Id { get; }
        /// <summary>ISO 8601: "P1M", "P1Y" or "P3Y".</summary>
        public string Duration { get; }
        /// <summary>Lower-case jscript enum as carts and subscriptions use it: "monthly", "annual" or "triennial".</summary>
        public string BillingCycle { get; }
        public string Description { get; }
    }

    /// <summary>
    /// The Partner Center new-commerce (license-based) catalog view of <see cref="ProductCatalog"/>: each catalog product is one
    /// product with one SKU and one availability ("productId:skuId:availabilityId" is its catalogItemId), sold in every country.
    /// Terms: P1M (monthly billing), P1Y (monthly or annual) and, for base products, P3Y (annual or triennial).
    /// </summary>
    public static class NceCatalog
    {
        public const int MinimumQuantity = 1;

        /// <summary>The product of an exact catalogItemId (case-insensitive), or null.</summary>
        public static CatalogProduct? FindByCatalogItemId(string? catalogItemId)
        {
            if (string.IsNullOrEmpty(catalogItemId))
            {
                return null;
            }

            foreach (var product in ProductCatalog.All)
            {
                if (string.Equals(product.NceOfferId, catalogItemId, StringComparison.OrdinalIgnoreCase))
                {
                    return product;
                }
            }

            return null;
        }

        public static CatalogProduct? FindByProductId(string? productId)
        {
            foreach (var product in ProductCatalog.All)
            {
                if (string.Equals(product.ProductId, productId, StringComparison.OrdinalIgnoreCase))
                {
                    return product;
                }
            }

            return null;
        }

        /// <summary>The terms of the product's availability.</summary>
        public static IReadOnlyList<NceTerm> Terms(CatalogProduct product)
        {
            var terms = new List<NceTerm>
            {
                Term(product, "P1M", "monthly", "One-Month commitment for monthly billing"),
                Term(product, "P1Y", "monthly", "One-Year commitment for monthly billing"),
                Term(product, "P1Y", "annual", "One-Year commitment for yearly billing"),
            };
            if (IsBase(product))
            {
                terms.Add(Term(product, "P3Y", "annual", "Three-Year commitment for yearly billing"));
                terms.Add(Term(product, "P3Y", "triennial", "Three-Year commitment for triennial billing"));
            }

            return terms;
        }

        /// <summary>Billing cycles of any term, in the order of Microsoft's example ("annual", "monthly", then "triennial").</summary>
        public static IReadOnlyList<string> SupportedBillingCycles(CatalogProduct product) =>
            IsBase(product) ? new[] { "annual", "monthly", "triennial" } : new[] { "annual", "monthly" };

        /// <summary>"productId:skuId" of the base products an add-on needs in the tenant (SKU dynamicAttributes.prerequisiteSkus).</summary>
        public static IReadOnlyList<string> PrerequisiteSkus(CatalogProduct product)
        {
            var result = new List<string>();
            foreach (var parent in product.AddOnParents)
            {
                var found = ProductCatalog.FindByPartNumber(parent);
                if (found != null)
                {
                    result.Add(found.ProductId + ":" + found.NceSkuId);
                }
            }

            return result;
        }

        /// <summary>
        /// Normalises a billing cycle as sent ("Monthly", "monthly", "ANNUAL", "one_time", "OneTime") to the lower-case jscript enum;
        /// a value that is no BillingCycleType member comes back lower-cased as it was.
        /// </summary>
        public static string NormalizeBillingCycle(string value)
        {
            var key = value.Replace("_", "").Trim().ToLowerInvariant();
            switch (key)
            {
                case "monthly": return "monthly";
                case "annual": return "annual";
                case "triennial": return "triennial";
                case "biennial": return "biennial";
                case "onetime": return "one_time";
                case "none": return "none";
                default: return value.Trim().ToLowerInvariant();
            }
        }

        /// <summary>ISO 8601 refund window of an NCE purchase (the 168-hour window as "P7D").</summary>
        public static string RefundWindow => "P" + ((int)SubscriptionTerms.NceWindow.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture) + "D";

        /// <summary>Currency code and symbol customers of a country are billed in (the local currency; euro in the euro area; else USD).</summary>
        public static (string Code, string Symbol) Currency(string? country)
        {
            switch ((country ?? "").ToUpperInvariant())
            {
                case "GB": return ("GBP", "£");
                case "SE": return ("SEK", "kr");
                case "DK": return ("DKK", "kr.");
                case "NO": return ("NOK", "kr");
                case "PL": return ("PLN", "zł");
                case "CH": return ("CHF", "CHF");
                case "CA": return ("CAD", "$");
                case "AU": return ("AUD", "$");
                case "JP": return ("JPY", "¥");
                case "AT": case "BE": case "CY": case "DE": case "EE": case "ES": case "FI": case "FR": case "GR": case "HR":
                case "IE": case "IT": case "LT": case "LU": case "LV": case "MT": case "NL": case "PT": case "SI": case "SK":
                    return ("EUR", "€");
                default: return ("USD", "$");
            }
        }

        private static bool IsBase(CatalogProduct product)
        {
            foreach (var partNumber in ProductCatalog.BaseProducts)
            {
                if (partNumber == product.SkuPartNumber)
                {
                    return true;
                }
            }

            return false;
        }

        private static NceTerm Term(CatalogProduct product, string duration, string billingCycle, string description) =>
            new NceTerm(TermId(product.NceOfferId + "|" + duration + "|" + billingCycle), duration, billingCycle, description);

        /// <summary>A stable opaque id: 12 base-36 characters of SHA-256 of the text.</summary>
        private static string TermId(string text)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                var builder = new StringBuilder(12);
                for (var i = 0; i < 12; i++)
                {
                    builder.Append(alphabet[hash[i] % alphabet.Length]);
                }

                return builder.ToString();
            }
        }
    }
}
