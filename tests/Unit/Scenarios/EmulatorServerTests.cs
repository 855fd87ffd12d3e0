using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CspAdmin.Emulator;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Emulator;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>The engine against CspAdmin.Emulator.Server over real HTTP on loopback, as Connect-CspService -EmulatorUri uses it.</summary>
    public sealed class EmulatorServerTests
    {
        [Fact]
        public async Task ConnectsToBothRegionsOfAServerAndReadsLicenses()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5");

            var connections = await EmulatorConnector.ConnectServerAsync(server.BaseUri, CancellationToken.None);
            using var context = new CspContext();
            foreach (var connection in connections)
            {
                context.Add(connection);
            }

            Assert.Equal(new[] { "emulator-eu", "emulator-us" }, context.Connections.Select(c => c.Name));
            foreach (var connection in context.Connections)
            {
                var customers = await CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();
                Assert.Equal(2, customers.Count);
                var rows = await LicenseOverview.ReadAsync(connection, customers[0].CustomerId, ProductCatalog.Default, CancellationToken.None);
                Assert.NotEmpty(rows);
                Assert.All(rows, r => Assert.Equal(r.Active - r.Assigned, r.Available));
            }
        }

        [Fact]
        public async Task AnInvitationAcceptedThroughTheServerMakesTheProspectACustomer()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5");
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            var eu = (await http.GetFromJsonAsync<JsonElement>("emulator/partners")).EnumerateArray().Single(p => p.GetProperty("name").GetString() == "eu");
            var tokenReply = await http.PostAsync("login/" + eu.GetProperty("tenantId").GetString() + "/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = eu.GetProperty("clientId").GetString()!,
                ["client_secret"] = eu.GetProperty("clientSecret").GetString()!,
                ["refresh_token"] = eu.GetProperty("refreshToken").GetString()!,
                ["scope"] = "https://api.partnercenter.microsoft.com/.default",
            }));
            var token = (await tokenReply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var filter = "partnercenter/v1/customers?filter=" + Uri.EscapeDataString("{\"Field\":\"Domain\",\"Value\":\"lakeshoreretail\",\"Operator\":\"starts_with\"}");
            var url = (await http.GetFromJsonAsync<JsonElement>("partnercenter/v1/customers/relationshiprequests")).GetProperty("url").GetString();
            var before = await http.GetFromJsonAsync<JsonElement>(filter);

            var refused = await http.PostAsJsonAsync("emulator/invitations/accept", new { url, domain = "nobody.example" });
            var accepted = await http.PostAsJsonAsync("emulator/invitations/accept", new { url, domain = "lakeshoreretail.nl" });
            var after = await http.GetFromJsonAsync<JsonElement>(filter);

            Assert.Equal(0, before.GetProperty("totalCount").GetInt32());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("nobody.example", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
            Assert.Equal("lakeshoreretail.onmicrosoft.com", Assert.Single(after.GetProperty("items").EnumerateArray()).GetProperty("companyProfile").GetProperty("domain").GetString());
        }

        [Fact]
        public async Task PartnersListTheIndirectResellersOfTheirState()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5");
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            var sameSeed = EmulatedCloud.Create(new EmulatorOptions { Seed = 3, Customers = 4, UsersPerCustomer = 5 });

            var partners = (await http.GetFromJsonAsync<JsonElement>("emulator/partners")).EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

            foreach (var (name, partner) in partners)
            {
                var expected = sameSeed.Read(s => s.FindPartner(name)!.IndirectResellers.Select(r => (r.Name, r.TenantId, r.MpnId)).ToList());
                Assert.Equal(expected, partner.GetProperty("resellers").EnumerateArray()
                    .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("tenantId").GetString()!, r.GetProperty("mpnId").GetString()!)));
            }

            Assert.Equal(new[] { 2, 2, 0 }, new[] { "eu", "us", "other" }.Select(n => partners[n].GetProperty("resellers").GetArrayLength()));
        }

        [Fact]
        public async Task ABlobStandInKeepsWhatARunbookPutsAndAnswersLikeAzureStorage()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "2", "--users", "1");
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            const string url = "emulator/blobs/checkpoints/transfer.json?sv=2024-11-04&sp=rcw&sig=abc%3D";
            var checkpoint = "{\"moved\":[\"adele@contoso.example\"]}"u8.ToArray();

            using var missing = await http.GetAsync(url);
            using var missingHead = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            using var untyped = await http.PutAsync(url, new ByteArrayContent(checkpoint));
            using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(checkpoint) };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var stored = await http.SendAsync(put);
            using var pageBlob = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(checkpoint) };
            pageBlob.Headers.Add("x-ms-blob-type", "PageBlob");
            using var otherType = await http.SendAsync(pageBlob);
            using var read = await http.GetAsync("emulator/blobs/checkpoints/transfer.json?sig=another"); // the SAS token plays no part
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            using var deleted = await http.DeleteAsync(url);

            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("BlobNotFound", XElement.Parse(await missing.Content.ReadAsStringAsync()).Element("Code")!.Value);
            Assert.Equal("BlobNotFound", Assert.Single(missing.Headers.GetValues("x-ms-error-code")));
            Assert.Equal(HttpStatusCode.NotFound, missingHead.StatusCode);
            Assert.Empty(await missingHead.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
            var refusal = XElement.Parse(await untyped.Content.ReadAsStringAsync());
            Assert.Equal(("MissingRequiredHeader", "x-ms-blob-type"), (refusal.Element("Code")!.Value, refusal.Element("HeaderName")!.Value));
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, otherType.StatusCode);
            Assert.Equal("InvalidHeaderValue", Assert.Single(otherType.Headers.GetValues("x-ms-error-code")));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("application/octet-stream", read.Content.Headers.ContentType!.MediaType);
            Assert.Equal(checkpoint, await read.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(checkpoint.Length, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.MethodNotAllowed, deleted.StatusCode);
        }

        [Fact]
        public async Task RefusesAnAddressThatIsNotLoopback()
        {
            var error = await Assert.ThrowsAsync<CspAdmin.Engine.CspException>(() => EmulatorConnector.ConnectServerAsync(new Uri("http://192.0.2.10:5099/"), CancellationToken.None));

            Assert.Equal("EmulatorAddressNotLoopback", error.ErrorId);
        }

        [Fact]
        public async Task CertificateDirectoryGivesEachPartnerAPfxThatSignsInAndSurvivesARestart()
        {
            var folder = Path.Combine(Path.GetTempPath(), "cspadmin-certificates-" + Guid.NewGuid().ToString("N"));
            try
            {
                var first = await SignInWithTheEuCertificateAsync(folder);
                var pfx = File.ReadAllBytes(Path.Combine(folder, "eu.pfx"));
                var second = await SignInWithTheEuCertificateAsync(folder);

                Assert.Equal(new[] { "eu.pfx", "other.pfx", "us.pfx" }, Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n));
                Assert.Equal(first, second);
                Assert.Equal(pfx, File.ReadAllBytes(Path.Combine(folder, "eu.pfx"))); // reused, not replaced
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// Starts a server with --certificate-dir, signs in as "eu" with ClientCertificateCredential and the written pfx, and
        /// lists customers with the token; returns the certificate's thumbprint.
        /// </summary>
        private static async Task<string> SignInWithTheEuCertificateAsync(string folder)
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5", "--certificate-dir", folder);
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            using var partners = JsonDocument.Parse(await http.GetStringAsync("emulator/partners"));
            var eu = partners.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "eu");
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(eu.GetProperty("certificatePath").GetString()!, null);
            var credential = IdentityClients.ClientCertificate(new ToServer(server.BaseUri), eu.GetProperty("tenantId").GetString()!,
                eu.GetProperty("clientId").GetString()!, certificate);

            var token = await credential.GetTokenAsync(IdentityClients.PartnerCenter, CancellationToken.None);
            using var request = new HttpRequestMessage(HttpMethod.Get, "partnercenter/v1/customers");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            using var customers = await http.SendAsync(request);

            Assert.Equal(System.Net.HttpStatusCode.OK, customers.StatusCode);
            return certificate.Thumbprint;
        }

        /// <summary>
        /// Azure.Identity only takes https authorities: requests for https://emulator.cspadmin.test/ go to the plain-HTTP server
        /// on loopback, keeping the Host header (the certificate assertion's aud names that host).
        /// </summary>
        private sealed class ToServer : DelegatingHandler
        {
            private readonly Uri _server;

            public ToServer(Uri server)
                : base(new HttpClientHandler()) => _server = server;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                request.Headers.Host = request.RequestUri!.Host;
                request.RequestUri = new Uri(_server, request.RequestUri.PathAndQuery);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
