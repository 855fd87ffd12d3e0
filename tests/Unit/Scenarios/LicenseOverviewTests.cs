using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    public sealed class LicenseOverviewTests
    {
        [Fact]
        public async Task EveryRowAgreesWithTheTenantState()
        {
            using var session = new EmulatorSession();

            foreach (var (connection, partner) in new[] { (session.Eu, "eu"), (session.Us, "us") })
            {
                foreach (var tenant in Expected.CustomersOf(session.Cloud, partner))
                {
                    var rows = await LicenseOverview.ReadAsync(connection, tenant.Id, ProductCatalog.Default, CancellationToken.None);
                    AssertMatches(tenant, rows);
                    Assert.All(rows, r => Assert.Equal(tenant.DisplayName, r.CompanyName));
                }
            }
        }

        [Fact]
        public async Task SeveralSubscriptionsOfOneSkuAddUpAndSuspendedSeatsStandApart()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = tenant.Subscriptions.First(s => s.Status == SubscriptionStatus.Active && s.ParentSubscriptionId == null).SkuId;
            session.Cloud.Mutate(state =>
            {
                var target = state.FindTenant(tenant.Id)!;
                var template = target.Subscriptions.First(s => s.SkuId == sku);
                target.Subscriptions.Add(Copy(template, state.NewId(), state.NewId(), quantity: 7, SubscriptionStatus.Active));
                target.Subscriptions.Add(Copy(template, state.NewId(), state.NewId(), quantity: 4, SubscriptionStatus.Suspended));
            });
            var tenantNow = session.Cloud.Read(state => state.FindTenant(tenant.Id)!);

            var rows = await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None);

            AssertMatches(tenantNow, rows);
            var row = rows.Single(r => string.Equals(r.SkuId, sku, StringComparison.OrdinalIgnoreCase));
            Assert.True(row.SubscriptionIds.Length >= 3);
            Assert.True(row.Suspended >= 4);
        }

        [Fact]
        public async Task ProductsHaveFriendlyNames()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var rows = await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None);

            Assert.NotEmpty(rows);
            Assert.All(rows, r =>
            {
                Assert.Equal(ProductCatalog.Default.Find(r.SkuId)!.DisplayName, r.Product);
                Assert.False(Guid.TryParse(r.Product, out _));
            });
        }

        [Fact]
        public async Task TwoHundredCustomersSurviveThrottlingAndInjectedFaults()
        {
            using var session = new EmulatorSession(new EmulatorOptions
            {
                Customers = 200,
                UsersPerCustomer = 5,
                ServerErrorRate = 0.10,
                DropConnectionRate = 0.03,
                TimeScale = 100,
            });
            var customers = session.Context.Connections
                .SelectMany(c => Expected.CustomersOf(session.Cloud, c.Profile.Region!.ToLowerInvariant()).Select(t => (Connection: c, Tenant: t)))
                .ToList();

            var pump = new WorkPump(8, CancellationToken.None);
            var events = new List<WorkEvent>();
            foreach (var (connection, tenant) in customers)
            {
                events.AddRange(pump.Start(tenant, async (sink, ct) =>
                {
                    foreach (var row in await LicenseOverview.ReadAsync(connection, tenant.Id, ProductCatalog.Default, ct))
                    {
                        sink.Output(row);
                    }
                }));
            }

            events.AddRange(pump.Complete());

            Assert.Equal(200, customers.Count);
            Assert.Empty(events.Where(e => e.Kind == WorkEventKind.Error).Select(e => e.Payload!.ToString()));
            var rows = events.Where(e => e.Kind == WorkEventKind.Output).Select(e => (LicenseSummary)e.Payload!).ToList();
            foreach (var (_, tenant) in customers)
            {
                AssertMatches(tenant, rows.Where(r => r.CustomerId == tenant.Id).ToList());
            }

            Assert.Contains(session.Recorder.Exchanges, e => e.Status == 503);
            Assert.Contains(session.Recorder.Exchanges, e => e.Status == 0);
        }

        [Fact]
        public async Task ThrottledCallsAreRetriedAfterRetryAfter()
        {
            var options = new EmulatorOptions { TimeScale = 50 };
            options.GraphLimits.SmallTenantResourceUnits = 12;
            using var session = new EmulatorSession(options);
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            for (var i = 0; i < 8; i++)
            {
                AssertMatches(tenant, await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None));
            }

            Assert.True(session.Eu.Statistics.Throttled > 0);
            Assert.Contains(session.Recorder.Exchanges, e => e.Status == 429);
        }

        [Fact]
        public async Task ThrottlingBeyondTheWaitCapIsReportedAsLimitsExceeded()
        {
            var options = new EmulatorOptions();
            options.GraphLimits.SmallTenantResourceUnits = 3;
            var policy = EmulatorSession.FastRetries();
            policy.MaxTotalWait = TimeSpan.Zero;
            using var session = new EmulatorSession(options, policy);
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var error = await Assert.ThrowsAsync<CspException>(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await LicenseOverview.ReadAsync(session.Eu, tenant.Id, ProductCatalog.Default, CancellationToken.None);
                }
            });

            Assert.Equal("RequestThrottled", error.ErrorId);
            Assert.Equal(CspErrorCategory.LimitsExceeded, error.Category);
            Assert.Equal("Graph", error.Service);
        }

        internal static void AssertMatches(TenantState tenant, IReadOnlyList<LicenseSummary> rows)
        {
            var expected = Expected.SeatsBySku(tenant);
            Assert.Equal(expected.Keys.Select(k => k.ToLowerInvariant()).OrderBy(k => k), rows.Select(r => r.SkuId.ToLowerInvariant()).OrderBy(k => k));
            foreach (var row in rows)
            {
                var seats = expected[row.SkuId];
                Assert.Equal(seats.Active, row.Active);
                Assert.Equal(seats.Assigned, row.Assigned);
                Assert.Equal(seats.Active - seats.Assigned, row.Available);
                Assert.Equal(seats.Suspended, row.Suspended);
                Assert.Equal(seats.Warning, row.Warning);
                Assert.Equal(seats.SubscriptionIds.OrderBy(x => x), row.SubscriptionIds.OrderBy(x => x), StringComparer.OrdinalIgnoreCase);
                Assert.Equal(tenant.Id, row.CustomerId);
            }
        }

        private static SubscriptionState Copy(SubscriptionState template, string id, string directoryId, int quantity, string status) =>
            new SubscriptionState
            {
                Id = id,
                DirectoryId = directoryId,
                SellerTenantId = template.SellerTenantId,
                SkuId = template.SkuId,
                IsNce = template.IsNce,
                OfferId = template.OfferId,
                OfferName = template.OfferName,
                FriendlyName = template.FriendlyName + " (2)",
                Quantity = quantity,
                Status = status,
                BillingCycle = template.BillingCycle,
                TermDuration = template.TermDuration,
                CreationDate = template.CreationDate,
                TermStartDate = template.TermStartDate,
                CommitmentEndDate = template.CommitmentEndDate,
                OrderId = template.OrderId,
            };
    }
}
