using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Auth;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.Support;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Connect-CspService -Profile by every sign-in method, end to end against the emulator's token endpoint.</summary>
    public sealed class SignInTests : IDisposable
    {
        private readonly EmulatedCloud _cloud = EmulatedCloud.Create(new EmulatorOptions { Customers = 4, UsersPerCustomer = 2 });
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cspadmin-signin-" + Guid.NewGuid().ToString("N"));

        public SignInTests() => Directory.CreateDirectory(_folder);

        [Fact]
        public async Task ACertificateFromTheCallerOrAPasswordProtectedFileSignsInAppOnlyAndReadsEveryCustomer()
        {
            using var certificate = TestCertificates.Create();
            _cloud.AddApplicationCertificate("eu", certificate.RawData);
            var pfx = Path.Combine(_folder, "eu.pfx");
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));

            using var given = await ConnectAsync(Profile("eu", SignInMethods.Certificate, p => p.CertificateThumbprint = "00"), new SignInSecrets { Certificate = certificate });
            using var fromFile = await ConnectAsync(Profile("eu", SignInMethods.Certificate, p => p.CertificatePath = pfx), new SignInSecrets { CertificatePassword = "pfx-password" });

            Assert.Equal(SignInMethods.Certificate, given.SignInMethod);
            await AssertReadsLicensesOfEveryCustomerAsync(given, "eu");
            await AssertReadsLicensesOfEveryCustomerAsync(fromFile, "eu");
        }

        [Fact]
        public async Task AnUnregisteredCertificateOrAWrongPasswordIsRefusedAtConnectTime()
        {
            using var stranger = TestCertificates.Create("Not registered");
            File.WriteAllBytes(Path.Combine(_folder, "eu.pfx"), stranger.Export(X509ContentType.Pfx, "right"));

            var refused = await Assert.ThrowsAsync<CspException>(() =>
                ConnectAsync(Profile("eu", SignInMethods.Certificate, p => p.CertificateThumbprint = "00"), new SignInSecrets { Certificate = stranger }));
            var unreadable = await Assert.ThrowsAsync<CspException>(() =>
                ConnectAsync(Profile("eu", SignInMethods.Certificate, p => p.CertificatePath = Path.Combine(_folder, "eu.pfx")), new SignInSecrets { CertificatePassword = "wrong" }));
            var missing = await Assert.ThrowsAsync<CspException>(() =>
                ConnectAsync(Profile("eu", SignInMethods.Certificate, p => p.CertificateThumbprint = "0123456789ABCDEF0123456789ABCDEF01234567"), new SignInSecrets()));

            Assert.Equal("ConnectionSignInFailed", refused.ErrorId);
            Assert.Contains("AADSTS700027", refused.Message);
            Assert.Equal("ProfileCertificateUnreadable", unreadable.ErrorId);
            Assert.Equal("ProfileCertificateNotFound", missing.ErrorId);
        }

        [Fact]
        public async Task DeviceCodeShowsTheCodeOnceAndActsForTheUserInEveryCustomer()
        {
            var prompts = new List<string>();

            using var connection = await ConnectAsync(Profile("us", SignInMethods.DeviceCode), new SignInSecrets { DeviceCodePrompt = prompts.Add });

            Assert.Contains("enter the code", Assert.Single(prompts));
            Assert.Equal(SignInMethods.DeviceCode, connection.SignInMethod);
            await AssertReadsLicensesOfEveryCustomerAsync(connection, "us");
            Assert.NotEmpty(await connection.PartnerCenter.GetRelationshipRequestUrlAsync(null, CancellationToken.None)); // app + user only
        }

        [Fact]
        public async Task SecretsComeFromTheVariablesTheProfileNamesAndAMissingOneIsExplained()
        {
            var eu = _cloud.Partner("eu");
            var secretVariable = "CSPADMIN_TEST_SECRET_" + Guid.NewGuid().ToString("N");
            var tokenVariable = "CSPADMIN_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(secretVariable, eu.ClientSecret);
            Environment.SetEnvironmentVariable(tokenVariable, eu.RefreshToken);
            try
            {
                var profile = Profile("eu", SignInMethods.AppAndUser, p =>
                {
                    p.ClientSecretVariable = secretVariable;
                    p.RefreshTokenVariable = tokenVariable;
                });
                using var connection = await ConnectAsync(profile, new SignInSecrets());
                var noToken = await Assert.ThrowsAsync<CspException>(() =>
                    ConnectAsync(Profile("eu", SignInMethods.AppAndUser, p => p.RefreshTokenVariable = "CSPADMIN_TEST_UNSET"), new SignInSecrets { ClientSecret = eu.ClientSecret }));

                Assert.Equal(SignInMethods.AppAndUser, connection.SignInMethod);
                await AssertReadsLicensesOfEveryCustomerAsync(connection, "eu");
                Assert.Equal("ConnectionSecretMissing", noToken.ErrorId);
                Assert.Contains("CSPADMIN_TEST_UNSET", noToken.Message);
            }
            finally
            {
                Environment.SetEnvironmentVariable(secretVariable, null);
                Environment.SetEnvironmentVariable(tokenVariable, null);
            }
        }

        [Fact]
        public async Task ARefreshTokenGivenSignsInAppPlusUserToACertificateProfileUnlessACertificateIsGivenToo()
        {
            var eu = _cloud.Partner("eu");
            using var certificate = TestCertificates.Create();
            _cloud.AddApplicationCertificate("eu", certificate.RawData);
            var profile = Profile("eu", SignInMethods.Certificate, p => p.CertificateThumbprint = "0123456789ABCDEF0123456789ABCDEF01234567");

            using var appAndUser = await ConnectAsync(profile, new SignInSecrets { ClientSecret = eu.ClientSecret, RefreshToken = eu.RefreshToken });
            using var byCertificate = await ConnectAsync(profile, new SignInSecrets { ClientSecret = eu.ClientSecret, RefreshToken = eu.RefreshToken, Certificate = certificate });
            var noSecret = await Assert.ThrowsAsync<CspException>(() => ConnectAsync(profile, new SignInSecrets { RefreshToken = eu.RefreshToken }));

            Assert.Equal(SignInMethods.AppAndUser, appAndUser.SignInMethod);
            await AssertReadsLicensesOfEveryCustomerAsync(appAndUser, "eu");
            Assert.NotEmpty(await appAndUser.PartnerCenter.GetRelationshipRequestUrlAsync(null, CancellationToken.None)); // app + user only
            Assert.Equal(SignInMethods.Certificate, byCertificate.SignInMethod);
            Assert.Equal("ConnectionSecretMissing", noSecret.ErrorId);
            Assert.Contains(SignInMethods.AppAndUser, noSecret.Message);
        }

        [Fact]
        public async Task ARawAccessTokenReachesPartnerCenterButNoCustomerTenant()
        {
            var eu = _cloud.Partner("eu");
            var token = _cloud.CreateAccessToken(eu, EmulatedApi.PartnerCenter, eu.TenantId);

            using var connection = await ConnectAsync(Profile("eu", SignInMethods.ClientSecret), new SignInSecrets { AccessToken = token });
            using var context = new CspContext();
            context.Add(connection);
            var customers = await CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();
            var graph = await Assert.ThrowsAsync<CspException>(() => LicenseOverview.ReadAsync(connection, customers[0].CustomerId, ProductCatalog.Default, CancellationToken.None));

            Assert.Equal(SignInMethods.AccessToken, connection.SignInMethod);
            Assert.Equal(Expected.CustomersOf(_cloud, "eu").Count, customers.Count);
            Assert.Equal("ConnectionTokenNotForGraph", graph.ErrorId);
        }

        [Fact]
        public async Task TwoEmulatorServersAsTwoRegionsSignInByAppPlusUserAndByCertificateAndServeOnePipeline()
        {
            var certificates = Path.Combine(_folder, "certificates");
            using var euServer = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "5", "--customers", "4", "--users", "3", "--certificate-dir", certificates);
            using var usServer = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "6", "--customers", "4", "--users", "3");
            var eu = await PartnerAsync(euServer.BaseUri, "eu");
            var us = await PartnerAsync(usServer.BaseUri, "us");
            var store = new ProfileStore(Path.Combine(_folder, "config"));
            store.Add(ServerProfile("cumulus-eu", euServer.BaseUri, eu, SignInMethods.Certificate, p => p.CertificatePath = eu.GetProperty("certificatePath").GetString()));
            store.Add(ServerProfile("cumulus-us", usServer.BaseUri, us, SignInMethods.AppAndUser, _ => { }));

            using var context = new CspContext();
            context.Add(await ProfileConnector.ConnectAsync(store.Get("cumulus-eu"), new SignInSecrets(), CancellationToken.None));
            context.Add(await ProfileConnector.ConnectAsync(store.Get("cumulus-us"),
                new SignInSecrets { ClientSecret = us.GetProperty("clientSecret").GetString(), RefreshToken = us.GetProperty("refreshToken").GetString() }, CancellationToken.None));

            // Get-CspCustomer | Get-CspLicense: every customer of both accounts, each row through its own profile.
            var rows = new List<(string Profile, string Customer)>();
            foreach (var connection in context.Connections)
            {
                await foreach (var customer in CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None))
                {
                    var route = await context.ForCustomerAsync(customer.CustomerId, null, CancellationToken.None);
                    var licenses = await LicenseOverview.ReadAsync(route, customer.CustomerId, ProductCatalog.Default, CancellationToken.None);
                    rows.AddRange(licenses.Select(l => (l.Profile, customer.CustomerId)));
                }
            }

            Assert.Equal(new[] { "cumulus-eu", "cumulus-us" }, rows.Select(r => r.Profile).Distinct().OrderBy(p => p));
            Assert.Equal(new[] { SignInMethods.Certificate, SignInMethods.AppAndUser }, context.Connections.Select(c => c.SignInMethod));
            var file = File.ReadAllText(store.FilePath);
            Assert.DoesNotContain(us.GetProperty("clientSecret").GetString()!, file);
            Assert.DoesNotContain(us.GetProperty("refreshToken").GetString()!, file);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private Task<CspConnection> ConnectAsync(CspProfile profile, SignInSecrets secrets) =>
            ProfileConnector.ConnectAsync(profile, secrets, CancellationToken.None, _cloud.CreateHandler());

        /// <summary>A stored-profile shape for the in-process emulator's partner account <paramref name="partner"/>.</summary>
        private CspProfile Profile(string partner, string method, Action<CspProfile>? configure = null)
        {
            var account = _cloud.Partner(partner);
            var endpoints = CloudEndpoints.ForEmulator(EmulatorConnector.InProcessAddress);
            var profile = new CspProfile
            {
                Name = "signin-" + partner, Cloud = CloudNames.Custom, PartnerTenantId = account.TenantId, ApplicationId = account.ClientId, SignInMethod = method,
                GraphEndpoint = endpoints.Graph, PartnerCenterEndpoint = endpoints.PartnerCenter, AuthorityEndpoint = endpoints.Authority,
            };
            configure?.Invoke(profile);
            return profile;
        }

        private async Task AssertReadsLicensesOfEveryCustomerAsync(CspConnection connection, string partner)
        {
            var context = new CspContext(); // not disposed: that would close the caller's connection
            context.Add(connection);
            var customers = await CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();
            Assert.Equal(Expected.CustomersOf(_cloud, partner).Select(t => t.Id).OrderBy(i => i), customers.Select(c => c.CustomerId).OrderBy(i => i));
            foreach (var customer in customers)
            {
                Assert.NotEmpty(await LicenseOverview.ReadAsync(connection, customer.CustomerId, ProductCatalog.Default, CancellationToken.None));
            }
        }

        private static CspProfile ServerProfile(string name, Uri server, JsonElement partner, string method, Action<CspProfile> configure)
        {
            var endpoints = CloudEndpoints.ForEmulator(server);
            var profile = new CspProfile
            {
                Name = name, Cloud = CloudNames.Custom, Region = partner.GetProperty("region").GetString(),
                PartnerTenantId = partner.GetProperty("tenantId").GetString()!, ApplicationId = partner.GetProperty("clientId").GetString()!, SignInMethod = method,
                GraphEndpoint = endpoints.Graph, PartnerCenterEndpoint = endpoints.PartnerCenter, AuthorityEndpoint = endpoints.Authority,
            };
            configure(profile);
            return profile;
        }

        private static async Task<JsonElement> PartnerAsync(Uri server, string name)
        {
            using var http = new HttpClient { BaseAddress = server };
            using var partners = JsonDocument.Parse(await http.GetStringAsync("emulator/partners"));
            return partners.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
        }
    }

    /// <summary>Connect-CspService -Profile … -Identity in an Azure Automation account, whose identity the partner's app trusts.</summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class ManagedIdentityConnectTests
    {
        [Fact]
        public async Task TheAutomationAccountsIdentitySignsInAsThePartnersAppWithoutAnySecret()
        {
            var cloud = EmulatedCloud.Create(new EmulatorOptions { Customers = 4, UsersPerCustomer = 2 });
            var eu = cloud.Partner("eu");
            var endpoints = CloudEndpoints.ForEmulator(EmulatorConnector.InProcessAddress);
            var profile = new CspProfile
            {
                Name = "automation", Cloud = CloudNames.Custom, PartnerTenantId = eu.TenantId, ApplicationId = eu.ClientId, SignInMethod = SignInMethods.AppAndUser,
                GraphEndpoint = endpoints.Graph, PartnerCenterEndpoint = endpoints.PartnerCenter, AuthorityEndpoint = endpoints.Authority,
            };
            using var environment = EnvironmentVariables.AutomationAccount(eu);

            using var connection = await ProfileConnector.ConnectAsync(profile, new SignInSecrets { UseManagedIdentity = true }, CancellationToken.None, cloud.CreateHandler());
            var customer = Expected.CustomersOf(cloud, "eu")[0].Id;

            Assert.Equal(SignInMethods.ManagedIdentity, connection.SignInMethod);
            Assert.NotEmpty(await LicenseOverview.ReadAsync(connection, customer, ProductCatalog.Default, CancellationToken.None));
        }
    }
}
