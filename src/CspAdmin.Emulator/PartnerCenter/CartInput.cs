using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Cart bodies (POST and PUT customers/{id}/carts): property names in any case (the SDK and the NCE example send PascalCase),
    /// enums in any case ("Monthly", "monthly"). A body that is not a cart (no line items, wrong JSON types, duplicate line ids)
    /// is a 400; a line that cannot be bought is kept with error {errorCode, errorDescription} (CartErrorCode numbers), as the
    /// service does, and the cart cannot be checked out until it is fixed.
    /// </summary>
    internal static class CartInput
    {
        // CartErrorCode values (Partner Center SDK Carts/Enums/CartErrorCode.cs); the service sends them as numbers.
        public const int CatalogItemIdIsNotValid = 10001;
        public const int InvalidInput = 10010;
        public const int BillingPlanNotSupported = 10013;
        public const int InvalidPromotionId = 10014;
        public const int MaxAllowedSeatsPerSubscriptionExceeded = 10015;
        public const int InvalidCustomTermEndDate = 10017;

        /// <summary>The line items of a cart body; null with a 400 when the body is not a cart.</summary>
        public static List<CartLineItemState>? Read(EmulatorRequest request, out EmulatorResponse? error)
        {
            error = null;
            if (!request.TryReadJson(out var body) || body.ValueKind != JsonValueKind.Object)
            {
                error = Invalid("The request body must be a Cart resource in JSON.");
                return null;
            }

            if (!JsonBody.TryGetProperty(body, "lineItems", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            {
                error = Invalid("The cart must have at least one line item (lineItems).");
                return null;
            }

            var lines = new List<CartLineItemState>();
            var ids = new HashSet<int>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var line = ReadLine(item, index++, out var problem);
                if (line == null)
                {
                    error = Invalid(problem!);
                    return null;
                }

                if (!ids.Add(line.Id))
                {
                    error = Invalid($"Line item id {line.Id} is used twice.");
                    return null;
                }

                lines.Add(line);
            }

            return lines;
        }

        /// <summary>
        /// Checks every line against the catalog, the partner and the customer, then sets each line's error (or clears it),
        /// currency and order group (one group per billing cycle, numbered in order of appearance).
        /// </summary>
        public static void Apply(PcCall call, List<CartLineItemState> lines)
        {
            var errors = Check(call, lines);
            var currency = NceCatalog.Currency(call.Customer!.CountryLetterCode).Code;
            var groups = new List<string>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                line.CurrencyCode = currency;
                if (!groups.Contains(line.BillingCycle))
                {
                    groups.Add(line.BillingCycle);
                }

                line.OrderGroup = groups.IndexOf(line.BillingCycle).ToString(CultureInfo.InvariantCulture);
                if (errors.TryGetValue(i, out var error))
                {
                    line.ErrorCode = error.Code;
                    line.ErrorDescription = error.Description;
                }
            }
        }

        /// <summary>The error of each line that cannot be bought now, by index (errors found when the body was read included).</summary>
        public static Dictionary<int, (int Code, string Description)> Check(PcCall call, IReadOnlyList<CartLineItemState> lines)
        {
            var errors = new Dictionary<int, (int, string)>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var error = line.ErrorCode.HasValue ? (line.ErrorCode.Value, line.ErrorDescription ?? "") : CheckLine(call, line, lines);
                if (error.HasValue)
                {
                    errors[i] = error.Value;
                }
            }

            return errors;
        }

        /// <summary>The indirect reseller a line's transaction_reseller participant names (validated by <see cref="Check"/>).</summary>
        public static ResellerState? TransactionReseller(PartnerAccountState partner, CartLineItemState line)
        {
            var participant = line.Participants.FirstOrDefault(p => ParticipantKey(p.Key) == "transactionreseller");
            return participant == null ? null : partner.IndirectResellers.FirstOrDefault(r => string.Equals(r.MpnId, participant.Value, StringComparison.OrdinalIgnoreCase));
        }

        private static (int Code, string Description)? CheckLine(PcCall call, CartLineItemState line, IReadOnlyList<CartLineItemState> lines)
        {
            var product = NceCatalog.FindByCatalogItemId(line.CatalogItemId);
            if (product == null)
            {
                return (CatalogItemIdIsNotValid, $"The catalog item id '{line.CatalogItemId}' is not valid. Use a catalogItemId of GET products/{{productId}}/skus/{{skuId}}/availabilities.");
            }

            if (!string.IsNullOrEmpty(line.PromotionId))
            {
                return (InvalidPromotionId, $"The promotion id '{line.PromotionId}' is not valid for {line.CatalogItemId}.");
            }

            var maximum = CatalogEndpoints.MaximumQuantity(call);
            if (line.Quantity < NceCatalog.MinimumQuantity)
            {
                return (InvalidInput, $"Quantity {line.Quantity} is below the minimum quantity {NceCatalog.MinimumQuantity}.");
            }

            if (line.Quantity > maximum)
            {
                return (MaxAllowedSeatsPerSubscriptionExceeded,
                    $"The desired seat count {line.Quantity} exceeds the maximum seat count {maximum} allowed per subscription.");
            }

            var terms = NceCatalog.Terms(product);
            if (string.IsNullOrEmpty(line.TermDuration) || !terms.Any(t => t.Duration == line.TermDuration))
            {
                return (InvalidInput, $"Term duration '{line.TermDuration}' is not offered for {product.NceOfferId}; offered: "
                    + string.Join(", ", terms.Select(t => t.Duration).Distinct()) + ".");
            }

            if (!terms.Any(t => t.Duration == line.TermDuration && t.BillingCycle == line.BillingCycle))
            {
                return (BillingPlanNotSupported, $"Billing cycle '{line.BillingCycle}' is not supported for term {line.TermDuration} of {product.NceOfferId}; supported: "
                    + string.Join(", ", terms.Where(t => t.Duration == line.TermDuration).Select(t => t.BillingCycle)) + ".");
            }

            var participantError = CheckParticipants(call.Partner, line);
            if (participantError != null)
            {
                return (InvalidInput, participantError);
            }

            if (product.IsAddOn && !HasPrerequisite(call.Customer!, product, lines))
            {
                return (InvalidInput, $"{product.DisplayName} is an add-on: the customer needs one of "
                    + string.Join(", ", NceCatalog.PrerequisiteSkus(product)) + " (active, pending, or in the same cart).");
            }

            return null;
        }

        /// <summary>transaction_reseller must name an indirect reseller of the partner (at most one); the other documented types are accepted.</summary>
        private static string? CheckParticipants(PartnerAccountState partner, CartLineItemState line)
        {
            var resellers = 0;
            foreach (var participant in line.Participants)
            {
                switch (ParticipantKey(participant.Key))
                {
                    case "transactionreseller":
                        resellers++;
                        if (!partner.IndirectResellers.Any(r => string.Equals(r.MpnId, participant.Value, StringComparison.OrdinalIgnoreCase)))
                        {
                            return $"'{participant.Value}' is not the MPN id of an indirect reseller of this partner.";
                        }

                        break;
                    case "additionaltransactionreseller":
                    case "consumptionreseller":
                        break;
                    default:
                        return $"Participant type '{participant.Key}' is not valid; use transaction_reseller.";
                }
            }

            return resellers > 1 ? "Only one transaction_reseller participant is allowed per line item." : null;
        }

        /// <summary>An add-on needs a base SKU in the tenant (active or being provisioned, whoever sold it) or in the same cart.</summary>
        private static bool HasPrerequisite(TenantState customer, CatalogProduct addOn, IReadOnlyList<CartLineItemState> lines)
        {
            var parents = new HashSet<string>(addOn.AddOnParents.Select(p => ProductCatalog.FindByPartNumber(p)?.SkuId ?? ""), StringComparer.OrdinalIgnoreCase);
            return customer.Subscriptions.Any(s => parents.Contains(s.SkuId)
                    && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Pending))
                || lines.Any(l => NceCatalog.FindByCatalogItemId(l.CatalogItemId) is CatalogProduct p && parents.Contains(p.SkuId));
        }

        private static string ParticipantKey(string key) => key.Replace("_", "").ToLowerInvariant();

        /// <summary>One line as sent; null with a message when a property has the wrong JSON type.</summary>
        private static CartLineItemState? ReadLine(JsonElement item, int index, out string? problem)
        {
            problem = null;
            if (item.ValueKind != JsonValueKind.Object)
            {
                problem = $"Line item {index} is not an object.";
                return null;
            }

            var line = new CartLineItemState { Id = index };
            if (Has(item, "id", out var id))
            {
                if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out var number))
                {
                    problem = $"Line item {index}: id must be a whole number.";
                    return null;
                }

                line.Id = number;
            }

            if (!Has(item, "quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number || !quantity.TryGetInt32(out var count))
            {
                problem = $"Line item {index}: quantity is required and must be a whole number.";
                return null;
            }

            line.Quantity = count;
            if (!TryString(item, "catalogItemId", out var catalogItemId, ref problem, index)
                || !TryString(item, "friendlyName", out var friendlyName, ref problem, index)
                || !TryString(item, "billingCycle", out var billingCycle, ref problem, index)
                || !TryString(item, "termDuration", out var termDuration, ref problem, index)
                || !TryString(item, "promotionId", out var promotionId, ref problem, index))
            {
                return null;
            }

            line.CatalogItemId = catalogItemId?.Trim() ?? "";
            line.FriendlyName = friendlyName;
            line.BillingCycle = NceCatalog.NormalizeBillingCycle(billingCycle ?? "");
            line.TermDuration = termDuration?.Trim().ToUpperInvariant();
            line.PromotionId = promotionId;
            if (!ReadParticipants(item, line, index, out problem) || !ReadProvisioningContext(item, line, index, out problem))
            {
                return null;
            }

            // Accepted by the real API but not emulated: refused per line, so the cart shows why.
            if (Has(item, "addonItems", out var addOns) && addOns.ValueKind == JsonValueKind.Array && addOns.GetArrayLength() > 0)
            {
                line.ErrorCode = InvalidInput;
                line.ErrorDescription = "addonItems are not supported by the emulator: buy an add-on as a line item of its own.";
            }
            else if (Has(item, "customTermEndDate", out _))
            {
                line.ErrorCode = InvalidCustomTermEndDate;
                line.ErrorDescription = "customTermEndDate (coterminosity) is not supported by the emulator.";
            }

            return line;
        }

        /// <summary>participants: [{"key":"transaction_reseller","value":"&lt;MPN id&gt;"}] (Key/Value in any case), or null.</summary>
        private static bool ReadParticipants(JsonElement item, CartLineItemState line, int index, out string? problem)
        {
            problem = null;
            if (!Has(item, "participants", out var participants))
            {
                return true;
            }

            if (participants.ValueKind != JsonValueKind.Array)
            {
                problem = $"Line item {index}: participants must be an array of {{key, value}} pairs.";
                return false;
            }

            foreach (var participant in participants.EnumerateArray())
            {
                var key = JsonBody.GetString(participant, "key");
                var value = JsonBody.GetString(participant, "value");
                if (key == null || value == null)
                {
                    problem = $"Line item {index}: each participant needs a key and a value (strings).";
                    return false;
                }

                line.Participants.Add(new ParticipantState { Key = key, Value = value });
            }

            return true;
        }

        /// <summary>provisioningContext: an object of string values (numbers and booleans are kept as their JSON text), or null.</summary>
        private static bool ReadProvisioningContext(JsonElement item, CartLineItemState line, int index, out string? problem)
        {
            problem = null;
            if (!Has(item, "provisioningContext", out var context))
            {
                return true;
            }

            if (context.ValueKind != JsonValueKind.Object)
            {
                problem = $"Line item {index}: provisioningContext must be an object of strings.";
                return false;
            }

            foreach (var property in context.EnumerateObject())
            {
                line.ProvisioningContext[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
            }

            return true;
        }

        /// <summary>A property that is present and not null.</summary>
        private static bool Has(JsonElement item, string name, out JsonElement value) =>
            JsonBody.TryGetProperty(item, name, out value) && value.ValueKind != JsonValueKind.Null;

        private static bool TryString(JsonElement item, string name, out string? value, ref string? problem, int index)
        {
            value = null;
            if (!Has(item, name, out var element))
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                problem = $"Line item {index}: {name} must be a string.";
                return false;
            }

            value = element.GetString();
            return true;
        }

        private static EmulatorResponse Invalid(string description) => PcErrors.InvalidInput(description);
    }
}
