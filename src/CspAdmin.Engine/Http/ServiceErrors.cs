using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Turns a failed response of either service into a <see cref="CspException"/>: Graph's
    /// {"error":{code,message,innerError}}, Partner Center's {code,description,data,source} (code may be
    /// a number, description HTML-escaped) and its throttling body {statusCode,message}.
    /// </summary>
    public static class ServiceErrors
    {
        public static async Task<CspException> FromResponseAsync(HttpResponseMessage response, CspService service)
        {
            var body = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return FromBody((int)response.StatusCode, body, service, HeaderValue(response, "request-id") ?? HeaderValue(response, "MS-RequestId"), response.RequestMessage);
        }

        public static CspException FromBody(int status, string body, CspService service, string? requestId, HttpRequestMessage? request = null)
        {
            string? code = null;
            string? message = null;
            try
            {
                using var document = JsonDocument.Parse(CspJson.TrimPreamble(body));
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && CspJson.TryGetProperty(root, "error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = CspJson.GetString(error, "code");
                    message = CspJson.GetString(error, "message");
                    if (CspJson.TryGetProperty(error, "innerError", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    {
                        requestId = CspJson.GetString(inner, "request-id") ?? CspJson.GetString(inner, "requestId") ?? requestId;
                    }
                }
                else if (root.ValueKind == JsonValueKind.Object)
                {
                    code = CspJson.GetString(root, "code") ?? CspJson.GetString(root, "statusCode");
                    message = CspJson.GetString(root, "description") ?? CspJson.GetString(root, "message");
                }
            }
            catch (JsonException)
            {
                message = body.Length > 300 ? body.Substring(0, 300) : body;
            }

            message = string.IsNullOrWhiteSpace(message) ? $"HTTP {status}" : WebUtility.HtmlDecode(message!.Trim());
            var (errorId, category, advice) = Classify(status);
            var what = request == null ? service.ToString() : $"{request.Method} {Describe(request)}";
            var text = $"{what} failed: {message}" + (code == null ? "" : $" (code {code})") + (requestId == null ? "" : $" [request id {requestId}]");
            return new CspException(errorId, category, text, request?.RequestUri?.AbsolutePath)
            {
                Service = service.ToString(),
                StatusCode = status,
                ServiceCode = code,
                RequestId = requestId,
                RecommendedAction = advice,
            };
        }

        /// <summary>The request's service path, without host and query (which may hold filters with names).</summary>
        public static string Describe(HttpRequestMessage request)
        {
            var uri = request.RequestUri;
            return uri == null ? "" : uri.AbsolutePath;
        }

        private static (string, CspErrorCategory, string?) Classify(int status)
        {
            switch (status)
            {
                case 400: return ("RequestInvalid", CspErrorCategory.InvalidArgument, null);
                case 401: return ("RequestUnauthorized", CspErrorCategory.AuthenticationError, "Connect again with Connect-CspService.");
                case 403: return ("RequestForbidden", CspErrorCategory.PermissionDenied, "Check the partner's GDAP roles and the application's permissions for this customer.");
                case 404: return ("RequestNotFound", CspErrorCategory.ObjectNotFound, null);
                case 409: return ("RequestConflict", CspErrorCategory.ResourceExists, null);
                case 429: return ("RequestThrottled", CspErrorCategory.LimitsExceeded, "The service kept throttling; run the command again later or with fewer customers at once.");
                case 408:
                case 504: return ("RequestTimedOut", CspErrorCategory.OperationTimeout, "Try again later.");
                default:
                    return status >= 500
                        ? ("ServiceUnavailable", CspErrorCategory.ResourceUnavailable, "The service is having trouble; try again later.")
                        : ("RequestFailed", CspErrorCategory.InvalidOperation, null);
            }
        }

        private static string? HeaderValue(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
    }
}
