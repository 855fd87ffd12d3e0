using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Auth
{
    /// <summary>
    /// How a client proves it is the partner's app at the token endpoint: the client secret, a client assertion signed with a
    /// registered certificate (iss = sub = client id), or a federated assertion: a token of the partner's managed identity
    /// (iss = the partner tenant's Entra issuer, sub = the identity's object id, aud = api://AzureADTokenExchange).
    /// </summary>
    internal static class ClientAssertions
    {
        public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

        /// <summary>Base64 DER of an RSA certificate (the public part only), or null when <paramref name="bytes"/> is not one.</summary>
        public static string? PublicRsaCertificate(byte[] bytes)
        {
            try
            {
                using (var certificate = new X509Certificate2(bytes))
                using (var key = certificate.GetRSAPublicKey())
                {
                    return key == null ? null : Convert.ToBase64String(certificate.RawData);
                }
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        /// <summary>
        /// Null when the request proves it comes from the partner's app. A request without any credential passes only when
        /// <paramref name="publicClient"/> (device code, a public client's refresh token). <paramref name="endpoint"/> is the
        /// URL the client posted to, which a certificate assertion's aud must name.
        /// </summary>
        public static LoginFailure? Authenticate(EmulatedCloud cloud, PartnerAccountState partner, QueryString form, Uri endpoint, bool publicClient)
        {
            var type = form["client_assertion_type"];
            var assertion = form["client_assertion"];
            if (type != null || assertion != null)
            {
                if (!string.Equals(type, JwtBearer, StringComparison.Ordinal))
                {
                    return LoginFailure.Malformed($"client_assertion_type must be '{JwtBearer}'.");
                }

                if (!Jwt.TryRead(assertion, out var jwt))
                {
                    return LoginFailure.Malformed("The client_assertion is not a JWT.");
                }

                // iss = the client id marks a client's own assertion (certificate); anything else is a federated credential.
                return Is(jwt.Claim("iss"), partner.ClientId)
                    ? CertificateAssertion(partner, jwt, endpoint, TimeProvider.System.GetUtcNow())
                    : FederatedAssertion(cloud, partner, jwt, assertion!);
            }

            var secret = form["client_secret"];
            if (secret != null)
            {
                return string.Equals(partner.ClientSecret, secret, StringComparison.Ordinal) ? null : LoginFailure.InvalidClient(7000215,
                    $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{partner.ClientId}'.");
            }

            return publicClient ? null : LoginFailure.InvalidClient(7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        /// <summary>
        /// An assertion the client signed (RS256 or PS256) with the key of a registered certificate. Its lifetime is checked
        /// against the real clock: client code mints it, whatever clock the emulator runs on.
        /// </summary>
        private static LoginFailure? CertificateAssertion(PartnerAccountState partner, Jwt jwt, Uri endpoint, DateTimeOffset now)
        {
            if (!Is(jwt.Claim("sub"), partner.ClientId))
            {
                return LoginFailure.Malformed("The sub claim of a client assertion must be the client id, like its iss claim.");
            }

            var algorithm = JsonBody.GetString(jwt.Header, "alg");
            var padding = algorithm == "RS256" ? RSASignaturePadding.Pkcs1 : algorithm == "PS256" ? RSASignaturePadding.Pss : null;
            if (padding == null)
            {
                return LoginFailure.Malformed($"The client assertion is signed with '{algorithm}'; RS256 and PS256 are supported.");
            }

            return VerifySignature(partner, jwt, padding) ?? CheckLifetime(jwt, now) ?? (IsTokenEndpoint(jwt.Claim("aud"), endpoint) ? null
                : LoginFailure.InvalidClient(50012, $"Client assertion audience claim does not match Realm issuer. The aud claim must be the token endpoint '{endpoint.GetLeftPart(UriPartial.Path)}'."));
        }

        /// <summary>
        /// A token of the partner's managed identity, which the partner's app trusts as a federated identity credential. The
        /// emulator minted it, so its lifetime is checked against the emulator's clock.
        /// </summary>
        private static LoginFailure? FederatedAssertion(EmulatedCloud cloud, PartnerAccountState partner, Jwt jwt, string assertion)
        {
            const string Hint = " Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";
            var identity = cloud.Tokens.ManagedIdentityOf(partner);
            var issuer = jwt.Claim("iss");
            if (!Is(issuer, TokenService.EntraIssuer(partner.TenantId)))
            {
                return LoginFailure.InvalidClient(700211, $"No matching federated identity record found for presented assertion issuer '{issuer}'." + Hint);
            }

            var audience = jwt.Claim("aud");
            if (!Is(audience, TokenService.TokenExchangeAudience))
            {
                return LoginFailure.InvalidClient(700212, $"No matching federated identity record found for presented assertion audience '{audience}'." + Hint);
            }

            var subject = jwt.Claim("sub");
            if (!Is(subject, identity.ObjectId))
            {
                return LoginFailure.InvalidClient(700213, $"No matching federated identity record found for presented assertion subject '{subject}'." + Hint);
            }

            if (cloud.Tokens.ReadSignedJwt(assertion, out _) == null)
            {
                return LoginFailure.InvalidClient(700027, "Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]");
            }

            return CheckLifetime(jwt, cloud.Now);
        }

        /// <summary>The registered certificate named by the header's x5t#S256 (or x5t), or any registered certificate without one.</summary>
        private static LoginFailure? VerifySignature(PartnerAccountState partner, Jwt jwt, RSASignaturePadding padding)
        {
            var sha256Thumbprint = JsonBody.GetString(jwt.Header, "x5t#S256");
            var sha1Thumbprint = sha256Thumbprint == null ? JsonBody.GetString(jwt.Header, "x5t") : null;
            var signingInput = Encoding.ASCII.GetBytes(jwt.SigningInput);
            var keyFound = false;
            foreach (var registered in partner.Certificates)
            {
                var der = Convert.FromBase64String(registered);
                if ((sha256Thumbprint != null && sha256Thumbprint != Thumbprint(SHA256.Create(), der))
                    || (sha1Thumbprint != null && sha1Thumbprint != Thumbprint(SHA1.Create(), der)))
                {
                    continue;
                }

                keyFound = true;
                using (var certificate = new X509Certificate2(der))
                using (var key = certificate.GetRSAPublicKey())
                {
                    if (key != null && key.VerifyData(signingInput, jwt.Signature, HashAlgorithmName.SHA256, padding))
                    {
                        return null;
                    }
                }
            }

            if (keyFound)
            {
                return LoginFailure.InvalidClient(700027, "Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]");
            }

            var used = Base64Url.TryDecode(sha256Thumbprint ?? sha1Thumbprint ?? "") ?? Array.Empty<byte>();
            return LoginFailure.InvalidClient(700027,
                "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., " +
                $"Thumbprint of key used by client: '{BitConverter.ToString(used).Replace("-", "")}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{partner.ClientId}'.]");
        }

        private static LoginFailure? CheckLifetime(Jwt jwt, DateTimeOffset now)
        {
            var expires = jwt.Time("exp");
            if (expires == null)
            {
                return LoginFailure.Malformed("The assertion has no exp claim.");
            }

            var notBefore = jwt.Time("nbf");
            if (now <= expires.Value + Skew && (notBefore == null || notBefore.Value <= now + Skew))
            {
                return null;
            }

            return LoginFailure.InvalidClient(700024,
                $"Client assertion is not within its valid time range. Current time: {Iso(now)}, assertion valid from {Iso(notBefore ?? DateTimeOffset.FromUnixTimeSeconds(0))}, " +
                $"expiry time of assertion {Iso(expires.Value)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
        }

        /// <summary>
        /// Same host and path (case-insensitive), with or without the emulator's login/ prefix. Scheme and port are not compared:
        /// the server is plain HTTP on loopback, which Azure.Identity (https authorities only) reaches through a transport that
        /// rewrites the address and keeps the Host header.
        /// </summary>
        private static bool IsTokenEndpoint(string? audience, Uri endpoint) =>
            Uri.TryCreate(audience, UriKind.Absolute, out var claimed) && Is(claimed.Host, endpoint.Host) && Is(TokenPath(claimed), TokenPath(endpoint));

        private static string TokenPath(Uri uri)
        {
            var path = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/');
            return path.StartsWith("login/", StringComparison.OrdinalIgnoreCase) ? path.Substring("login/".Length) : path;
        }

        private static string Thumbprint(HashAlgorithm algorithm, byte[] der)
        {
            using (algorithm)
            {
                return Base64Url.Encode(algorithm.ComputeHash(der));
            }
        }

        private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static bool Is(string? a, string? b) => a != null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>A JWT read without trusting it: header, payload, the signed text and the signature.</summary>
        private sealed class Jwt
        {
            private Jwt(JsonElement header, JsonElement payload, string signingInput, byte[] signature)
            {
                Header = header;
                Payload = payload;
                SigningInput = signingInput;
                Signature = signature;
            }

            public JsonElement Header { get; }
            public JsonElement Payload { get; }
            public string SigningInput { get; }
            public byte[] Signature { get; }

            public static bool TryRead(string? token, out Jwt jwt)
            {
                jwt = null!;
                var parts = (token ?? "").Split('.');
                if (parts.Length != 3)
                {
                    return false;
                }

                var header = Json(parts[0]);
                var payload = Json(parts[1]);
                var signature = Base64Url.TryDecode(parts[2]);
                if (header == null || payload == null || signature == null)
                {
                    return false;
                }

                jwt = new Jwt(header.Value, payload.Value, parts[0] + "." + parts[1], signature);
                return true;
            }

            public string? Claim(string name) => JsonBody.GetString(Payload, name);

            /// <summary>A NumericDate claim; MSAL.NET writes nbf and exp of its assertions as strings ("1795243701").</summary>
            public DateTimeOffset? Time(string name)
            {
                if (!JsonBody.TryGetProperty(Payload, name, out var value))
                {
                    return null;
                }

                long seconds;
                var ok = value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out seconds)
                    : long.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : null, NumberStyles.Integer, CultureInfo.InvariantCulture, out seconds);
                return ok && seconds >= -62135596800L && seconds <= 253402300799L ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
            }

            private static JsonElement? Json(string part)
            {
                var bytes = Base64Url.TryDecode(part);
                if (bytes == null)
                {
                    return null;
                }

                try
                {
                    using (var document = JsonDocument.Parse(bytes))
                    {
                        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : (JsonElement?)null;
                    }
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }
    }
}
