using System;
using System.Collections.Generic;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// POST users, PATCH and DELETE users/{id|upn} (soft delete), POST directory/deletedItems/{id}/restore and
    /// DELETE directory/deletedItems/{id} (permanent). Each validates everything before it changes anything.
    /// </summary>
    internal static class UserWriteEndpoints
    {
        /// <summary>201 with the new user (default properties) and a Location header.</summary>
        public static EmulatorResponse Create(GraphCall call)
        {
            if (!call.TryReadObject(out var body, out var error))
            {
                return error!;
            }

            var input = UserInput.Read(call, body, null, out error);
            if (input == null)
            {
                return error!;
            }

            var user = new UserState { Id = call.Cloud.State.NewId(), CreatedDateTime = call.Now, UserType = "Member" };
            input.ApplyTo(user);
            call.Tenant.AddUser(user);
            return call.Created(call.Root + "users/" + user.Id, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("users/$entity"));
                UserJson.WriteProperties(w, user, UserJson.DefaultProperties);
                w.WriteEndObject();
            });
        }

        /// <summary>204; only the properties in the body change (password resets are PATCH passwordProfile).</summary>
        public static EmulatorResponse Update(GraphCall call)
        {
            if (!call.TryRouteUser(out var user, out var notFound))
            {
                return notFound!;
            }

            if (!call.TryReadObject(out var body, out var error))
            {
                return error!;
            }

            var input = UserInput.Read(call, body, user, out error);
            if (input == null)
            {
                return error!;
            }

            input.ApplyTo(user);
            if (input.UserPrincipalName != null)
            {
                call.Tenant.InvalidateIndex();
            }

            return call.NoContent();
        }

        /// <summary>204: the user moves to deleted items (deletedDateTime = now) with its licenses, which stop consuming seats.</summary>
        public static EmulatorResponse Delete(GraphCall call)
        {
            if (!call.TryRouteUser(out var user, out var notFound))
            {
                return notFound!;
            }

            call.Tenant.SoftDeleteUser(user, call.Now);
            return call.NoContent();
        }

        /// <summary>
        /// 200 with the restored user. Each license comes back only while its SKU has a free seat; the others are dropped from
        /// assignedLicenses and listed in licenseAssignmentStates as state "Error", error "CountViolation".
        /// </summary>
        public static EmulatorResponse Restore(GraphCall call)
        {
            var id = call.Route["id"];
            var user = call.Tenant.FindDeletedUser(id);
            if (user == null)
            {
                return call.NotFound(id);
            }

            // The body is optional ({"autoReconcileProxyConflict": true} is accepted and has nothing to reconcile here).
            if (call.Request.Body.Length > 0 && !call.TryReadObject(out _, out var error))
            {
                return error!;
            }

            if (call.Tenant.FindUser(user.UserPrincipalName) != null)
            {
                return call.BadRequest(UserInput.UpnConflict);
            }

            var free = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var pool in LicensePools.For(call.Tenant))
            {
                free[pool.SkuId] = pool.Available;
            }

            var kept = new List<AssignedLicenseState>();
            foreach (var license in user.AssignedLicenses)
            {
                if (free.TryGetValue(license.SkuId, out var seats) && seats > 0)
                {
                    free[license.SkuId] = seats - 1;
                    kept.Add(license);
                }
                else
                {
                    user.LicenseErrors.RemoveAll(e => string.Equals(e.SkuId, license.SkuId, StringComparison.OrdinalIgnoreCase));
                    user.LicenseErrors.Add(new LicenseErrorState
                    {
                        SkuId = license.SkuId,
                        DisabledPlans = new List<string>(license.DisabledPlans),
                        Error = "CountViolation",
                        LastUpdatedDateTime = call.Now,
                    });
                }
            }

            user.AssignedLicenses = kept;
            call.Tenant.RestoreUser(user);
            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("directoryObjects/$entity"));
                w.WriteString("@odata.type", "#microsoft.graph.user");
                UserJson.WriteProperties(w, user, UserJson.FullProperties);
                w.WriteEndObject();
            });
        }

        /// <summary>204: the deleted user is gone for good (like the 30-day purge).</summary>
        public static EmulatorResponse PermanentDelete(GraphCall call)
        {
            var id = call.Route["id"];
            var user = call.Tenant.FindDeletedUser(id);
            if (user == null)
            {
                return call.NotFound(id);
            }

            call.Tenant.PurgeUser(user);
            return call.NoContent();
        }
    }
}
