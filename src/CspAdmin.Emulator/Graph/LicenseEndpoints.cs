using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// The tenant's license view: subscribedSkus (seats summed over every partner's subscriptions, see <see cref="LicensePools"/>),
    /// directory/subscriptions (one companySubscription per provisioned commerce subscription: a purchase whose
    /// order is still pending is not in the directory yet) and users/{id}/licenseDetails.
    /// </summary>
    internal static class LicenseEndpoints
    {
        public static EmulatorResponse ListSubscribedSkus(GraphCall call)
        {
            var pools = LicensePools.For(call.Tenant);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("subscribedSkus"));
                w.WriteStartArray("value");
                foreach (var pool in pools)
                {
                    w.WriteStartObject();
                    WriteSubscribedSku(w, call.Tenant, pool);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse GetSubscribedSku(GraphCall call)
        {
            var id = call.Route["id"];
            var prefix = call.Tenant.Id + "_";
            var pool = id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                ? LicensePools.Find(call.Tenant, id.Substring(prefix.Length))
                : null;
            if (pool == null)
            {
                return call.NotFound(id);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("subscribedSkus/$entity"));
                WriteSubscribedSku(w, call.Tenant, pool);
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse ListCompanySubscriptions(GraphCall call) =>
            call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("directory/subscriptions"));
                w.WriteStartArray("value");
                foreach (var subscription in call.Tenant.Subscriptions.Where(s => s.IsProvisioned))
                {
                    w.WriteStartObject();
                    WriteCompanySubscription(w, subscription);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });

        /// <summary>By companySubscription id or commerceSubscriptionId (Graph accepts either); not while a purchase is pending.</summary>
        public static EmulatorResponse GetCompanySubscription(GraphCall call)
        {
            var id = call.Route["id"];
            var subscription = call.Tenant.FindSubscription(id);
            if (subscription == null || !subscription.IsProvisioned)
            {
                return call.NotFound(id);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("directory/subscriptions/$entity"));
                WriteCompanySubscription(w, subscription);
                w.WriteEndObject();
            });
        }

        public static EmulatorResponse LicenseDetails(GraphCall call)
        {
            if (!call.TryRouteUser(out var user, out var notFound))
            {
                return notFound!;
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("users('" + user.Id + "')/licenseDetails"));
                w.WriteStartArray("value");
                foreach (var license in user.AssignedLicenses)
                {
                    var product = ProductCatalog.FindBySkuId(license.SkuId);
                    w.WriteStartObject();
                    w.WriteString("id", LicenseDetailId(user.Id, license.SkuId));
                    w.WriteString("skuId", license.SkuId);
                    w.WriteString("skuPartNumber", product?.SkuPartNumber ?? license.SkuId);
                    w.WriteStartArray("servicePlans");
                    foreach (var plan in product?.ServicePlans ?? Array.Empty<CatalogServicePlan>())
                    {
                        WritePlan(w, plan, license.DisabledPlans.Contains(plan.Id) ? "Disabled" : "Success");
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private static void WriteSubscribedSku(Utf8JsonWriter w, TenantState tenant, LicensePool pool)
        {
            var provisioning = pool.Enabled > 0 || pool.Warning > 0 ? "Success" : "Disabled";
            w.WriteString("accountName", tenant.DisplayName);
            w.WriteString("accountId", tenant.BillingAccountId);
            w.WriteString("appliesTo", pool.Product?.AppliesTo ?? "User");
            w.WriteString("capabilityStatus", pool.CapabilityStatus);
            w.WriteNumber("consumedUnits", pool.Consumed);
            w.WriteString("id", tenant.Id + "_" + pool.SkuId);
            w.WriteStartObject("prepaidUnits");
            w.WriteNumber("enabled", pool.Enabled);
            w.WriteNumber("lockedOut", pool.LockedOut);
            w.WriteNumber("suspended", pool.Suspended);
            w.WriteNumber("warning", pool.Warning);
            w.WriteEndObject();
            w.WriteStartArray("servicePlans");
            foreach (var plan in pool.Product?.ServicePlans ?? Array.Empty<CatalogServicePlan>())
            {
                WritePlan(w, plan, provisioning);
            }

            w.WriteEndArray();
            w.WriteString("skuId", pool.SkuId);
            w.WriteString("skuPartNumber", pool.SkuPartNumber);
            w.WriteStartArray("subscriptionIds");
            foreach (var subscription in pool.Subscriptions)
            {
                w.WriteStringValue(subscription.DirectoryId);
            }

            w.WriteEndArray();
        }

        private static void WriteCompanySubscription(Utf8JsonWriter w, SubscriptionState subscription)
        {
            var product = ProductCatalog.FindBySkuId(subscription.SkuId);
            var (status, next) = Lifecycle(subscription);
            w.WriteString("id", subscription.DirectoryId);
            w.WriteString("commerceSubscriptionId", subscription.Id);
            w.WriteDate("createdDateTime", subscription.CreationDate);
            w.WriteBoolean("isTrial", subscription.IsTrial);
            w.WriteDate("nextLifecycleDateTime", next);
            w.WriteString("skuId", subscription.SkuId);
            w.WriteString("skuPartNumber", product?.SkuPartNumber ?? subscription.SkuId);
            w.WriteString("status", status);
            w.WriteNumber("totalLicenses", subscription.Quantity);
            w.WriteStartArray("serviceStatus");
            foreach (var plan in product?.ServicePlans ?? Array.Empty<CatalogServicePlan>())
            {
                WritePlan(w, plan, status == "Enabled" || status == "Warning" ? "Success" : "Disabled");
            }

            w.WriteEndArray();
        }

        /// <summary>Graph status and the date it next changes: term end, end of grace (30 days), deprovisioning (90 days).</summary>
        private static (string Status, DateTimeOffset? Next) Lifecycle(SubscriptionState subscription)
        {
            var changed = subscription.StatusChangedDate ?? subscription.CommitmentEndDate;
            switch (subscription.Status)
            {
                case SubscriptionStatus.Expired: return ("Warning", changed + TimeSpan.FromDays(30));
                case SubscriptionStatus.Suspended: return ("Suspended", changed + TimeSpan.FromDays(90));
                case SubscriptionStatus.Deleted: return ("Deleted", null);
                default: return ("Enabled", subscription.CommitmentEndDate + (subscription.IsNce ? TimeSpan.FromDays(1) : TimeSpan.Zero));
            }
        }

        private static void WritePlan(Utf8JsonWriter w, CatalogServicePlan plan, string provisioningStatus)
        {
            w.WriteStartObject();
            w.WriteString("servicePlanId", plan.Id);
            w.WriteString("servicePlanName", plan.Name);
            w.WriteString("provisioningStatus", provisioningStatus);
            w.WriteString("appliesTo", plan.AppliesTo);
            w.WriteEndObject();
        }

        /// <summary>Opaque licenseDetail id like Graph's: base64url of the user and SKU GUID bytes.</summary>
        private static string LicenseDetailId(string userId, string skuId)
        {
            var bytes = new List<byte>(32);
            bytes.AddRange(Guid.TryParse(userId, out var user) ? user.ToByteArray() : new byte[16]);
            bytes.AddRange(Guid.TryParse(skuId, out var sku) ? sku.ToByteArray() : new byte[16]);
            return Base64Url.Encode(bytes.ToArray());
        }
    }
}
