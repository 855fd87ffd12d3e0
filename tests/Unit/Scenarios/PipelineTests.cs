using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>The HTTP pipeline's contract, observed on the wire to the emulator.</summary>
    public sealed class PipelineTests
    {
        [Fact]
        public async Task EveryCallCarriesTheServicesRequestIdsAndABearerToken()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None);

            var graph = session.Recorder.To("/graph/").ToList();
            var partnerCenter = session.Recorder.To("/partnercenter/").ToList();
            Assert.NotEmpty(graph);
            Assert.NotEmpty(partnerCenter);
            Assert.All(graph, e => Assert.True(Guid.TryParse(e.Headers["client-request-id"], out _)));
            Assert.All(partnerCenter, e =>
            {
                Assert.True(Guid.TryParse(e.Headers["MS-RequestId"], out _));
                Assert.True(Guid.TryParse(e.Headers["MS-CorrelationId"], out _));
            });
            Assert.All(graph.Concat(partnerCenter), e => Assert.StartsWith("Bearer ", e.Headers["Authorization"]));
        }

        [Fact]
        public async Task RetriesReuseTheIdempotencyKey()
        {
            using var session = new EmulatorSession(new EmulatorOptions { ServerErrorRate = 0.5, Seed = 4 });

            var customers = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery(), CancellationToken.None).ToListAsync();

            Assert.Equal(Expected.CustomersOf(session.Cloud, "eu").Count, customers.Count);
            var attempts = session.Recorder.To("/partnercenter/").GroupBy(e => e.Headers["MS-RequestId"]).ToList();
            Assert.Contains(attempts, a => a.Count() > 1 && a.Any(e => e.Status == 503) && a.Last().Status == 200);
        }

        [Fact]
        public async Task CancellationReachesTheRequestInFlight()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Latency = TimeSpan.FromSeconds(30) });
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var watch = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, cancellation.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task DebugTraceShowsCallsButNoSecret()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var trace = new ConcurrentQueue<string>();

            using (OperationTrace.Begin(new OperationTrace(trace.Enqueue, includeBodies: true)))
            {
                await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None);
            }

            var text = string.Join("\n", trace);
            Assert.Contains("subscribedSkus", text);
            Assert.Contains("Authorization: Bearer [redacted]", text);
            var partner = session.Cloud.Partner("eu");
            var tokens = session.Recorder.Exchanges.Where(e => e.Headers.ContainsKey("Authorization")).Select(e => e.Headers["Authorization"].Substring("Bearer ".Length)).Distinct().ToList();
            Assert.NotEmpty(tokens);
            foreach (var secret in tokens.Concat(new[] { partner.ClientSecret, partner.RefreshToken }))
            {
                Assert.DoesNotContain(secret, text);
            }
        }

        [Fact]
        public async Task AWrongSecretFailsSignInWithAClearError()
        {
            var cloud = EmulatedCloud.Create(new EmulatorOptions());
            var account = EmulatorConnector.Account.From(cloud.Partner("eu"));
            account.ClientSecret = "not-the-secret";
            using var connection = EmulatorConnector.Connect(account, EmulatorConnector.InProcessAddress, cloud.CreateHandler(), TimeProvider.System, EmulatorSession.FastRetries());

            var error = await Assert.ThrowsAsync<CspException>(() => connection.VerifySignInAsync(CancellationToken.None));

            Assert.Equal("ConnectionSignInFailed", error.ErrorId);
            Assert.Equal(CspErrorCategory.AuthenticationError, error.Category);
            Assert.Contains("AADSTS", error.Message);
            Assert.DoesNotContain("not-the-secret", error.Message);
        }

        [Fact]
        public async Task GraphUsersPageThroughNextLinks()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 250 });
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var users = await session.Eu.Graph.ListUsersAsync(tenant.Id, new GraphUserQuery { Top = 100, Select = new[] { "id", "userPrincipalName", "assignedLicenses" } }, CancellationToken.None)
                .ToListAsync();

            Assert.Equal(tenant.Users.Count, users.Count);
            Assert.Equal(users.Count, users.Select(u => u.Id).Distinct().Count());
            Assert.True(session.Recorder.To("/users").Count >= 3);
            Assert.All(users, u => Assert.Null(u.DisplayName));
        }

        [Fact]
        public async Task AnUnknownSubscriptionReadsAsNone()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var found = await SubscriptionReader.ReadAsync(session.Eu, tenant.Id, Guid.NewGuid().ToString(), ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Empty(found);
        }
    }
}
