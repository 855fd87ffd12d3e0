using System;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Catalog and ordering shapes (Product, Sku, Availability, Cart, Order, SubscriptionProvisioningStatus), following the
    /// Partner Center SDK models and Microsoft's new-commerce examples; see the emulator README for what each field is based on.
    /// </summary>
    internal static partial class PcJson
    {
        public static void Product(Utf8JsonWriter w, CatalogProduct product, string country)
        {
            w.WriteString("id", product.ProductId);
            w.WriteString("title", product.DisplayName);
            w.WriteString("description", product.DisplayName + " (new commerce, license-based).");
            w.WriteStartObject("productType");
            w.WriteString("id", "OnlineServicesNCE");
            w.WriteString("displayName", "OnlineServicesNCE");
            w.WriteEndObject();
            w.WriteBoolean("isMicrosoftProduct", true);
            w.WriteString("publisherName", "Microsoft Corporation");
            w.WriteStartObject("links");
            Link(w, "skus", ProductUri(product) + "/skus" + CountryQuery(country));
            Link(w, "self", ProductUri(product) + CountryQuery(country));
            w.WriteEndObject();
            Attributes(w, "Product");
        }

        /// <summary>
        /// A SKU. dynamicAttributes.provisioningId is the Entra/Graph skuId (as in Microsoft's NCE example); skuPartNumber there is
        /// an emulator addition (Graph's skuPartNumber), since the real SKU carries no part number.
        /// </summary>
        public static void Sku(Utf8JsonWriter w, CatalogProduct product, string country, int maximumQuantity)
        {
            w.WriteString("id", product.NceSkuId);
            w.WriteString("productId", product.ProductId);
            w.WriteString("title", product.DisplayName);
            w.WriteString("description", product.DisplayName + " (" + product.SkuPartNumber + ").");
            w.WriteNumber("minimumQuantity", NceCatalog.MinimumQuantity);
            w.WriteNumber("maximumQuantity", maximumQuantity);
            w.WriteBoolean("isTrial", false);
            w.WriteStringArray("supportedBillingCycles", NceCatalog.SupportedBillingCycles(product));
            w.WriteStringArray("purchasePrerequisites", new[] { "MicrosoftCloudAgreement" });
            w.WriteStringArray("inventoryVariables", Array.Empty<string>());
            w.WriteStringArray("provisioningVariables", Array.Empty<string>());
            w.WriteStringArray("actions", new[] { "Refund" });
            w.WriteStartObject("dynamicAttributes");
            w.WriteBoolean("isMicrosoftProduct", true);
            w.WriteBoolean("hasConstraints", true);
            w.WriteBoolean("isAddon", product.IsAddOn);
            w.WriteBoolean("hasAddOns", !product.IsAddOn && HasAddOns(product));
            w.WriteStringArray("prerequisiteSkus", NceCatalog.PrerequisiteSkus(product));
            w.WriteBoolean("isSoftwareAssuranceApplicable", false);
            w.WriteStringArray("upgradeTargetOffers", Array.Empty<string>());
            w.WriteString("provisioningId", product.SkuId);
            w.WriteString("skuPartNumber", product.SkuPartNumber);
            w.WriteBoolean("internal", false);
            w.WriteEndObject();
            w.WriteStartObject("links");
            Link(w, "availabilities", SkuUri(product) + "/availabilities" + CountryQuery(country));
            Link(w, "self", SkuUri(product) + CountryQuery(country));
            w.WriteEndObject();
            Attributes(w, "Sku");
        }

        /// <summary>
        /// An availability with its terms. Term billingCycle is PascalCase ("Annual") as in Microsoft's NCE example (it is a plain
        /// string in the SDK, not the lower-case enum carts use); the refund option is the 168-hour NCE window.
        /// </summary>
        public static void Availability(Utf8JsonWriter w, CatalogProduct product, string country, int maximumQuantity)
        {
            var terms = NceCatalog.Terms(product);
            var currency = NceCatalog.Currency(country);
            w.WriteString("id", product.AvailabilityId);
            w.WriteString("productId", product.ProductId);
            w.WriteString("skuId", product.NceSkuId);
            w.WriteString("catalogItemId", product.NceOfferId);
            w.WriteStartObject("defaultCurrency");
            w.WriteString("code", currency.Code);
            w.WriteString("symbol", currency.Symbol);
            w.WriteEndObject();
            w.WriteString("segment", "commercial");
            w.WriteString("country", country);
            w.WriteBoolean("isPurchasable", true);
            w.WriteBoolean("isRenewable", true);
            w.WriteStartArray("renewalInstructions");
            w.WriteStartObject();
            w.WriteStartArray("applicableTermIds");
            foreach (var term in terms)
            {
                w.WriteStringValue(term.Id);
            }

            w.WriteEndArray();
            w.WriteStartArray("renewalOptions");
            w.WriteStartObject();
            w.WriteString("renewToId", product.ProductId + ":" + product.NceSkuId);
            w.WriteBoolean("isAutoRenewable", true);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("terms");
            foreach (var term in terms)
            {
                w.WriteStartObject();
                w.WriteString("id", term.Id);
                w.WriteString("duration", term.Duration);
                w.WriteString("description", term.Description);
                w.WriteString("billingCycle", char.ToUpperInvariant(term.BillingCycle[0]) + term.BillingCycle.Substring(1));
                w.WriteStartArray("cancellationPolicies");
                w.WriteStartObject();
                w.WriteStartArray("refundOptions");
                w.WriteStartObject();
                w.WriteNumber("sequenceId", 0);
                w.WriteString("type", "Full");
                w.WriteString("expiresAfter", NceCatalog.RefundWindow);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("product");
            Product(w, product, country);
            w.WriteEndObject();
            w.WriteStartObject("sku");
            Sku(w, product, country, maximumQuantity);
            w.WriteEndObject();
            w.WriteStartObject("links");
            Link(w, "self", SkuUri(product) + "/availabilities/" + product.AvailabilityId + CountryQuery(country));
            w.WriteEndObject();
            Attributes(w, "Availability");
        }

        /// <summary>A cart as the create/get/update examples show it; a line that cannot be bought carries error {errorCode (a number), errorDescription}.</summary>
        public static void Cart(Utf8JsonWriter w, CartState cart, TenantState customer)
        {
            w.WriteString("id", cart.Id);
            w.WriteDate("creationTimestamp", cart.CreationTimestamp);
            w.WriteDate("lastModifiedTimestamp", cart.LastModifiedTimestamp);
            w.WriteDate("expirationTimestamp", cart.ExpirationTimestamp);
            w.WriteString("lastModifiedUser", cart.LastModifiedUser);
            w.WriteString("status", cart.Status);
            w.WriteStartArray("lineItems");
            foreach (var line in cart.LineItems)
            {
                w.WriteStartObject();
                w.WriteNumber("id", line.Id);
                w.WriteString("catalogItemId", line.CatalogItemId);
                if (line.FriendlyName != null)
                {
                    w.WriteString("friendlyName", line.FriendlyName);
                }

                w.WriteNumber("quantity", line.Quantity);
                w.WriteString("currencyCode", line.CurrencyCode);
                w.WriteString("billingCycle", line.BillingCycle);
                if (line.TermDuration != null)
                {
                    w.WriteString("termDuration", line.TermDuration);
                }

                if (line.Participants.Count > 0)
                {
                    w.WriteStartArray("participants");
                    foreach (var participant in line.Participants)
                    {
                        w.WriteStartObject();
                        w.WriteString("key", participant.Key);
                        w.WriteString("value", participant.Value);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteStartObject("provisioningContext");
                foreach (var pair in line.ProvisioningContext)
                {
                    w.WriteString(pair.Key, pair.Value);
                }

                w.WriteEndObject();
                if (line.PromotionId != null)
                {
                    w.WriteString("promotionId", line.PromotionId);
                }

                w.WriteString("orderGroup", line.OrderGroup);
                if (line.ErrorCode.HasValue)
                {
                    w.WriteStartObject("error");
                    w.WriteNumber("errorCode", line.ErrorCode.Value);
                    w.WriteString("errorDescription", line.ErrorDescription);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + customer.Id + "/carts/" + cart.Id);
            w.WriteEndObject();
            Attributes(w, "Cart");
        }

        /// <summary>An order as in Microsoft's NCE checkout example (lineItems with product/sku/availability links).</summary>
        public static void Order(Utf8JsonWriter w, OrderState order, TenantState customer)
        {
            var country = customer.CountryLetterCode;
            w.WriteString("id", order.Id);
            w.WriteString("alternateId", order.AlternateId);
            w.WriteString("referenceCustomerId", customer.Id);
            w.WriteString("billingCycle", order.BillingCycle);
            w.WriteString("currencyCode", order.CurrencyCode);
            w.WriteString("currencySymbol", NceCatalog.Currency(country).Symbol);
            w.WriteStartArray("lineItems");
            foreach (var line in order.LineItems)
            {
                var product = NceCatalog.FindByCatalogItemId(line.OfferId) ?? ProductCatalog.FindByOfferId(line.OfferId);
                w.WriteStartObject();
                w.WriteNumber("lineItemNumber", line.LineItemNumber);
                w.WriteString("offerId", line.OfferId);
                w.WriteString("subscriptionId", line.SubscriptionId);
                w.WriteString("termDuration", line.TermDuration);
                w.WriteString("transactionType", "New");
                w.WriteString("friendlyName", line.FriendlyName);
                w.WriteNumber("quantity", line.Quantity);
                if (line.PartnerIdOnRecord != null)
                {
                    w.WriteString("partnerIdOnRecord", line.PartnerIdOnRecord);
                }

                w.WriteStartObject("links");
                if (product != null && line.OfferId.Split(':').Length == 3)
                {
                    Link(w, "product", ProductUri(product) + CountryQuery(country));
                    Link(w, "sku", SkuUri(product) + CountryQuery(country));
                    Link(w, "availability", SkuUri(product) + "/availabilities/" + product.AvailabilityId + CountryQuery(country));
                }

                Link(w, "subscription", "/customers/" + customer.Id + "/subscriptions/" + line.SubscriptionId);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteDate("creationDate", order.CreationDate);
            w.WriteString("status", order.Status);
            w.WriteString("transactionType", "UserPurchase");
            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + customer.Id + "/orders/" + order.Id);
            w.WriteEndObject();
            Attributes(w, "Order");
        }

        /// <summary>{skuId (upper-case, as in Microsoft's example), status (pending|success), quantity, endDate}.</summary>
        public static void ProvisioningStatus(Utf8JsonWriter w, SubscriptionState s)
        {
            var pending = s.Status == SubscriptionStatus.Pending || s.PendingChange != null;
            w.WriteString("skuId", s.SkuId.ToUpperInvariant());
            w.WriteString("status", pending ? "pending" : "success");
            w.WriteNumber("quantity", s.Quantity);
            w.WriteDate("endDate", s.CommitmentEndDate);
            Attributes(w, "SubscriptionProvisioningStatus");
        }

        private static string ProductUri(CatalogProduct product) => "/products/" + product.ProductId;

        private static string SkuUri(CatalogProduct product) => ProductUri(product) + "/skus/" + product.NceSkuId;

        private static string CountryQuery(string country) => "?country=" + country;
    }
}
