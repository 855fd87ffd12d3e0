using System;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>
    /// The managed identity endpoint of a partner's Azure Automation account (App Service protocol 2019-08-01, what MSAL uses
    /// when IDENTITY_ENDPOINT and IDENTITY_HEADER are set): GET emulator/managedidentity/{partnerName}?api-version=2019-08-01
    /// &amp;resource=api://AzureADTokenExchange with the X-IDENTITY-HEADER secret. The only resource is the token exchange
    /// audience: the identity signs in as the partner's app through the app's federated credential, not on its own.
    /// </summary>
    internal sealed class ManagedIdentityService : IEmulatedService
    {
        public const string ApiVersion = "2019-08-01";
        private readonly EmulatedCloud _cloud;

        public ManagedIdentityService(EmulatedCloud cloud) => _cloud = cloud;

        public ServiceCounters Counters => _cloud.Counters.Login;

        public EmulatorResponse Handle(EmulatorRequest request, string[] path)
        {
            if (path.Length != 1)
            {
                return Error(request, 404, "The managed identity endpoint is emulator/managedidentity/{partnerName}.");
            }

            if (request.Method != "GET")
            {
                return Error(request, 405, "The managed identity endpoint only accepts GET requests.");
            }

            var now = _cloud.Now;
            lock (_cloud.Gate)
            {
                var partner = _cloud.State.FindPartner(path[0]);
                if (partner == null)
                {
                    return Error(request, 404, $"No partner account named '{path[0]}' has a managed identity.");
                }

                var identity = _cloud.Tokens.ManagedIdentityOf(partner);
                if (!string.Equals(request.Header("X-IDENTITY-HEADER"), identity.Header, StringComparison.Ordinal))
                {
                    return Error(request, 401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
                }

                var problem = request.Query["api-version"] != ApiVersion ? $"api-version must be {ApiVersion}."
                    : request.Query["mi_res_id"] != null ? "Only the system-assigned identity exists; mi_res_id is not supported."
                    : !Matches(request.Query["client_id"], identity.ClientId) || !Matches(request.Query["principal_id"], identity.ObjectId)
                        || !Matches(request.Query["object_id"], identity.ObjectId) ? "No managed identity with that id is assigned to the account."
                    : !IsTokenExchange(request.Query["resource"]) ? $"The managed identity can only get tokens for '{TokenService.TokenExchangeAudience}' (resource '{request.Query["resource"]}')."
                    : null;
                if (problem != null)
                {
                    return Error(request, 400, problem);
                }

                var token = _cloud.Tokens.IssueManagedIdentityToken(partner, now);
                return EmulatorResponse.Json(200, JsonBody.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("access_token", token);
                    w.WriteString("expires_on", (now + TokenService.ManagedIdentityTokenLifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteString("resource", TokenService.TokenExchangeAudience);
                    w.WriteString("token_type", "Bearer");
                    w.WriteString("client_id", identity.ClientId);
                    w.WriteEndObject();
                }));
            }
        }

        public EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter)
        {
            var response = Error(request, 503, "The service is temporarily unavailable.");
            if (retryAfter.HasValue)
            {
                response.WithHeader("Retry-After", JsonBody.Seconds(retryAfter.Value));
            }

            return response;
        }

        public void Decorate(EmulatorRequest request, EmulatorResponse response) => response.WithHeader("x-ms-request-id", request.RequestId);

        /// <summary>"api://AzureADTokenExchange", also with a trailing "/" or "/.default".</summary>
        private static bool IsTokenExchange(string? resource)
        {
            var value = resource ?? "";
            if (value.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
            {
                value = value.Substring(0, value.Length - "/.default".Length);
            }

            return string.Equals(value.TrimEnd('/'), TokenService.TokenExchangeAudience, StringComparison.OrdinalIgnoreCase);
        }

        private static bool Matches(string? requested, string id) => requested == null || string.Equals(requested, id, StringComparison.OrdinalIgnoreCase);

        /// <summary>The identity endpoint's error body: {"statusCode", "message", "correlationId"}.</summary>
        private static EmulatorResponse Error(EmulatorRequest request, int status, string message) =>
            EmulatorResponse.Json(status, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("statusCode", status);
                w.WriteString("message", message);
                w.WriteString("correlationId", request.Header("x-ms-client-request-id") ?? request.RequestId);
                w.WriteEndObject();
            }));
    }
}
