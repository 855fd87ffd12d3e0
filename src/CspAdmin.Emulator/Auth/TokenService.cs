using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>The claims the emulator puts in (and reads back from) its tokens.</summary>
    internal sealed class TokenClaims
    {
        public string Audience { get; set; } = "";
        /// <summary>Directory the token is for (Graph: the tenant whose data the call reads).</summary>
        public string TenantId { get; set; } = "";
        /// <summary>Partner tenant that owns the app (claim "partner_tid").</summary>
        public string PartnerTenantId { get; set; } = "";
        public string AppId { get; set; } = "";
        /// <summary>"app" (client credentials) or "user" (refresh token, app + user).</summary>
        public string IdType { get; set; } = "app";
        public string ObjectId { get; set; } = "";
        public string? Upn { get; set; }
        public string? Name { get; set; }
        public DateTimeOffset IssuedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        /// <summary>A refresh token issued to a public client (device code): it is redeemed without a client credential.</summary>
        public bool PublicClient { get; set; }

        public bool IsAppOnly => IdType != "user";
    }

    /// <summary>A partner's emulated managed identity (see <see cref="TokenService.ManagedIdentityOf"/>).</summary>
    internal sealed class ManagedIdentity
    {
        public ManagedIdentity(string clientId, string objectId, string header)
        {
            ClientId = clientId;
            ObjectId = objectId;
            Header = header;
        }

        public string ClientId { get; }
        public string ObjectId { get; }
        /// <summary>The IDENTITY_HEADER secret the identity endpoint requires in X-IDENTITY-HEADER.</summary>
        public string Header { get; }
    }

    internal enum TokenProblem
    {
        None,
        Missing,
        Malformed,
        BadSignature,
        Expired,
        NotYetValid,
        WrongAudience,
    }

    /// <summary>
    /// Mints and checks self-contained tokens: JWT-shaped access tokens (base64url header.payload.HMAC-SHA256 signature with the
    /// cloud's persisted key) and opaque-looking refresh tokens ("0." + payload + "." + signature) that can never pass as a bearer token.
    /// </summary>
    internal sealed class TokenService
    {
        public const string GraphAudience = "https://graph.microsoft.com";
        public const string PartnerCenterAudience = "https://api.partnercenter.microsoft.com";
        /// <summary>The audience of managed identity tokens that apps accept as federated credentials.</summary>
        public const string TokenExchangeAudience = "api://AzureADTokenExchange";
        public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(3599);
        public static readonly TimeSpan ManagedIdentityTokenLifetime = TimeSpan.FromHours(24);

        private static readonly string Header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"HS256\",\"kid\":\"cspadmin-emulator\"}"));
        private static readonly string[] GraphAppRoles = { "Directory.Read.All", "Organization.Read.All", "User.ReadWrite.All", "LicenseAssignment.ReadWrite.All" };
        private readonly byte[] _key;
        private readonly Func<string> _newId;

        public TokenService(byte[] key, Func<string> newId)
        {
            _key = key;
            _newId = newId;
        }

        public string IssueAccessToken(TokenClaims claims)
        {
            var payload = JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("aud", claims.Audience);
                w.WriteString("iss", "https://sts.windows.net/" + claims.TenantId + "/");
                w.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
                w.WriteNumber("nbf", claims.IssuedAt.ToUnixTimeSeconds());
                w.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
                w.WriteString("appid", claims.AppId);
                w.WriteString("appidacr", "1");
                w.WriteString("idtyp", claims.IdType);
                w.WriteString("oid", claims.ObjectId);
                w.WriteString("sub", claims.ObjectId);
                w.WriteString("tid", claims.TenantId);
                w.WriteString("partner_tid", claims.PartnerTenantId);
                if (claims.IsAppOnly)
                {
                    w.WriteStringArray("roles", claims.Audience == GraphAudience ? GraphAppRoles : new[] { "user_impersonation" });
                }
                else
                {
                    w.WriteString("upn", claims.Upn ?? "");
                    w.WriteString("unique_name", claims.Upn ?? "");
                    w.WriteString("name", claims.Name ?? "");
                    w.WriteStringArray("amr", new[] { "pwd", "mfa" });
                    w.WriteString("scp", claims.Audience == GraphAudience ? "Directory.AccessAsUser.All User.ReadWrite.All" : "user_impersonation");
                }

                w.WriteString("uti", _newId());
                w.WriteString("ver", "1.0");
                w.WriteEndObject();
            });
            return SignedJwt(payload);
        }

        /// <summary>
        /// An OpenID Connect id token for the partner's admin user, signed like the access tokens (clients read it, nobody
        /// verifies it): MSAL builds its account from it and from <see cref="ClientInfo"/>.
        /// </summary>
        public string IssueIdToken(PartnerAccountState partner, string tenantId, string clientId, DateTimeOffset now) =>
            SignedJwt(JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("aud", clientId);
                w.WriteString("iss", EntraIssuer(tenantId));
                w.WriteNumber("iat", now.ToUnixTimeSeconds());
                w.WriteNumber("nbf", now.ToUnixTimeSeconds());
                w.WriteNumber("exp", (now + AccessTokenLifetime).ToUnixTimeSeconds());
                w.WriteString("name", partner.AdminDisplayName);
                w.WriteString("oid", partner.AdminUserId);
                w.WriteString("preferred_username", partner.AdminUserPrincipalName);
                w.WriteString("sub", partner.AdminUserId);
                w.WriteString("tid", tenantId);
                w.WriteString("uti", _newId());
                w.WriteString("ver", "2.0");
                w.WriteEndObject();
            }));

        /// <summary>Entra's client_info: base64url JSON {"uid","utid"} of the user in the home (partner) tenant.</summary>
        public static string ClientInfo(PartnerAccountState partner) =>
            Base64Url.Encode(JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("uid", partner.AdminUserId);
                w.WriteString("utid", partner.TenantId);
                w.WriteEndObject();
            }));

        /// <summary>The v2 issuer Entra puts in id tokens and managed identity tokens.</summary>
        public static string EntraIssuer(string tenantId) => "https://login.microsoftonline.com/" + tenantId + "/v2.0";

        /// <summary>
        /// The partner's managed identity (Azure Automation account): client id, object id and the IDENTITY_HEADER secret,
        /// derived from the signing key and the partner tenant, so they need no state and survive Save/Load.
        /// </summary>
        public ManagedIdentity ManagedIdentityOf(PartnerAccountState partner) =>
            new ManagedIdentity(Derive("managed-identity-client|" + partner.TenantId), Derive("managed-identity-object|" + partner.TenantId),
                Sign("managed-identity-header|" + partner.TenantId));

        /// <summary>A managed identity token for <see cref="TokenExchangeAudience"/> (the emulator's clock, 24 hours).</summary>
        public string IssueManagedIdentityToken(PartnerAccountState partner, DateTimeOffset now)
        {
            var identity = ManagedIdentityOf(partner);
            return SignedJwt(JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("aud", TokenExchangeAudience);
                w.WriteString("iss", EntraIssuer(partner.TenantId));
                w.WriteNumber("iat", now.ToUnixTimeSeconds());
                w.WriteNumber("nbf", now.ToUnixTimeSeconds());
                w.WriteNumber("exp", (now + ManagedIdentityTokenLifetime).ToUnixTimeSeconds());
                w.WriteString("appid", identity.ClientId);
                w.WriteString("idtyp", "app");
                w.WriteString("oid", identity.ObjectId);
                w.WriteString("sub", identity.ObjectId);
                w.WriteString("tid", partner.TenantId);
                w.WriteString("uti", _newId());
                w.WriteString("ver", "2.0");
                w.WriteEndObject();
            }));
        }

        /// <summary>The payload of a JWT this cloud signed (null when the signature is not ours or it is not a JWT).</summary>
        public JsonElement? ReadSignedJwt(string token, out bool badSignature)
        {
            badSignature = false;
            return token.StartsWith(Header + ".", StringComparison.Ordinal) ? VerifiedPayload(token, out badSignature) : null;
        }

        /// <summary>A refresh token for the partner's admin user and app (no expiry in the emulator); <paramref name="publicClient"/> marks device-code sign-ins.</summary>
        public string IssueRefreshToken(PartnerAccountState partner, DateTimeOffset now, bool publicClient = false)
        {
            var payload = JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("typ", "refresh");
                w.WriteString("tid", partner.TenantId);
                w.WriteString("appid", partner.ClientId);
                w.WriteString("oid", partner.AdminUserId);
                w.WriteString("upn", partner.AdminUserPrincipalName);
                w.WriteString("name", partner.AdminDisplayName);
                w.WriteNumber("iat", now.ToUnixTimeSeconds());
                if (publicClient)
                {
                    w.WriteBoolean("pub", true);
                }

                w.WriteString("uti", _newId());
                w.WriteEndObject();
            });
            var unsigned = "0." + Base64Url.Encode(payload);
            return unsigned + "." + Sign(unsigned);
        }

        /// <summary>Reads a refresh token; null when it is not one of ours.</summary>
        public TokenClaims? ReadRefreshToken(string? token)
        {
            if (token == null || !token.StartsWith("0.", StringComparison.Ordinal))
            {
                return null;
            }

            var root = VerifiedPayload(token, out _);
            if (root == null || JsonBody.GetString(root.Value, "typ") != "refresh")
            {
                return null;
            }

            return new TokenClaims
            {
                TenantId = JsonBody.GetString(root.Value, "tid") ?? "",
                PartnerTenantId = JsonBody.GetString(root.Value, "tid") ?? "",
                AppId = JsonBody.GetString(root.Value, "appid") ?? "",
                IdType = "user",
                ObjectId = JsonBody.GetString(root.Value, "oid") ?? "",
                Upn = JsonBody.GetString(root.Value, "upn"),
                Name = JsonBody.GetString(root.Value, "name"),
                PublicClient = JsonBody.TryGetProperty(root.Value, "pub", out var pub) && pub.ValueKind == JsonValueKind.True,
            };
        }

        /// <summary>Checks an "Authorization" header value; returns the claims or says what is wrong.</summary>
        public TokenClaims? ValidateBearer(string? authorization, string audience, DateTimeOffset now, out TokenProblem problem)
        {
            const string scheme = "Bearer ";
            if (string.IsNullOrWhiteSpace(authorization))
            {
                problem = TokenProblem.Missing;
                return null;
            }

            if (!authorization!.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length <= scheme.Length)
            {
                problem = TokenProblem.Malformed;
                return null;
            }

            var token = authorization.Substring(scheme.Length).Trim();
            if (!token.StartsWith(Header + ".", StringComparison.Ordinal))
            {
                problem = TokenProblem.Malformed;
                return null;
            }

            var root = VerifiedPayload(token, out var badSignature);
            if (root == null)
            {
                problem = badSignature ? TokenProblem.BadSignature : TokenProblem.Malformed;
                return null;
            }

            var payload = root.Value;
            var claims = new TokenClaims
            {
                Audience = JsonBody.GetString(payload, "aud") ?? "",
                TenantId = JsonBody.GetString(payload, "tid") ?? "",
                PartnerTenantId = JsonBody.GetString(payload, "partner_tid") ?? "",
                AppId = JsonBody.GetString(payload, "appid") ?? "",
                IdType = JsonBody.GetString(payload, "idtyp") ?? "app",
                ObjectId = JsonBody.GetString(payload, "oid") ?? "",
                Upn = JsonBody.GetString(payload, "upn"),
                Name = JsonBody.GetString(payload, "name"),
                IssuedAt = DateTimeOffset.FromUnixTimeSeconds(Number(payload, "nbf")),
                ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(Number(payload, "exp")),
            };

            problem = !string.Equals(claims.Audience, audience, StringComparison.OrdinalIgnoreCase) ? TokenProblem.WrongAudience
                : claims.ExpiresAt <= now ? TokenProblem.Expired
                : claims.IssuedAt > now + TimeSpan.FromMinutes(5) ? TokenProblem.NotYetValid
                : TokenProblem.None;
            return problem == TokenProblem.None ? claims : null;
        }

        private JsonElement? VerifiedPayload(string token, out bool badSignature)
        {
            badSignature = false;
            var lastDot = token.LastIndexOf('.');
            var firstDot = token.IndexOf('.');
            if (firstDot < 0 || lastDot <= firstDot)
            {
                return null;
            }

            var unsigned = token.Substring(0, lastDot);
            var expected = Encoding.ASCII.GetBytes(Sign(unsigned));
            var actual = Encoding.ASCII.GetBytes(token.Substring(lastDot + 1));
            if (!FixedTimeEquals(expected, actual))
            {
                badSignature = true;
                return null;
            }

            var bytes = Base64Url.TryDecode(token.Substring(firstDot + 1, lastDot - firstDot - 1));
            if (bytes == null)
            {
                return null;
            }

            try
            {
                using (var document = JsonDocument.Parse(bytes))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private string SignedJwt(byte[] payload)
        {
            var unsigned = Header + "." + Base64Url.Encode(payload);
            return unsigned + "." + Sign(unsigned);
        }

        /// <summary>A GUID derived from the signing key (stable for a cloud, across Save/Load).</summary>
        private string Derive(string purpose)
        {
            using (var hmac = new HMACSHA256(_key))
            {
                var bytes = new byte[16];
                Array.Copy(hmac.ComputeHash(Encoding.UTF8.GetBytes(purpose)), bytes, 16);
                return Ids.ToGuidString(bytes);
            }
        }

        private string Sign(string unsigned)
        {
            using (var hmac = new HMACSHA256(_key))
            {
                return Base64Url.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(unsigned)));
            }
        }

        private static long Number(JsonElement element, string name) =>
            JsonBody.TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

        private static bool FixedTimeEquals(IReadOnlyList<byte> a, IReadOnlyList<byte> b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < a.Count; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }
    }
}
