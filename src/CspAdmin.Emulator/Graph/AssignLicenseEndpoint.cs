using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// POST users/{id|upn}/assignLicense {"addLicenses":[{"skuId","disabledPlans":[]}],"removeLicenses":["skuId"]}.
    /// Atomic: the whole request is validated against the state first (removes before adds when counting seats), then applied
    /// under the state lock, so either every add and remove happens or none does and nobody sees a half-done change.
    /// </summary>
    internal static class AssignLicenseEndpoint
    {
        private static readonly string[] Parameters = { "addLicenses", "removeLicenses" };

        public static EmulatorResponse Handle(GraphCall call)
        {
            if (!call.TryRouteUser(out var user, out var notFound))
            {
                return notFound!;
            }

            if (!call.TryReadObject(out var body, out var error))
            {
                return error!;
            }

            var missing = Parameters.Where(p => !body.TryGetProperty(p, out _)).ToList();
            if (missing.Count > 0)
            {
                return call.BadRequest("One or more parameters of the function import 'assignLicense' are missing from the request payload. "
                    + "The missing parameters are: " + string.Join(", ", missing) + ".");
            }

            foreach (var property in body.EnumerateObject())
            {
                if (!Parameters.Contains(property.Name) && !property.Name.StartsWith("@odata.", StringComparison.Ordinal))
                {
                    return call.BadRequest($"The parameter '{property.Name}' in the request payload is not a valid parameter for the operation 'assignLicense'.");
                }
            }

            if (!TryReadAdds(body.GetProperty("addLicenses"), out var adds) || adds.Select(a => a.SkuId).Distinct(StringComparer.OrdinalIgnoreCase).Count() != adds.Count)
            {
                return call.InvalidValue("addLicenses", "assignLicense");
            }

            if (!TryReadRemoves(body.GetProperty("removeLicenses"), out var removes))
            {
                return call.InvalidValue("removeLicenses", "assignLicense");
            }

            if (adds.Count > 0 && !UserInput.IsCountryCode(user.UsageLocation))
            {
                return call.BadRequest("License assignment cannot be done for user with invalid usage location.");
            }

            var pools = LicensePools.For(call.Tenant).ToDictionary(p => p.SkuId, StringComparer.OrdinalIgnoreCase);
            foreach (var add in adds)
            {
                if (!pools.TryGetValue(add.SkuId, out var pool))
                {
                    return call.BadRequest($"License {add.SkuId} does not correspond to a valid company License.");
                }

                add.SkuId = pool.SkuId;
                var plans = pool.Product?.ServicePlans ?? Array.Empty<CatalogServicePlan>();
                foreach (var plan in add.DisabledPlans)
                {
                    if (!plans.Any(p => string.Equals(p.Id, plan, StringComparison.OrdinalIgnoreCase)))
                    {
                        return call.InvalidValue("disabledPlans", "AssignedLicense");
                    }
                }
            }

            foreach (var remove in removes)
            {
                if (user.FindLicense(remove) == null)
                {
                    return call.BadRequest("User does not have a corresponding license.");
                }
            }

            // Seats after this request's removes: a SKU gains a holder when it is added and not kept from before.
            foreach (var add in adds)
            {
                var keeps = user.FindLicense(add.SkuId) != null && !removes.Contains(add.SkuId, StringComparer.OrdinalIgnoreCase);
                var freed = removes.Count(r => string.Equals(r, add.SkuId, StringComparison.OrdinalIgnoreCase));
                if (!keeps && pools[add.SkuId].Available + freed < 1)
                {
                    return call.BadRequest($"Subscription {add.SkuId} does not have any available licenses.");
                }
            }

            Apply(user, adds, removes, call.Now);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("users/$entity"));
                UserJson.WriteProperties(w, user, UserJson.FullProperties);
                w.WriteEndObject();
            });
        }

        /// <summary>Removes, then adds (a held SKU that is added again gets the new disabledPlans); clears the SKUs' license errors.</summary>
        private static void Apply(UserState user, List<LicenseAdd> adds, List<string> removes, DateTimeOffset now)
        {
            foreach (var skuId in removes)
            {
                user.AssignedLicenses.RemoveAll(l => string.Equals(l.SkuId, skuId, StringComparison.OrdinalIgnoreCase));
            }

            foreach (var add in adds)
            {
                var held = user.FindLicense(add.SkuId);
                if (held != null)
                {
                    held.DisabledPlans = add.DisabledPlans;
                }
                else
                {
                    user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = add.SkuId, DisabledPlans = add.DisabledPlans, AssignedDateTime = now });
                }
            }

            user.LicenseErrors.RemoveAll(e => adds.Any(a => string.Equals(a.SkuId, e.SkuId, StringComparison.OrdinalIgnoreCase))
                || removes.Contains(e.SkuId, StringComparer.OrdinalIgnoreCase));
        }

        private static bool TryReadAdds(JsonElement value, out List<LicenseAdd> adds)
        {
            adds = new List<LicenseAdd>();
            if (value.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("skuId", out var sku) || !IsGuid(sku))
                {
                    return false;
                }

                var plans = new List<string>();
                if (item.TryGetProperty("disabledPlans", out var disabled) && disabled.ValueKind != JsonValueKind.Null)
                {
                    if (disabled.ValueKind != JsonValueKind.Array || disabled.EnumerateArray().Any(p => !IsGuid(p)))
                    {
                        return false;
                    }

                    plans.AddRange(disabled.EnumerateArray().Select(p => p.GetString()!.ToLowerInvariant()).Distinct());
                }

                adds.Add(new LicenseAdd(sku.GetString()!, plans));
            }

            return true;
        }

        private static bool TryReadRemoves(JsonElement value, out List<string> removes)
        {
            removes = new List<string>();
            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(r => !IsGuid(r)))
            {
                return false;
            }

            removes.AddRange(value.EnumerateArray().Select(r => r.GetString()!).Distinct(StringComparer.OrdinalIgnoreCase));
            return true;
        }

        private static bool IsGuid(JsonElement value) => value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out _);

        private sealed class LicenseAdd
        {
            public LicenseAdd(string skuId, List<string> disabledPlans)
            {
                SkuId = skuId;
                DisabledPlans = disabledPlans;
            }

            public string SkuId { get; set; }
            public List<string> DisabledPlans { get; }
        }
    }
}
