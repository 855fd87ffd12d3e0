using System;
using System.Globalization;
using System.Text;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>
    /// The Entra token endpoint: POST {tenant}/oauth2/v2.0/token (form-encoded; also under login/), also the v1 "oauth2/token"
    /// with resource=, and the device authorization endpoint POST {tenant}/oauth2/v2.0/devicecode.
    /// client_credentials gives an app-only token; refresh_token and device_code give app+user tokens (the partner's admin).
    /// The client proves it is the app with its secret, a certificate assertion or its managed identity's token
    /// (<see cref="ClientAssertions"/>); device code sign-ins and their refresh tokens are public-client flows without one.
    /// The tenant is the partner's own, or — for Graph only — a customer it has a relationship with.
    /// </summary>
    internal sealed class LoginService : IEmulatedService
    {
        /// <summary>RFC 8628's grant type. MSAL.NET sends Entra the short form "device_code", which Entra accepts too.</summary>
        public const string DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";
        private const string VerificationUri = "https://microsoft.com/devicelogin";
        private readonly EmulatedCloud _cloud;

        public LoginService(EmulatedCloud cloud) => _cloud = cloud;

        public ServiceCounters Counters => _cloud.Counters.Login;

        public EmulatorResponse Handle(EmulatorRequest request, string[] path)
        {
            var v2 = path.Length == 4 && Is(path[1], "oauth2") && Is(path[2], "v2.0") && (Is(path[3], "token") || Is(path[3], "devicecode"));
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
                var tenant = state.FindTenant(path[0]) ?? state.FindTenantByDomain(path[0]);
                if (tenant == null)
                {
                    return Error(request, 400, "invalid_request", 90002,
                        $"Tenant '{path[0]}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
                }

                return v2 && Is(path[3], "devicecode") ? StartDeviceCode(request, form, tenant) : Token(request, form, tenant, v2);
            }
        }

        /// <summary>The token endpoint, under the state lock.</summary>
        private EmulatorResponse Token(EmulatorRequest request, QueryString form, TenantState tenant, bool v2)
        {
            var grantType = form["grant_type"] == "device_code" ? DeviceCodeGrantType : form["grant_type"];
            var now = _cloud.Now;
            if (grantType != "client_credentials" && grantType != "refresh_token" && grantType != DeviceCodeGrantType)
            {
                return Error(request, 400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");
            }

            var partner = FindApp(form["client_id"], tenant, out var failure);
            if (partner == null)
            {
                return Error(request, failure!);
            }

            var user = grantType == "refresh_token" ? _cloud.Tokens.ReadRefreshToken(form["refresh_token"]) : null;
            var deviceCode = grantType == DeviceCodeGrantType ? _cloud.DeviceCodes.FindByDeviceCode(form["device_code"]) : null;
            var publicClient = grantType == DeviceCodeGrantType || (user != null && user.PublicClient);
            failure = ClientAssertions.Authenticate(_cloud, partner, form, request.Uri, publicClient);
            if (failure != null)
            {
                return Error(request, failure);
            }

            var audience = ResolveAudience(form, v2 ? form["scope"] ?? deviceCode?.Scope : form["resource"], partner, tenant, out failure);
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
                if (user == null || !string.Equals(user.AppId, partner.ClientId, StringComparison.OrdinalIgnoreCase)
                    || !string.Equals(user.PartnerTenantId, partner.TenantId, StringComparison.OrdinalIgnoreCase))
                {
                    return Error(request, 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
                }
            }
            else if (grantType == DeviceCodeGrantType)
            {
                failure = RedeemDeviceCode(deviceCode, partner, now);
                if (failure != null)
                {
                    return Error(request, failure);
                }
            }

            if (grantType != "client_credentials")
            {
                claims.IdType = "user";
                claims.ObjectId = user?.ObjectId ?? partner.AdminUserId;
                claims.Upn = user?.Upn ?? partner.AdminUserPrincipalName;
                claims.Name = user?.Name ?? partner.AdminDisplayName;
            }

            return Tokens(form, claims, partner, publicClient);
        }

        /// <summary>The token response; user tokens come with a refresh token, and with id_token / client_info when the client asks (MSAL does).</summary>
        private EmulatorResponse Tokens(QueryString form, TokenClaims claims, PartnerAccountState partner, bool publicClient)
        {
            var accessToken = _cloud.Tokens.IssueAccessToken(claims);
            var refreshToken = claims.IsAppOnly ? null : _cloud.Tokens.IssueRefreshToken(partner, claims.IssuedAt, publicClient);
            var idToken = !claims.IsAppOnly && HasScope(form["scope"], "openid")
                ? _cloud.Tokens.IssueIdToken(partner, claims.TenantId, partner.ClientId, claims.IssuedAt) : null;
            var clientInfo = !claims.IsAppOnly && form["client_info"] == "1" ? TokenService.ClientInfo(partner) : null;
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

                if (idToken != null)
                {
                    w.WriteString("id_token", idToken);
                }

                if (clientInfo != null)
                {
                    w.WriteString("client_info", clientInfo);
                }

                w.WriteEndObject();
            }));
        }

        /// <summary>POST {tenant}/oauth2/v2.0/devicecode (client_id, scope; no client credential): a new pending sign-in.</summary>
        private EmulatorResponse StartDeviceCode(EmulatorRequest request, QueryString form, TenantState tenant)
        {
            var partner = FindApp(form["client_id"], tenant, out var failure);
            var audience = partner == null ? null : ResolveAudience(form, form["scope"], partner, tenant, out failure);
            if (partner == null || audience == null)
            {
                return Error(request, failure!);
            }

            var grant = _cloud.DeviceCodes.Start(partner.ClientId, form["scope"] ?? "", _cloud.Now, _cloud.NewRequestId);
            return EmulatorResponse.Json(200, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("user_code", grant.UserCode);
                w.WriteString("device_code", grant.DeviceCode);
                w.WriteString("verification_uri", VerificationUri);
                w.WriteNumber("expires_in", (int)DeviceCodes.Lifetime.TotalSeconds);
                w.WriteNumber("interval", 1);
                w.WriteString("message",
                    $"To sign in, use a web browser to open the page {VerificationUri} and enter the code {grant.UserCode} to authenticate.");
                w.WriteEndObject();
            }));
        }

        /// <summary>Null when the user approved the sign-in (now or, with auto-approval, at this first poll); the code is then used up.</summary>
        private LoginFailure? RedeemDeviceCode(DeviceCodeGrant? grant, PartnerAccountState partner, DateTimeOffset now)
        {
            if (grant == null || !string.Equals(grant.ClientId, partner.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                return new LoginFailure(400, "bad_verification_code", 70018, "The device_code sent to the token endpoint wasn't recognized.");
            }

            if (grant.ExpiresAt <= now)
            {
                return new LoginFailure(400, "expired_token", 70019, "Verification code expired. Have the user retry the sign-in.");
            }

            if (grant.Status == DeviceCodeStatus.Pending && _cloud.Options.DeviceCodeAutoApprove)
            {
                grant.Status = DeviceCodeStatus.Approved;
            }

            switch (grant.Status)
            {
                case DeviceCodeStatus.Pending:
                    return new LoginFailure(400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
                case DeviceCodeStatus.Declined:
                    _cloud.DeviceCodes.Remove(grant);
                    return new LoginFailure(400, "authorization_declined", 65004, "User declined to consent to access the app.");
                default:
                    _cloud.DeviceCodes.Remove(grant);
                    return null;
            }
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

        private static bool HasScope(string? scopes, string scope) =>
            Array.Exists((scopes ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), s => Is(s, scope));

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
