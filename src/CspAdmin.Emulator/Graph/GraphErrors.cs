using System;
using System.Globalization;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>Graph error bodies (CONTRACTS §0.1, §1.10): {"error":{"code","message","innerError":{date, request-id, client-request-id}}}.</summary>
    internal static class GraphErrors
    {
        public const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public static EmulatorResponse Error(EmulatorRequest request, DateTimeOffset now, int status, string code, string message) =>
            EmulatorResponse.Json(status, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", code);
                w.WriteString("message", message);
                w.WriteStartObject("innerError");
                w.WriteString("date", Date(now));
                w.WriteString("request-id", request.RequestId);
                w.WriteString("client-request-id", ClientRequestId(request));
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }), ContentType);

        /// <summary>The documented 429 (throttling.md): code/status as strings "429", fractional Retry-After, scope headers.</summary>
        public static EmulatorResponse Throttled(EmulatorRequest request, DateTimeOffset now, TimeSpan retryAfter, string scope, string information)
        {
            var response = EmulatorResponse.Json(429, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", "TooManyRequests");
                w.WriteString("message", "Please retry again later.");
                w.WriteStartObject("innerError");
                w.WriteString("code", "429");
                w.WriteString("date", Date(now));
                w.WriteString("message", "Please retry after");
                w.WriteString("request-id", request.RequestId);
                w.WriteString("status", "429");
                w.WriteString("client-request-id", ClientRequestId(request));
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }), ContentType);
            return response
                .WithHeader("Retry-After", JsonBody.Seconds(retryAfter))
                .WithHeader("x-ms-throttle-scope", scope)
                .WithHeader("x-ms-throttle-information", information);
        }

        public static string ClientRequestId(EmulatorRequest request) => request.Header("client-request-id") ?? request.RequestId;

        private static string Date(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
