using System;
using System.Collections.Generic;
using System.Linq;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// The new-commerce catalog (see <see cref="NceCatalog"/>): GET products?country=&amp;targetView=OnlineServices,
    /// products/{productId}, .../skus[/{skuId}], .../availabilities[/{availabilityId}], each with ?country= (required).
    /// Every product is sold in every country and in the commercial segment only. Not found: 404 with the documented codes
    /// 400013 (product), 400018 (SKU), 400019 (availability).
    /// </summary>
    internal static class CatalogEndpoints
    {
        /// <summary>Documented target views other than OnlineServices: valid, but the emulator sells nothing in them.</summary>
        private static readonly string[] OtherViews =
        {
            "Azure", "AzureReservations", "AzureReservationsVM", "AzureReservationsSQL", "AzureReservationsCosmosDb", "AzureAzureReservationsVM",
            "MicrosoftAzure", "Software", "SoftwareSUSELinux", "SoftwarePerpetual", "SoftwareSubscriptions",
        };

        public static EmulatorResponse Products(PcCall call)
        {
            if (!TryCountry(call, out var country, out var error))
            {
                return error!;
            }

            var view = call.Request.Query["targetView"];
            if (string.IsNullOrWhiteSpace(view))
            {
                return PcErrors.Error(400, "InvalidInput", "targetView is required (OnlineServices lists the license-based products).");
            }

            IReadOnlyCollection<CatalogProduct> items;
            if (string.Equals(view, "OnlineServices", StringComparison.OrdinalIgnoreCase))
            {
                items = IsCommercial(call) ? ProductCatalog.All : Array.Empty<CatalogProduct>();
            }
            else if (OtherViews.Any(v => string.Equals(v, view, StringComparison.OrdinalIgnoreCase)))
            {
                items = Array.Empty<CatalogProduct>();
            }
            else
            {
                return PcErrors.Error(403, "400036", "Access to the requested targetView is not allowed.");
            }

            return PcJson.Collection(items, (w, p) => PcJson.Product(w, p, country), "/products" + call.Request.Uri.Query);
        }

        public static EmulatorResponse Product(PcCall call) =>
            Answer(call, needSku: false, needAvailability: false, (w, product, country) => PcJson.Product(w, product, country));

        public static EmulatorResponse Skus(PcCall call) =>
            AnswerCollection(call, needSku: false, "/skus", (w, product, country) => PcJson.Sku(w, product, country, MaximumQuantity(call)));

        public static EmulatorResponse Sku(PcCall call) =>
            Answer(call, needSku: true, needAvailability: false, (w, product, country) => PcJson.Sku(w, product, country, MaximumQuantity(call)));

        public static EmulatorResponse Availabilities(PcCall call) =>
            AnswerCollection(call, needSku: true, "/availabilities",
                (w, product, country) => PcJson.Availability(w, product, country, MaximumQuantity(call)));

        public static EmulatorResponse Availability(PcCall call) =>
            Answer(call, needSku: true, needAvailability: true,
                (w, product, country) => PcJson.Availability(w, product, country, MaximumQuantity(call)));

        /// <summary>Every SKU's maximumQuantity: the emulator's single quantity ceiling (PATCH uses it too).</summary>
        internal static int MaximumQuantity(PcCall call) => call.Cloud.Options.MaxSubscriptionQuantity;

        private static EmulatorResponse Answer(PcCall call, bool needSku, bool needAvailability,
            Action<System.Text.Json.Utf8JsonWriter, CatalogProduct, string> write)
        {
            var error = Resolve(call, needSku, needAvailability, out var product, out var country);
            return error ?? call.Ok(w =>
            {
                w.WriteStartObject();
                write(w, product!, country);
                w.WriteEndObject();
            });
        }

        /// <summary>A one-item collection (each product has one SKU, each SKU one availability in the emulator).</summary>
        private static EmulatorResponse AnswerCollection(PcCall call, bool needSku, string suffix,
            Action<System.Text.Json.Utf8JsonWriter, CatalogProduct, string> write)
        {
            var error = Resolve(call, needSku, needAvailability: false, out var product, out var country);
            if (error != null)
            {
                return error;
            }

            var items = IsCommercial(call) ? new[] { product! } : Array.Empty<CatalogProduct>();
            var path = "/products/" + product!.ProductId + (needSku ? "/skus/" + product.NceSkuId : "") + suffix;
            return PcJson.Collection(items, (w, p) => write(w, p, country), path + call.Request.Uri.Query);
        }

        /// <summary>The product (and SKU, availability) of the route, or the documented 404; the country is required.</summary>
        private static EmulatorResponse? Resolve(PcCall call, bool needSku, bool needAvailability, out CatalogProduct? product, out string country)
        {
            product = null;
            if (!TryCountry(call, out country, out var error))
            {
                return error;
            }

            product = NceCatalog.FindByProductId(call.Route["productId"]);
            if (product == null)
            {
                return PcErrors.Error(404, "400013", "Product not found.", call.Route["productId"]);
            }

            if (needSku && !string.Equals(product.NceSkuId, call.Route["skuId"], StringComparison.OrdinalIgnoreCase))
            {
                return PcErrors.Error(404, "400018", "Sku not found.", product.ProductId + ":" + call.Route["skuId"]);
            }

            if (needAvailability && !string.Equals(product.AvailabilityId, call.Route["availabilityId"], StringComparison.OrdinalIgnoreCase))
            {
                return PcErrors.Error(404, "400019", "Availability not found.",
                    product.ProductId + ":" + product.NceSkuId + ":" + call.Route["availabilityId"]);
            }

            return null;
        }

        /// <summary>?country= is required: an ISO 3166 alpha-2 code (returned upper-case).</summary>
        private static bool TryCountry(PcCall call, out string country, out EmulatorResponse? error)
        {
            country = (call.Request.Query["country"] ?? "").Trim().ToUpperInvariant();
            if (country.Length == 2 && country.All(c => c >= 'A' && c <= 'Z'))
            {
                error = null;
                return true;
            }

            error = PcErrors.Error(400, "InvalidInput", "The country query parameter is required: a two-letter ISO 3166 country code, e.g. country=US.");
            return false;
        }

        /// <summary>targetSegment (optional) other than commercial finds nothing: the emulator sells to commercial customers only.</summary>
        private static bool IsCommercial(PcCall call)
        {
            var segment = call.Request.Query["targetSegment"];
            return string.IsNullOrEmpty(segment) || string.Equals(segment, "commercial", StringComparison.OrdinalIgnoreCase);
        }
    }
}
