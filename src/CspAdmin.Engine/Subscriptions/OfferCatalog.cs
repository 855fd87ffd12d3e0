using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Subscriptions
{
    /// <summary>The new-commerce license catalog of a country: product, SKU and availability, flattened into offers.</summary>
    public static class OfferCatalog
    {
        /// <summary>The country whose catalog Get-CspOffer reads when none is given.</summary>
        public const string DefaultCountry = "US";

        public static async Task<IReadOnlyList<Offer>> ListAsync(CspConnection connection, string country, ProductCatalog catalog, CancellationToken cancellationToken) =>
            await StreamAsync(connection, country, catalog, cancellationToken).ToListAsync().ConfigureAwait(false);

        /// <summary>The offers as Partner Center describes them, one product at a time (a whole catalog takes many calls).</summary>
        public static async IAsyncEnumerable<Offer> StreamAsync(CspConnection connection, string country, ProductCatalog catalog,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var product in await connection.PartnerCenter.ListProductsAsync(country, cancellationToken).ToListAsync().ConfigureAwait(false))
            {
                foreach (var sku in await connection.PartnerCenter.ListSkusAsync(product.Id!, country, cancellationToken).ToListAsync().ConfigureAwait(false))
                {
                    var entraSku = Attribute(sku, "provisioningId");
                    foreach (var availability in await connection.PartnerCenter.ListAvailabilitiesAsync(product.Id!, sku.Id!, country, cancellationToken).ToListAsync().ConfigureAwait(false))
                    {
                        var known = catalog.Find(entraSku);
                        yield return new Offer
                        {
                            OfferId = availability.CatalogItemId ?? $"{product.Id}:{sku.Id}:{availability.Id}",
                            Name = sku.Title ?? product.Title ?? "",
                            Product = known?.DisplayName,
                            SkuPartNumber = known?.SkuPartNumber ?? Attribute(sku, "skuPartNumber"),
                            SkuId = entraSku,
                            TermDurations = availability.Terms.Select(t => t.Duration ?? "").Where(d => d.Length > 0).Distinct().ToArray(),
                            BillingCycles = availability.Terms.Select(t => (t.BillingCycle ?? "").ToLowerInvariant()).Where(b => b.Length > 0).Distinct().ToArray(),
                            Terms = availability.Terms.Select(t => $"{t.Duration} {(t.BillingCycle ?? "").ToLowerInvariant()}").Distinct().ToArray(),
                            MinimumQuantity = sku.MinimumQuantity,
                            MaximumQuantity = sku.MaximumQuantity,
                            IsTrial = sku.IsTrial,
                            Country = country.ToUpperInvariant(),
                            Profile = connection.Name,
                        };
                    }
                }
            }
        }

        /// <summary>
        /// The offer a name means: catalog item id, else part number, else product name. A name that fits several
        /// offers is refused (OfferAmbiguous) rather than guessed: buying the wrong one is a commitment.
        /// </summary>
        public static Offer Resolve(IReadOnlyList<Offer> offers, string name)
        {
            var text = name.Trim();
            var exact = offers.FirstOrDefault(o => string.Equals(o.OfferId, text, StringComparison.OrdinalIgnoreCase));
            if (exact != null)
            {
                return exact;
            }

            var byPart = offers.Where(o => string.Equals(o.SkuPartNumber, text, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = byPart.Count > 0 ? byPart
                : offers.Where(o => string.Equals(o.Product, text, StringComparison.OrdinalIgnoreCase) || string.Equals(o.Name, text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 1)
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                throw new CspException("OfferAmbiguous", CspErrorCategory.InvalidArgument,
                    $"'{name}' fits {matches.Count} offers: {string.Join(", ", matches.Select(o => $"{o.Name} ({o.OfferId})"))}.", name)
                {
                    RecommendedAction = "Pass the OfferId of the one you mean.",
                };
            }

            throw new CspException("OfferNotFound", CspErrorCategory.ObjectNotFound, $"No offer '{name}' in the catalog ({offers.Count} offers).", name)
            {
                RecommendedAction = "Find the offer with Get-CspOffer and pass its OfferId (or its part number).",
            };
        }

        private static string? Attribute(PartnerCenter.PcSku sku, string name) =>
            sku.DynamicAttributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
