using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>
    /// Raw HTTP against an emulated cloud (no engine code): a cloud on a <see cref="ManualClock"/>, an HttpClient on its handler,
    /// token helpers and a few lookups into the seeded state.
    /// </summary>
    public sealed class EmulatorClient : IDisposable
    {
        public const string BaseAddress = "https://emulator.cspadmin.test/";
        public const string GraphScope = "https://graph.microsoft.com/.default";
        public const string PartnerCenterScope = "https://api.partnercenter.microsoft.com/.default";

        private EmulatorClient(EmulatedCloud cloud, string baseAddress)
        {
            Cloud = cloud;
            Clock = cloud.Options.Clock as ManualClock
                ?? throw new ArgumentException("Emulator tests run the cloud on a ManualClock.", nameof(cloud));
            Http = new HttpClient(cloud.CreateHandler()) { BaseAddress = new Uri(baseAddress) };
        }

        public EmulatedCloud Cloud { get; }
        public ManualClock Clock { get; }
        public HttpClient Http { get; }
        public EmulatedPartner Eu => Cloud.Partner("eu");
        public EmulatedPartner Us => Cloud.Partner("us");
        public EmulatedPartner Other => Cloud.Partner("other");

        /// <summary>Seed 1, 12 customers of 20 users, a manual clock at <see cref="ManualClock.Start"/>; <paramref name="configure"/> adjusts.</summary>
        public static EmulatorClient Create(Action<EmulatorOptions>? configure = null)
        {
            var options = Options();
            configure?.Invoke(options);
            return new EmulatorClient(EmulatedCloud.Create(options), BaseAddress);
        }

        public static EmulatorOptions Options() =>
            new EmulatorOptions { Seed = 1, Customers = 12, UsersPerCustomer = 20, Clock = new ManualClock() };

        /// <summary>A client for an existing cloud (after Load, or with another base address).</summary>
        public static EmulatorClient For(EmulatedCloud cloud, string baseAddress = BaseAddress) => new EmulatorClient(cloud, baseAddress);

        public void Dispose() => Http.Dispose();

        // ----- requests -----

        public async Task<EmulatorReply> SendAsync(HttpMethod method, string url, string? token = null,
            IEnumerable<KeyValuePair<string, string>>? headers = null, HttpContent? content = null, CancellationToken cancellationToken = default)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute)) { Content = content };
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            foreach (var header in headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            var response = await Http.SendAsync(request, cancellationToken);
            return await EmulatorReply.ReadAsync(response);
        }

        public Task<EmulatorReply> GetAsync(string url, string? token = null, params (string Name, string Value)[] headers) =>
            SendAsync(HttpMethod.Get, url, token, headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));

        /// <summary>POST login/{tenant}/{endpoint} with a form body (v2 endpoint unless told otherwise).</summary>
        public Task<EmulatorReply> PostTokenAsync(string tenant, IDictionary<string, string> form, string endpoint = "oauth2/v2.0/token",
            params (string Name, string Value)[] headers) =>
            SendAsync(HttpMethod.Post, TokenEndpoint(tenant, endpoint), null,
                headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)), new FormUrlEncodedContent(form));

        /// <summary>The URL <see cref="PostTokenAsync"/> posts to: what a client assertion's aud names.</summary>
        public static string TokenEndpoint(string tenant, string endpoint = "oauth2/v2.0/token") => BaseAddress + "login/" + tenant + "/" + endpoint;

        /// <summary>The form with a client assertion (jwt-bearer) in place of the client secret.</summary>
        public static Dictionary<string, string> WithAssertion(Dictionary<string, string> form, string assertion)
        {
            form.Remove("client_secret");
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            form["client_assertion"] = assertion;
            return form;
        }

        public static Dictionary<string, string> ClientCredentials(EmulatedPartner partner, string scope, string? secret = null) =>
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = partner.ClientId,
                ["client_secret"] = secret ?? partner.ClientSecret,
                ["scope"] = scope,
            };

        public static Dictionary<string, string> RefreshToken(EmulatedPartner partner, string scope, string? refreshToken = null) =>
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = partner.ClientId,
                ["client_secret"] = partner.ClientSecret,
                ["refresh_token"] = refreshToken ?? partner.RefreshToken,
                ["scope"] = scope,
            };

        /// <summary>The <see cref="ClientCredentials"/> form for grant "client_credentials", the <see cref="RefreshToken"/> form otherwise.</summary>
        public static Dictionary<string, string> GrantForm(string grant, EmulatedPartner partner, string scope) =>
            grant == "client_credentials" ? ClientCredentials(partner, scope) : RefreshToken(partner, scope);

        /// <summary>An access token from the token endpoint (asserts that it was issued).</summary>
        public async Task<string> AccessTokenAsync(string tenant, IDictionary<string, string> form)
        {
            var reply = await PostTokenAsync(tenant, form);
            Assert.True(reply.Status == 200, reply.ToString());
            return reply.Json.GetProperty("access_token").GetString()!;
        }

        /// <summary>A Graph token (app+user) minted without the token endpoint.</summary>
        public string GraphToken(EmulatedPartner partner, string tenantId, bool appOnly = false) =>
            Cloud.CreateAccessToken(partner, EmulatedApi.Graph, tenantId, appOnly);

        public string PartnerCenterToken(EmulatedPartner partner, bool appOnly = false) =>
            Cloud.CreateAccessToken(partner, EmulatedApi.PartnerCenter, null, appOnly);

        /// <summary>The partner's customer number <paramref name="index"/> (Partner Center order) and an app+user Graph token for it.</summary>
        public (TenantState Customer, string Token) GraphCustomer(EmulatedPartner partner, int index = 0)
        {
            var customer = CustomersOf(partner)[index];
            return (customer, GraphToken(partner, customer.Id));
        }

        /// <summary>Every page of a Graph collection, following @odata.nextLink verbatim.</summary>
        public async Task<List<JsonElement>> GraphPagesAsync(string url, string token, params (string Name, string Value)[] headers)
        {
            var pages = new List<JsonElement>();
            string? next = url;
            while (next != null)
            {
                var reply = await GetAsync(next, token, headers);
                Assert.True(reply.Status == 200, next + " -> " + reply);
                pages.Add(reply.Json);
                next = reply.Json.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
                Assert.True(pages.Count < 1000, "nextLink never ends");
            }

            return pages;
        }

        // ----- the seeded state -----

        public TenantState Tenant(string id) => Cloud.Read(s => s.FindTenant(id)) ?? throw new ArgumentException("No tenant " + id);

        /// <summary>The partner's customer tenants in Partner Center order.</summary>
        public List<TenantState> CustomersOf(EmulatedPartner partner) =>
            Cloud.Read(s => s.CustomersOf(partner.TenantId).Where(t => t.Kind == TenantKinds.Customer).ToList());

        /// <summary>A customer of "eu" that also buys from "other".</summary>
        public TenantState SharedCustomer() =>
            CustomersOf(Eu).First(t => t.RelationshipWith(Other.TenantId) != null && t.Subscriptions.Any(s => s.SellerTenantId == Other.TenantId));

        /// <summary>A customer of "other" only (neither "eu" nor "us" has a relationship).</summary>
        public TenantState OtherOnlyCustomer() =>
            CustomersOf(Other).First(t => t.RelationshipWith(Eu.TenantId) == null && t.RelationshipWith(Us.TenantId) == null);

        /// <summary>The state as Save writes it.</summary>
        public static byte[] StateBytes(EmulatedCloud cloud)
        {
            var path = TemporaryStatePath();
            try
            {
                cloud.Save(path);
                return File.ReadAllBytes(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>The cloud after a round trip through Save and Load (on a new manual clock; the file is deleted).</summary>
        public static EmulatedCloud SavedAndLoaded(EmulatedCloud cloud)
        {
            var path = TemporaryStatePath();
            try
            {
                cloud.Save(path);
                return EmulatedCloud.Load(path, Options());
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string TemporaryStatePath() => Path.Combine(Path.GetTempPath(), "cspadmin-emulator-tests", Guid.NewGuid().ToString("N") + ".json");

        // ----- wire helpers -----

        /// <summary>The payload of a JWT-shaped access token.</summary>
        public static JsonElement Claims(string token)
        {
            var parts = token.Split('.');
            Assert.Equal(3, parts.Length);
            return Base64UrlJson(parts[1]);
        }

        /// <summary>JSON encoded as base64url (a JWT part, Entra's client_info).</summary>
        public static JsonElement Base64UrlJson(string value)
        {
            var base64 = value.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            return document.RootElement.Clone();
        }

        public static DateTimeOffset Date(JsonElement value) =>
            DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public static double Seconds(string retryAfter) =>
            double.Parse(retryAfter, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        public static string Escape(string value) => Uri.EscapeDataString(value);

        public static string Json(object value) => JsonSerializer.Serialize(value);
    }

    /// <summary>A response read once: status, headers, text and (when it is JSON) the parsed body.</summary>
    public sealed class EmulatorReply
    {
        private EmulatorReply(HttpResponseMessage message, string text)
        {
            Message = message;
            Text = text;
            if (text.Length > 0 && (text[0] == '{' || text[0] == '['))
            {
                using var document = JsonDocument.Parse(text);
                Json = document.RootElement.Clone();
                HasJson = true;
            }
        }

        public HttpResponseMessage Message { get; }
        public int Status => (int)Message.StatusCode;
        public string Text { get; }
        public JsonElement Json { get; }
        public bool HasJson { get; }

        /// <summary>Graph error code (error.code).</summary>
        public string? GraphError => HasJson && Json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
            ? e.GetProperty("code").GetString() : null;

        /// <summary>error.message of a Graph error.</summary>
        public string GraphMessage => Json.GetProperty("error").GetProperty("message").GetString() ?? "";

        /// <summary>Asserts a Graph error (status and error.code) and returns its message.</summary>
        public string AssertGraphError(int status, string code = "Request_BadRequest")
        {
            Assert.True(Status == status, $"expected {status}: {this}");
            Assert.Equal(code, GraphError);
            return GraphMessage;
        }

        public static async Task<EmulatorReply> ReadAsync(HttpResponseMessage response) =>
            new EmulatorReply(response, await response.Content.ReadAsStringAsync());

        /// <summary>A response or content header, raw (Retry-After may be fractional).</summary>
        public string? Header(string name)
        {
            if (Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values))
            {
                return string.Join(",", values);
            }

            return null;
        }

        public string RequiredHeader(string name) => Header(name) ?? throw new Xunit.Sdk.XunitException($"No '{name}' header in: {this}");

        public override string ToString()
        {
            var builder = new StringBuilder().Append(Status).Append(' ').Append(Message.ReasonPhrase);
            builder.Append(" ").Append(Text.Length > 600 ? Text.Substring(0, 600) + "…" : Text);
            return builder.ToString();
        }
    }
}
