using System;
using System.Globalization;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>Partner Center error bodies (CONTRACTS §0.2): {code (a number when numeric), description, data, source:"PartnerFD"}.</summary>
    internal static class PcErrors
    {
        public static EmulatorResponse Error(int status, string code, string description, params string[] data) =>
            EmulatorResponse.Json(status, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                if (int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var numeric))
                {
                    w.WriteNumber("code", numeric);
                }
                else
                {
                    w.WriteString("code", code);
                }

                w.WriteString("description", description);
                w.WriteStringArray("data", data);
                w.WriteString("source", "PartnerFD");
                w.WriteEndObject();
            }));

        /// <summary>400 InvalidInput: a request body or query the service refuses before changing anything.</summary>
        public static EmulatorResponse InvalidInput(string description, params string[] data) => Error(400, "InvalidInput", description, data);

        public static EmulatorResponse NoRelationship() => Error(403, "20002", "No relationship between caller and account.");

        public static EmulatorResponse CustomerNotFound(string customerId) => Error(404, "60003", $"Tenant not found: no customer '{customerId}' for this partner.");

        public static EmulatorResponse SubscriptionNotFound(string subscriptionId) => Error(404, "20003", $"Subscription with ID {subscriptionId} not found.");

        /// <summary>The documented 429 is not an ApiFault: {"statusCode":429,"message":"Rate limit is exceeded. Try again in N seconds."}.</summary>
        public static EmulatorResponse Throttled(string seconds) =>
            EmulatorResponse.Json(429, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("statusCode", 429);
                w.WriteString("message", $"Rate limit is exceeded. Try again in {seconds} seconds.");
                w.WriteEndObject();
            })).WithHeader("Retry-After", seconds);

        /// <summary>
        /// Partner Center Retry-After: whole seconds (at least 1) of unscaled time, then divided by TimeScale.
        /// </summary>
        public static string RetryAfterSeconds(TimeSpan scaledWait, double timeScale)
        {
            var scale = timeScale > 0 ? timeScale : 1;
            var whole = Math.Max(1, Math.Ceiling(scaledWait.TotalSeconds * scale - 1e-9));
            return JsonBody.SecondsUp(whole / scale);
        }
    }
}
