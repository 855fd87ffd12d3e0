using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Transfers;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Move-CspUserLicense's engine: plan, move in batches, buy once, resume from a checkpoint after being cut off anywhere.</summary>
    public sealed class TransferTests
    {
        private const string OfficeE3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
        private const string Microsoft365E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

        [Fact]
        public async Task EveryHolderMovesAndTheDeficitIsBoughtOnce()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 120 });
            var tenant = Arrange(session, holders: 120, newSeats: 100);
            var results = new List<TransferResult>();

            var summary = await Transfer(session, tenant, autoIncrease: true).RunAsync(results.Add, (_, _) => { }, CancellationToken.None);

            Assert.Equal(120, summary.Moved);
            Assert.Equal(0, summary.Failed);
            Assert.Equal(20, summary.SeatsBought);
            Assert.Equal(120, results.Count(r => r.Status == "Moved"));
            AssertAllMoved(session, tenant, 120);
            Assert.Single(session.Journal.Read(), e => e.Operation == "SeatsBought");
            Assert.Equal(120, session.Journal.Read().Count(e => e.Operation == "LicenseMoved" && e.Outcome == "Succeeded"));
            Assert.True(summary.Requests >= 6);
            Assert.Equal(CompanyName(session, tenant), summary.CompanyName);
        }

        [Fact]
        public async Task TooFewSeatsStopsBeforeAnyChangeAndSaysTheNumbers()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 30 });
            var tenant = Arrange(session, holders: 30, newSeats: 25);

            var error = await Assert.ThrowsAsync<CspException>(() => Transfer(session, tenant, autoIncrease: false).RunAsync(_ => { }, (_, _) => { }, CancellationToken.None));

            Assert.Equal("TransferSeatsShort", error.ErrorId);
            Assert.Contains("needs 30 seat(s); 25 are free", error.Message);
            Assert.All(session.Cloud.Read(s => s.FindTenant(tenant)!.Users.Take(30).ToList()), u => Assert.Equal(OfficeE3, Assert.Single(u.AssignedLicenses).SkuId));
        }

        [Fact]
        public async Task ThePlanChangesNothing()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 30 });
            var tenant = Arrange(session, holders: 30, newSeats: 25);
            var changes = session.Cloud.ChangeCount;

            var plan = await Transfer(session, tenant, autoIncrease: true).PlanAsync(CancellationToken.None);

            Assert.Equal(30, plan.Users);
            Assert.Equal(30, plan.SeatsNeeded);
            Assert.Equal(25, plan.SeatsFree);
            Assert.Equal(5, plan.SeatsToBuy);
            Assert.Equal("ENTERPRISEPACK", plan.From);
            Assert.Equal(CompanyName(session, tenant), plan.CompanyName);
            Assert.Equal(changes, session.Cloud.ChangeCount);
        }

        [Fact]
        public async Task CutOffAnywhereAndResumedEveryUserMovesExactlyOnce()
        {
            // The process "dies" right after its k-th request reached the emulator: the change may be applied,
            // its answer is lost, and nothing after it runs. Then the same command runs again from the checkpoint.
            for (var k = 1; k <= 20; k++)
            {
                var killer = new KillAfter(k * 2);
                using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 100, Seed = k, ServerErrorRate = 0.1, DropConnectionRate = 0.03, TimeScale = 100 },
                    interpose: inner => killer.Wrap(inner));
                var tenant = Arrange(session, holders: 100, newSeats: 80);
                var checkpoint = Path.Combine(Path.GetTempPath(), $"cspadmin-transfer-{Guid.NewGuid():N}.jsonl");
                try
                {
                    try
                    {
                        await Transfer(session, tenant, autoIncrease: true, checkpoint).RunAsync(_ => { }, (_, _) => { }, killer.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Killed: expected for every cut but the ones past the end.
                    }

                    killer.Disarm();
                    var resumed = await Transfer(session, tenant, autoIncrease: true, checkpoint).RunAsync(_ => { }, (_, _) => { }, CancellationToken.None);

                    Assert.Equal(0, resumed.Failed);
                    AssertAllMoved(session, tenant, 100);
                    Assert.Equal(100, session.Cloud.Read(s => s.FindTenant(tenant)!.Subscriptions.Single(x => x.SkuId == Microsoft365E5).Quantity));
                    Assert.True(session.Cloud.CheckInvariants().Count == 0, $"cut {k}: " + string.Join("; ", session.Cloud.CheckInvariants()));
                }
                finally
                {
                    File.Delete(checkpoint);
                }
            }
        }

        /// <summary>Lets requests through until the n-th, which reaches the emulator but whose answer is lost as the "process" dies.</summary>
        private sealed class KillAfter
        {
            private readonly CancellationTokenSource _death = new CancellationTokenSource();
            private readonly int _fatal;
            private int _count;
            private volatile bool _armed = true;

            public KillAfter(int fatal) => _fatal = fatal;

            public CancellationToken Token => _death.Token;

            public void Disarm() => _armed = false;

            public DelegatingHandler Wrap(System.Net.Http.HttpMessageHandler inner) => new Handler(this, inner);

            private sealed class Handler : DelegatingHandler
            {
                private readonly KillAfter _owner;

                public Handler(KillAfter owner, System.Net.Http.HttpMessageHandler inner)
                    : base(inner) => _owner = owner;

                protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, CancellationToken.None);
                    if (_owner._armed && Interlocked.Increment(ref _owner._count) >= _owner._fatal)
                    {
                        _owner._death.Cancel();
                        response.Dispose();
                        throw new OperationCanceledException(_owner._death.Token);
                    }

                    return response;
                }
            }
        }

        [Fact]
        public async Task NamedUsersWhoDoNotHoldTheLicenseAreSkipped()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 10 });
            var tenant = Arrange(session, holders: 5, newSeats: 10);
            var users = session.Cloud.Read(s => s.FindTenant(tenant)!.Users.Select(u => u.Id).Take(7).ToList());
            var results = new List<TransferResult>();

            var summary = await Transfer(session, tenant, autoIncrease: false, userIds: users).RunAsync(results.Add, (_, _) => { }, CancellationToken.None);

            Assert.Equal(5, summary.Moved);
            Assert.Equal(2, summary.Skipped);
            Assert.All(results.Where(r => r.Status == "Skipped"), r => Assert.Contains("does not hold ENTERPRISEPACK", r.Reason));
        }

        [Fact]
        public async Task DisabledPlansCarryOverByName()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 4 });
            var tenant = Arrange(session, holders: 4, newSeats: 4);
            var e3Plans = CspAdmin.Emulator.ProductCatalog.FindBySkuId(OfficeE3)!.ServicePlans;
            var e5Plans = CspAdmin.Emulator.ProductCatalog.FindBySkuId(Microsoft365E5)!.ServicePlans;
            var shared = e3Plans.First(p => p.AppliesTo == "User" && e5Plans.Any(q => q.Name == p.Name));
            session.Cloud.Mutate(s => s.FindTenant(tenant)!.Users[0].AssignedLicenses[0].DisabledPlans.Add(shared.Id));

            await Transfer(session, tenant, autoIncrease: false, keepPlans: true).RunAsync(_ => { }, (_, _) => { }, CancellationToken.None);

            var license = session.Cloud.Read(s => s.FindTenant(tenant)!.Users[0].AssignedLicenses.Single());
            Assert.Equal(new[] { e5Plans.First(q => q.Name == shared.Name).Id }, license.DisabledPlans);
        }

        [Fact]
        public async Task ACheckpointOfAnotherTransferIsRefused()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 4 });
            var tenant = Arrange(session, holders: 4, newSeats: 4);
            var checkpoint = Path.GetTempFileName();
            File.WriteAllText(checkpoint, "{\"customerId\":\"someone-else\",\"from\":\"a\",\"to\":\"b\"}\n");
            try
            {
                var error = await Assert.ThrowsAsync<CspException>(() => Transfer(session, tenant, autoIncrease: false, checkpoint).RunAsync(_ => { }, (_, _) => { }, CancellationToken.None));

                Assert.Equal("CheckpointMismatch", error.ErrorId);
            }
            finally
            {
                File.Delete(checkpoint);
            }
        }

        [Fact]
        public void ConcurrencyGrowsWhileCleanAndHalvesOnThrottling()
        {
            var concurrency = new AdaptiveConcurrency(2, 8);

            for (var i = 0; i < 10; i++)
            {
                concurrency.Report(throttled: false);
            }

            Assert.Equal(8, concurrency.Current);
            concurrency.Report(throttled: true);
            Assert.Equal(4, concurrency.Current);
            concurrency.Report(throttled: true);
            concurrency.Report(throttled: true);
            concurrency.Report(throttled: true);
            Assert.Equal(1, concurrency.Current);
        }

        private static void AssertAllMoved(EmulatorSession session, string tenant, int holders)
        {
            var users = session.Cloud.Read(s => s.FindTenant(tenant)!.Users.Take(holders).ToList());
            Assert.All(users, u => Assert.Equal(Microsoft365E5, Assert.Single(u.AssignedLicenses).SkuId));
        }

        private static LicenseTransfer Transfer(EmulatorSession session, string tenant, bool autoIncrease, string? checkpoint = null, IReadOnlyList<string>? userIds = null,
            bool keepPlans = false) =>
            new LicenseTransfer(session.Eu, new TransferRequest
            {
                CustomerId = tenant,
                From = "ENTERPRISEPACK",
                To = "Microsoft 365 E5",
                AutoIncrease = autoIncrease,
                CheckpointPath = checkpoint,
                UserIds = userIds,
                KeepDisabledPlans = keepPlans,
            }, session.Journal, ProductCatalog.Default, _ => { });

        private static string CompanyName(EmulatorSession session, string tenant)
        {
            var name = session.Cloud.Read(s => s.FindTenant(tenant)!.DisplayName);
            Assert.False(string.IsNullOrEmpty(name));
            return name;
        }

        /// <summary>The first <paramref name="holders"/> users hold only Office 365 E3; M365 E5 (ours, NCE) has <paramref name="newSeats"/> seats.</summary>
        private static string Arrange(EmulatorSession session, int holders, int newSeats)
        {
            var tenantId = Expected.CustomersOf(session.Cloud, "eu")[0].Id;
            var eu = session.Cloud.Partner("eu").TenantId;
            var now = session.Cloud.Now;
            session.Cloud.Mutate(state =>
            {
                var tenant = state.FindTenant(tenantId)!;
                tenant.Subscriptions.Clear();
                tenant.Subscriptions.Add(state.NewSubscription(eu, OfficeE3, Math.Max(holders, 1), nce: true, now.AddDays(-60)));
                tenant.Subscriptions.Add(state.NewSubscription(eu, Microsoft365E5, newSeats, nce: true, now.AddDays(-60)));
                foreach (var deleted in tenant.DeletedUsers)
                {
                    deleted.AssignedLicenses.Clear();
                }

                foreach (var (user, i) in tenant.Users.Select((u, i) => (u, i)))
                {
                    user.AssignedLicenses.Clear();
                    user.UsageLocation ??= "DE";
                    if (i < holders)
                    {
                        user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = OfficeE3 });
                    }
                }
            });
            return tenantId;
        }

    }
}
