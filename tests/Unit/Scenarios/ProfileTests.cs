using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine;
using CspAdmin.Engine.Auth;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Operations;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Connect-CspService -Profile: stored profiles, and signing in to an emulator server with one.</summary>
    public sealed class ProfileTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cspadmin-profiles-" + Guid.NewGuid().ToString("N"));

        public ProfileTests() => Directory.CreateDirectory(_folder);

        [Fact]
        public async Task AProfilePointingAtAnEmulatorServerSignsInAndReads()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "5", "--customers", "4", "--users", "3");
            var accounts = await EmulatorAccountsAsync(server.BaseUri);
            var eu = accounts.Single(a => a.Name == "eu");
            var store = Store(new
            {
                profiles = new[]
                {
                    new
                    {
                        name = "rehearsal-eu", cloud = "Custom", region = "EU", partnerTenantId = eu.TenantId, applicationId = eu.ClientId,
                        graphEndpoint = server.BaseUri + "graph/v1.0/", partnerCenterEndpoint = server.BaseUri + "partnercenter/v1/", authorityEndpoint = server.BaseUri.ToString(),
                    },
                },
            });

            using var connection = await ProfileConnector.ConnectAsync(store.Get("REHEARSAL-EU"), new SignInSecrets { ClientSecret = eu.ClientSecret, RefreshToken = eu.RefreshToken }, CancellationToken.None);
            using var context = new CspContext();
            context.Add(connection);
            var customers = await CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();

            Assert.Equal("AppAndUser", connection.SignInMethod);
            Assert.Equal(2, customers.Count);
            Assert.All(customers, c => Assert.Equal("rehearsal-eu", c.Profile));
            Assert.DoesNotContain(eu.ClientSecret, File.ReadAllText(store.FilePath));
        }

        [Fact]
        public async Task PlainHttpIsRefusedExceptOnLoopback()
        {
            var store = Store(new { profiles = new[] { new { name = "lan", partnerTenantId = Guid.NewGuid().ToString(), applicationId = "a", partnerCenterEndpoint = "http://10.1.2.3/partnercenter/v1/" } } });

            var error = await Assert.ThrowsAsync<CspException>(() => ProfileConnector.ConnectAsync(store.Get("lan"), new SignInSecrets { ClientSecret = "secret" }, CancellationToken.None));

            Assert.Equal("ProfileEndpointInsecure", error.ErrorId);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private ProfileStore Store(object content)
        {
            File.WriteAllText(Path.Combine(_folder, "profiles.json"), System.Text.Json.JsonSerializer.Serialize(content));
            return new ProfileStore(_folder);
        }

        private static async Task<System.Collections.Generic.List<EmulatorConnector.Account>> EmulatorAccountsAsync(Uri server)
        {
            using var http = new System.Net.Http.HttpClient();
            return CspAdmin.Engine.Http.CspJson.Deserialize<System.Collections.Generic.List<EmulatorConnector.Account>>(
                await http.GetStringAsync(new Uri(server, "emulator/partners")));
        }
    }
}
