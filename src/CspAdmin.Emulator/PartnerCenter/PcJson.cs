using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Partner Center resource shapes: camelCase, lower-case enums, attributes.objectType everywhere, links as
    /// {uri, method, headers[{key, value}]}, collections as {totalCount (items in this page), items, links, attributes}.
    /// </summary>
    internal static partial class PcJson
    {
        public static void Link(Utf8JsonWriter w, string name, string uri, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            w.WriteStartObject(name);
            w.WriteString("uri", uri);
            w.WriteString("method", "GET");
            w.WriteStartArray("headers");
            foreach (var header in headers ?? Array.Empty<KeyValuePair<string, string>>())
            {
                w.WriteStartObject();
                w.WriteString("key", header.Key);
                w.WriteString("value", header.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        public static void Attributes(Utf8JsonWriter w, string objectType, string? etag = null)
        {
            w.WriteStartObject("attributes");
            if (etag != null)
            {
                w.WriteString("etag", etag);
            }

            w.WriteString("objectType", objectType);
            w.WriteEndObject();
        }

        /// <summary>A collection envelope; <paramref name="nextToken"/> adds links.next with the MS-ContinuationToken header.</summary>
        public static EmulatorResponse Collection<T>(IReadOnlyCollection<T> items, Action<Utf8JsonWriter, T> writeItem, string selfUri,
            string? nextUri = null, string? nextToken = null) =>
            EmulatorResponse.Json(200, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("totalCount", items.Count);
                w.WriteStartArray("items");
                foreach (var item in items)
                {
                    w.WriteStartObject();
                    writeItem(w, item);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (nextToken != null)
                {
                    w.WriteString("continuationToken", nextToken);
                }

                w.WriteStartObject("links");
                Link(w, "self", selfUri);
                if (nextUri != null && nextToken != null)
                {
                    Link(w, "next", nextUri, new[] { new KeyValuePair<string, string>("MS-ContinuationToken", nextToken) });
                }

                w.WriteEndObject();
                Attributes(w, "Collection");
                w.WriteEndObject();
            }));

        public static void Customer(Utf8JsonWriter w, TenantState tenant, PartnerRelationshipState relationship, bool withBillingProfile)
        {
            w.WriteString("id", tenant.Id);
            w.WriteString("commerceId", tenant.CommerceId);
            w.WriteStartObject("companyProfile");
            w.WriteString("tenantId", tenant.Id);
            w.WriteString("domain", tenant.DefaultDomain);
            w.WriteString("companyName", tenant.DisplayName);
            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + tenant.Id + "/profiles/company");
            w.WriteEndObject();
            Attributes(w, "CustomerCompanyProfile");
            w.WriteEndObject();
            if (withBillingProfile)
            {
                BillingProfile(w, tenant);
            }

            w.WriteString("relationshipToPartner", relationship.RelationshipToPartner);
            w.WriteBoolean("allowDelegatedAccess", relationship.AllowDelegatedAccess);
            w.WriteStringArray("customDomains", tenant.CustomDomains);
            if (relationship.IndirectResellerTenantId != null)
            {
                w.WriteString("associatedPartnerId", relationship.IndirectResellerTenantId);
            }

            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + tenant.Id);
            w.WriteEndObject();
            Attributes(w, "Customer");
        }

        public static void CompanyProfile(Utf8JsonWriter w, TenantState tenant)
        {
            w.WriteString("tenantId", tenant.Id);
            w.WriteString("domain", tenant.DefaultDomain);
            w.WriteString("companyName", tenant.DisplayName);
            w.WriteStartObject("address");
            w.WriteString("country", tenant.Address.Country);
            w.WriteString("region", tenant.Address.Region);
            w.WriteString("city", tenant.Address.City);
            w.WriteString("addressLine1", tenant.Address.AddressLine1);
            w.WriteString("postalCode", tenant.Address.PostalCode);
            w.WriteString("phoneNumber", tenant.Address.PhoneNumber);
            w.WriteEndObject();
            w.WriteString("email", tenant.Email);
            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + tenant.Id + "/profiles/company");
            w.WriteEndObject();
            Attributes(w, "CustomerCompanyProfile");
        }

        public static void Subscription(Utf8JsonWriter w, SubscriptionState s, TenantState customer, PartnerAccountState partner, DateTimeOffset now)
        {
            var product = ProductCatalog.FindBySkuId(s.SkuId);
            w.WriteString("id", s.Id);
            w.WriteString("offerId", s.OfferId);
            w.WriteString("offerName", s.OfferName);
            w.WriteString("friendlyName", s.FriendlyName);
            w.WriteStartObject("productType");
            w.WriteString("id", s.IsNce ? "OnlineServicesNCE" : "OnlineServices");
            w.WriteString("displayName", s.IsNce ? "OnlineServicesNCE" : "OnlineServices");
            w.WriteEndObject();
            w.WriteNumber("quantity", s.Quantity);
            w.WriteString("unitType", "Licenses");
            if (s.ParentSubscriptionId != null)
            {
                w.WriteString("parentSubscriptionId", s.ParentSubscriptionId);
            }

            w.WriteBoolean("hasPurchasableAddons", product != null && !product.IsAddOn && HasAddOns(product));
            w.WriteDate("creationDate", s.CreationDate);
            w.WriteDate("effectiveStartDate", s.TermStartDate);
            w.WriteDate("commitmentEndDate", s.CommitmentEndDate);
            if (s.IsNce)
            {
                w.WriteDate("cancellationAllowedUntilDate", SubscriptionTerms.CancellationAllowedUntil(s));
                w.WriteDate("billingCycleEndDate", SubscriptionTerms.BillingCycleEnd(s, now));
            }

            w.WriteString("status", s.Status);
            w.WriteBoolean("autoRenewEnabled", s.AutoRenewEnabled);
            w.WriteBoolean("isTrial", s.IsTrial);
            w.WriteString("billingType", "license");
            w.WriteString("billingCycle", s.BillingCycle);
            w.WriteString("termDuration", s.TermDuration);
            if (s.IsNce && s.AutoRenewEnabled)
            {
                w.WriteString("renewalTermDuration", s.TermDuration);
            }

            w.WriteStringArray("actions", Actions(s, now));
            if (s.SuspensionReasons.Count > 0)
            {
                w.WriteStringArray("suspensionReasons", s.SuspensionReasons);
            }

            w.WriteBoolean("isMicrosoftProduct", true);
            w.WriteString("publisherName", "Microsoft Corporation");
            w.WriteString("partnerId", partner.FindReseller(s.ResellerTenantId)?.MpnId ?? "");
            w.WriteBoolean("attentionNeeded", false);
            w.WriteBoolean("actionTaken", false);
            w.WriteString("consumptionType", "none");
            w.WriteString("contractType", "subscription");
            w.WriteString("orderId", s.OrderId);
            if (s.IsNce)
            {
                var refundable = SubscriptionTerms.RefundableSeats(s, now);
                var total = 0;
                w.WriteStartObject("refundableQuantity");
                w.WriteStartArray("details");
                foreach (var seats in refundable)
                {
                    total += seats.Quantity;
                    w.WriteStartObject();
                    w.WriteNumber("quantity", seats.Quantity);
                    w.WriteDate("allowedUntilDateTime", seats.At);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("totalQuantity", total);
                w.WriteEndObject();
                var cancelUntil = SubscriptionTerms.CancellationAllowedUntil(s);
                w.WriteStartArray("refundOptions");
                if (cancelUntil > now && s.Status != SubscriptionStatus.Deleted && s.Status != SubscriptionStatus.Pending)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "Full");
                    w.WriteDate("expiresAt", cancelUntil);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            var self = "/customers/" + customer.Id + "/subscriptions/" + s.Id;
            w.WriteStartObject("links");
            if (s.IsNce && product != null)
            {
                var country = CountryQuery(customer.CountryLetterCode);
                Link(w, "product", ProductUri(product) + country);
                Link(w, "sku", SkuUri(product) + country);
                Link(w, "availability", SkuUri(product) + "/availabilities/" + product.AvailabilityId + country);
            }
            else
            {
                Link(w, "offer", "/offers/" + s.OfferId + "?country=" + customer.CountryLetterCode);
            }

            if (s.ParentSubscriptionId != null)
            {
                Link(w, "parentSubscription", "/customers/" + customer.Id + "/subscriptions/" + s.ParentSubscriptionId);
            }

            Link(w, "self", self);
            w.WriteEndObject();
            Attributes(w, "Subscription", Etag(s));
        }

        public static void SubscribedSku(Utf8JsonWriter w, LicensePool pool)
        {
            var total = pool.Enabled + pool.Warning;
            w.WriteNumber("availableUnits", Math.Max(0, total - pool.Consumed));
            w.WriteNumber("activeUnits", pool.Enabled);
            w.WriteNumber("consumedUnits", pool.Consumed);
            w.WriteNumber("suspendedUnits", pool.Suspended);
            w.WriteNumber("totalUnits", total);
            w.WriteNumber("warningUnits", pool.Warning);
            w.WriteStartObject("productSku");
            w.WriteString("id", pool.SkuId);
            w.WriteString("name", pool.Product?.DisplayName ?? pool.SkuPartNumber);
            w.WriteString("skuPartNumber", pool.SkuPartNumber);
            w.WriteString("targetType", pool.Product?.AppliesTo ?? "User");
            w.WriteString("licenseGroupId", "group1");
            w.WriteEndObject();
            w.WriteStartArray("servicePlans");
            foreach (var plan in pool.Product?.ServicePlans ?? Array.Empty<CatalogServicePlan>())
            {
                w.WriteStartObject();
                w.WriteString("displayName", plan.FriendlyName);
                w.WriteString("serviceName", plan.Name);
                w.WriteString("id", plan.Id);
                w.WriteString("capabilityStatus", pool.CapabilityStatus == "Enabled" || pool.CapabilityStatus == "Warning" ? "Enabled" : "Suspended");
                w.WriteString("targetType", plan.AppliesTo == "Company" ? "Tenant" : "User");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("capabilityStatus", pool.CapabilityStatus);
            Attributes(w, "SubscribedSku");
        }

        /// <summary>Like Partner Center's: base64 of {"id":"...","version":n}; changes whenever the subscription does.</summary>
        public static string Etag(SubscriptionState s) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"id\":\"" + s.Id.ToLowerInvariant() + "\",\"version\":" + s.Version.ToString(CultureInfo.InvariantCulture) + "}"));

        private static IEnumerable<string> Actions(SubscriptionState s, DateTimeOffset now)
        {
            if (s.Status == SubscriptionStatus.Deleted || s.Status == SubscriptionStatus.Expired || s.Status == SubscriptionStatus.Pending)
            {
                yield break;
            }

            yield return "edit";
            if (s.IsNce && SubscriptionTerms.CancellationAllowedUntil(s) > now)
            {
                yield return "cancel";
            }
        }

        private static bool HasAddOns(CatalogProduct product)
        {
            foreach (var candidate in ProductCatalog.All)
            {
                foreach (var parent in candidate.AddOnParents)
                {
                    if (parent == product.SkuPartNumber)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void BillingProfile(Utf8JsonWriter w, TenantState tenant)
        {
            w.WriteStartObject("billingProfile");
            WriteIfSet(w, "firstName", tenant.Address.FirstName);
            WriteIfSet(w, "lastName", tenant.Address.LastName);
            w.WriteString("email", tenant.Email);
            w.WriteString("culture", tenant.PreferredLanguage);
            w.WriteString("language", tenant.PreferredLanguage.Split('-')[0]);
            w.WriteString("companyName", tenant.DisplayName);
            w.WriteStartObject("defaultAddress");
            w.WriteString("country", tenant.Address.Country);
            w.WriteString("city", tenant.Address.City);
            w.WriteString("state", tenant.Address.Region);
            w.WriteString("addressLine1", tenant.Address.AddressLine1);
            WriteIfSet(w, "addressLine2", tenant.Address.AddressLine2);
            WriteIfSet(w, "addressLine3", tenant.Address.AddressLine3);
            w.WriteString("postalCode", tenant.Address.PostalCode);
            WriteIfSet(w, "firstName", tenant.Address.FirstName);
            WriteIfSet(w, "lastName", tenant.Address.LastName);
            w.WriteString("phoneNumber", tenant.Address.PhoneNumber);
            w.WriteEndObject();
            w.WriteStartObject("links");
            Link(w, "self", "/customers/" + tenant.Id + "/profiles/billing");
            w.WriteEndObject();
            Attributes(w, "CustomerBillingProfile");
            w.WriteEndObject();
        }

        /// <summary>Writes the property only when it has a value (fields seeded tenants do not have).</summary>
        private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                w.WriteString(name, value);
            }
        }
    }
}
