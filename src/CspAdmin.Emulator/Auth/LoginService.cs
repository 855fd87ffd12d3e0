using System;
using System.Globalization;
using System.Text;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>
    /// The Entra token endpoint: POST {tenant}/oauth2/v2.0/token (form-encoded; also under login/), also the v1 "oauth2/token"
    /// with resource=. client_credentials gives an app-only token, refresh_token an app+user token (secure application model).
    /// The client proves it is the app with its secret or a certificate assertion (<see cref="ClientAssertions"/>).
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
            lock (_cloud.Gate)
            {
                var state = _cloud.State;
                var tenant = state.FindTenant(path[0]) ?? FindByDomain(state, path[0]);
                if (tenant == null)
                {
                    return Error(request, 400, "invalid_request", 90002,
                        $"Tenant '{path[0]}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
                }

                return Token(request, form, tenant, v2);
            }
        }

        /// <summary>The token endpoint, under the state lock.</summary>
        private EmulatorResponse Token(EmulatorRequest request, QueryString form, TenantState tenant, bool v2)
        {
            var grantType = form["grant_type"];
            var now = _cloud.Now;
            if (grantType != "client_credentials" && grantType != "refresh_token")
            {
                return Error(request, 400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");
            }

            var partner = FindApp(form["client_id"], tenant, out var failure);
            if (partner == null)
            {
                return Error(request, failure!);
            }

            failure = ClientAssertions.Authenticate(_cloud, partner, form, request.Uri, publicClient: false);
            if (failure != null)
            {
                return Error(request, failure);
            }

            var audience = ResolveAudience(form, v2 ? form["scope"] : form["resource"], partner, tenant, out failure);
            if (audience == null)
            {
                return Error(request, failure!);
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
            }

            return Tokens(claims, partner);
        }

        /// <summary>The token response; user tokens come with a refresh token.</summary>
        private EmulatorResponse Tokens(TokenClaims claims, PartnerAccountState partner)
        {
            var accessToken = _cloud.Tokens.IssueAccessToken(claims);
            var refreshToken = claims.IsAppOnly ? null : _cloud.Tokens.IssueRefreshToken(partner, claims.IssuedAt);
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

        /// <summary>The partner whose app <paramref name="clientId"/> is, when it may sign in to <paramref name="tenant"/>.</summary>
        private PartnerAccountState? FindApp(string? clientId, TenantState tenant, out LoginFailure? failure)
        {
            var partner = _cloud.State.FindPartnerByClientId(clientId);
            failure = partner != null && AccessPolicy.CanSignInto(partner, tenant) ? null : new LoginFailure(400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant.DisplayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.");
            return failure == null ? partner : null;
        }

        /// <summary>The API the scope (v2) or resource (v1) names; Partner Center only in the partner's own tenant.</summary>
        private static string? ResolveAudience(QueryString form, string? scopes, PartnerAccountState partner, TenantState tenant, out LoginFailure? failure)
        {
            failure = null;
            var audience = Audience(scopes);
            if (audience == null)
            {
                failure = new LoginFailure(400, "invalid_scope", 70011,
                    $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '{form["scope"] ?? form["resource"]}'.");
            }
            else if (audience == TokenService.PartnerCenterAudience && !string.Equals(tenant.Id, partner.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                failure = new LoginFailure(400, "unauthorized_client", 700016,
                    $"Application with identifier '{partner.ClientId}' cannot get Partner Center tokens for tenant '{tenant.Id}'; Partner Center tokens are issued in the partner tenant.");
            }

            return failure == null ? audience : null;
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

        private static TenantState? FindByDomain(EmulatorState state, string domain)
        {
            foreach (var tenant in state.Tenants)
            {
                foreach (var name in tenant.AllDomains())
                {
                    if (string.Equals(name, domain, StringComparison.OrdinalIgnoreCase))
                    {
                        return tenant;
                    }
                }
            }

            return null;
        }

        private EmulatorResponse Error(EmulatorRequest request, LoginFailure failure) =>
            Error(request, failure.Status, failure.Error, failure.Code, failure.Description);

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
