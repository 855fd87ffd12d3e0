using System;
using System.Globalization;
using System.Text;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>
    /// The Entra token endpoint: POST login/{tenant}/oauth2/v2.0/token (form-encoded), also the v1 "oauth2/token" with resource=.
    /// client_credentials gives an app-only token, refresh_token an app+user token (secure application model).
    /// The tenant is the partner's own, or — for Graph only — a customer it has a relationship with.
    /// </summary>
    internal sealed class LoginService : IEmulatedService
    {
        private readonly EmulatedCloud _cloud;

        public LoginService(EmulatedCloud cloud) => _cloud = cloud;

        public ServiceCounters Counters => _cloud.Counters.Login;

        public EmulatorResponse Handle(EmulatorRequest request, string[] path)
        {
            var v2 = path.Length == 4 && Is(path[1], "oauth2") && Is(path[2], "v2.0") && Is(path[3], "token");
            var v1 = path.Length == 3 && Is(path[1], "oauth2") && Is(path[2], "token");
            if (!v1 && !v2)
            {
                return Error(request, 404, "invalid_request", 900561, "The endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/token.");
            }

            if (request.Method != "POST")
            {
                return Error(request, 405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
            }

            var form = QueryString.Parse(Encoding.UTF8.GetString(request.Body));
            var grantType = form["grant_type"];
            var clientId = form["client_id"];
            var now = _cloud.Now;

            lock (_cloud.Gate)
            {
                var state = _cloud.State;
                var tenant = state.FindTenant(path[0]) ?? state.FindTenantByDomain(path[0]);
                if (tenant == null)
                {
                    return Error(request, 400, "invalid_request", 90002,
                        $"Tenant '{path[0]}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
                }

                if (grantType != "client_credentials" && grantType != "refresh_token")
                {
                    return Error(request, 400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");
                }

                var partner = state.FindPartnerByClientId(clientId);
                if (partner == null || !AccessPolicy.CanSignInto(partner, tenant))
                {
                    return Error(request, 400, "unauthorized_client", 700016,
                        $"Application with identifier '{clientId}' was not found in the directory '{tenant.DisplayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.");
                }

                if (!string.Equals(partner.ClientSecret, form["client_secret"], StringComparison.Ordinal))
                {
                    return Error(request, 401, "invalid_client", 7000215,
                        $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{partner.ClientId}'.");
                }

                var audience = Audience(v2 ? form["scope"] : form["resource"]);
                if (audience == null)
                {
                    return Error(request, 400, "invalid_scope", 70011,
                        $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '{form["scope"] ?? form["resource"]}'.");
                }

                if (audience == TokenService.PartnerCenterAudience && !string.Equals(tenant.Id, partner.TenantId, StringComparison.OrdinalIgnoreCase))
                {
                    return Error(request, 400, "unauthorized_client", 700016,
                        $"Application with identifier '{clientId}' cannot get Partner Center tokens for tenant '{tenant.Id}'; Partner Center tokens are issued in the partner tenant.");
                }

                var claims = new TokenClaims
                {
                    Audience = audience,
                    TenantId = tenant.Id,
                    PartnerTenantId = partner.TenantId,
                    AppId = partner.ClientId,
                    IdType = "app",
                    ObjectId = partner.ServicePrincipalId,
                    IssuedAt = now,
                    ExpiresAt = now + TokenService.AccessTokenLifetime,
                };

                string? refreshToken = null;
                if (grantType == "refresh_token")
                {
                    var user = _cloud.Tokens.ReadRefreshToken(form["refresh_token"]);
                    if (user == null || !string.Equals(user.AppId, partner.ClientId, StringComparison.OrdinalIgnoreCase)
                        || !string.Equals(user.PartnerTenantId, partner.TenantId, StringComparison.OrdinalIgnoreCase))
                    {
                        return Error(request, 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
                    }

                    claims.IdType = "user";
                    claims.ObjectId = user.ObjectId;
                    claims.Upn = user.Upn;
                    claims.Name = user.Name;
                    refreshToken = _cloud.Tokens.IssueRefreshToken(partner, now);
                }

                var accessToken = _cloud.Tokens.IssueAccessToken(claims);
                return EmulatorResponse.Json(200, JsonBody.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("token_type", "Bearer");
                    w.WriteNumber("expires_in", (int)TokenService.AccessTokenLifetime.TotalSeconds);
                    w.WriteNumber("ext_expires_in", (int)TokenService.AccessTokenLifetime.TotalSeconds);
                    w.WriteString("access_token", accessToken);
                    if (refreshToken != null)
                    {
                        w.WriteString("refresh_token", refreshToken);
                    }

                    w.WriteEndObject();
                }));
            }
        }

        public EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter)
        {
            var response = Error(request, 503, "temporarily_unavailable", 50196, "The server is temporarily unavailable. Please try again later.");
            if (retryAfter.HasValue)
            {
                response.WithHeader("Retry-After", JsonBody.Seconds(retryAfter.Value));
            }

            return response;
        }

        public void Decorate(EmulatorRequest request, EmulatorResponse response)
        {
            response.WithHeader("x-ms-request-id", request.RequestId);
            var correlation = request.Header("client-request-id");
            if (correlation != null)
            {
                response.WithHeader("client-request-id", correlation);
            }
        }

        /// <summary>"https://graph.microsoft.com/.default", ".../user_impersonation" or a v1 resource; other scopes (offline_access) are ignored.</summary>
        private static string? Audience(string? scopes)
        {
            foreach (var scope in (scopes ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var audience in new[] { TokenService.GraphAudience, TokenService.PartnerCenterAudience })
                {
                    if (scope.StartsWith(audience, StringComparison.OrdinalIgnoreCase)
                        && (scope.Length == audience.Length || scope[audience.Length] == '/'))
                    {
                        return audience;
                    }
                }
            }

            return null;
        }

        private EmulatorResponse Error(EmulatorRequest request, int status, string error, int code, string description)
        {
            var now = _cloud.Now;
            var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var correlation = request.Header("client-request-id") ?? request.RequestId;
            return EmulatorResponse.Json(status, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error);
                w.WriteString("error_description",
                    $"AADSTS{code}: {description} Trace ID: {request.RequestId} Correlation ID: {correlation} Timestamp: {timestamp}");
                w.WriteStartArray("error_codes");
                w.WriteNumberValue(code);
                w.WriteEndArray();
                w.WriteString("timestamp", timestamp);
                w.WriteString("trace_id", request.RequestId);
                w.WriteString("correlation_id", correlation);
                w.WriteString("error_uri", "https://login.microsoftonline.com/error?code=" + code);
                w.WriteEndObject();
            }));
        }

        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
