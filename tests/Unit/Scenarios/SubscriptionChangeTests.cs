using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Optimization;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Set-CspSubscription and Invoke-CspOptimization engines against the emulator.</summary>
    public sealed class SubscriptionChangeTests
    {
        private const string OfficeE3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";

        [Fact]
        public async Task AnIncreaseShowsAtOnceInTheLicenseTable()
        {
            using var session = new EmulatorSession();
            var (tenant, nce, _, _) = Arrange(session, assigned: 5);

            var changed = await Change(session, tenant, nce, new SubscriptionChange { Quantity = 13 });

            Assert.Equal(13, changed.Quantity);
            Assert.Equal(13 + 10 + 4, Seats(session, tenant).Active);
            var entry = Assert.Single(session.Journal.Read(), e => e.Operation == "SubscriptionChanged");
            Assert.Equal("Succeeded", entry.Outcome);
        }

        [Fact]
        public async Task NewCommerceSeatsGoOnlyInsideTheirWindow()
        {
            using var session = new EmulatorSession();
            var (tenant, nce, closed, _) = Arrange(session, assigned: 2);

            var refused = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, closed, new SubscriptionChange { Quantity = 9 }));
            var allowed = await Change(session, tenant, nce, new SubscriptionChange { Quantity = 7 });

            Assert.Equal("SubscriptionDecreaseNotAllowed", refused.ErrorId);
            Assert.Contains("closed on", refused.Message);
            Assert.Contains("Only increases", refused.Message);
            Assert.Equal(10, session.Cloud.Read(s => s.FindTenant(tenant)!.FindSubscription(closed)!.Quantity));
            Assert.Equal(7, allowed.Quantity);
        }

        [Fact]
        public async Task LegacySeatsGoAnyTimeButNeverBelowWhatIsAssignedUnlessForced()
        {
            using var session = new EmulatorSession();
            var (tenant, _, _, legacy) = Arrange(session, assigned: 20);

            var refused = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, legacy, new SubscriptionChange { Quantity = 1 }));
            var forced = await Change(session, tenant, legacy, new SubscriptionChange { Quantity = 1, Force = true });

            Assert.Equal("SubscriptionBelowAssigned", refused.ErrorId);
            Assert.Contains("20 seat(s)", refused.Message);
            Assert.Equal(1, forced.Quantity);
        }

        [Theory]
        [InlineData(0, "SubscriptionQuantityInvalid")]
        [InlineData(-3, "SubscriptionQuantityInvalid")]
        [InlineData(1000000, "SubscriptionQuantityInvalid")]
        public async Task ImpossibleQuantitiesAreRefused(int quantity, string errorId)
        {
            using var session = new EmulatorSession();
            var (tenant, nce, _, _) = Arrange(session, assigned: 1);

            var error = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, nce, new SubscriptionChange { Quantity = quantity }));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(8, session.Cloud.Read(s => s.FindTenant(tenant)!.FindSubscription(nce)!.Quantity));
        }

        [Fact]
        public async Task SuspendingTwiceAndTouchingAnotherPartnersSubscriptionAreRefused()
        {
            using var session = new EmulatorSession();
            var (tenant, _, _, legacy) = Arrange(session, assigned: 1);
            var other = session.Cloud.Partner("other").TenantId;
            var theirs = "";
            session.Cloud.Mutate(s =>
            {
                var t = s.FindTenant(tenant)!;
                var copy = s.NewSubscription(other, OfficeE3, 3, nce: false, DateTimeOffset.UtcNow.AddDays(-50));
                t.Subscriptions.Add(copy);
                theirs = copy.Id;
                if (t.RelationshipWith(other) == null)
                {
                    t.Relationships.Add(new PartnerRelationshipState { PartnerTenantId = other });
                }
            });

            await Change(session, tenant, legacy, new SubscriptionChange { Suspend = true });
            var twice = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, legacy, new SubscriptionChange { Suspend = true }));
            var foreign = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, theirs, new SubscriptionChange { Quantity = 9 }));
            var resumed = await Change(session, tenant, legacy, new SubscriptionChange { Resume = true });

            Assert.Equal("SubscriptionAlreadySuspended", twice.ErrorId);
            Assert.Equal("SubscriptionNotProvidedByPartner", foreign.ErrorId);
            Assert.Equal("active", resumed.Status);
        }

        [Fact]
        public async Task SuspendingSeatsThatUsersHoldNeedsForce()
        {
            using var session = new EmulatorSession();
            var (tenant, _, _, legacy) = Arrange(session, assigned: 20);

            var error = await Assert.ThrowsAsync<CspException>(() => Change(session, tenant, legacy, new SubscriptionChange { Suspend = true }));

            Assert.Equal("SubscriptionBelowAssigned", error.ErrorId);
            Assert.Equal("active", session.Cloud.Read(s => s.FindTenant(tenant)!.FindSubscription(legacy)!.Status));
        }

        [Fact]
        public async Task AChangeToWhatIsAlreadyThereSendsNothing()
        {
            using var session = new EmulatorSession();
            var (tenant, nce, _, _) = Arrange(session, assigned: 1);

            var same = await Change(session, tenant, nce, new SubscriptionChange { Quantity = 8 });

            Assert.Equal(8, same.Quantity);
            Assert.DoesNotContain(session.Recorder.Exchanges, e => e.Method == "PATCH");
            Assert.Empty(session.Journal.Read());
        }

        [Fact]
        public async Task AnAcceptedChangeIsWaitedForUntilItShows()
        {
            using var session = new EmulatorSession(new EmulatorOptions { SubscriptionUpdateAcceptedRate = 1, TimeScale = 100 });
            var (tenant, nce, _, _) = Arrange(session, assigned: 1);
            var waits = new List<TimeSpan>();

            var changed = await SubscriptionWriter.UpdateAsync(session.Eu, tenant, nce, new SubscriptionChange { Quantity = 12 }, session.Journal, ProductCatalog.Default,
                _ => { }, waits.Add, CancellationToken.None);

            Assert.Equal(12, changed.Quantity);
            Assert.NotEmpty(waits);
        }

        [Fact]
        public async Task OptimisationTakesUnusedSeatsOffOpenWindowsAndLegacyAndASecondRunPlansNothing()
        {
            using var session = new EmulatorSession();
            // 8 (NCE, 3 refundable) + 10 (NCE, window closed) + 4 (legacy) = 22 active, 12 assigned, keep 1 free: 9 unused can go.
            var (tenant, nce, closed, legacy) = Arrange(session, assigned: 12);

            var plan = await LicenseOptimizer.RunAsync(session.Eu, tenant, new Headroom { Seats = 1 }, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Equal(3, Line(plan, nce).Saved);
            Assert.Equal("Planned", Line(plan, nce).Status);
            Assert.Equal(3, Line(plan, legacy).Saved);
            Assert.Equal(1, Line(plan, legacy).ProposedQuantity);
            Assert.Equal("Skipped", Line(plan, closed).Status);
            Assert.Contains("window closed", Line(plan, closed).Reason);
            Assert.Contains("renewal", Line(plan, closed).Reason);
            Assert.Empty(session.Journal.Read());

            var applied = await LicenseOptimizer.RunAsync(session.Eu, tenant, new Headroom { Seats = 1 }, true, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);
            var again = await LicenseOptimizer.RunAsync(session.Eu, tenant, new Headroom { Seats = 1 }, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Equal(2, applied.Count(l => l.Status == "Applied"));
            Assert.Equal(5, session.Cloud.Read(s => s.FindTenant(tenant)!.FindSubscription(nce)!.Quantity));
            Assert.Equal(1, session.Cloud.Read(s => s.FindTenant(tenant)!.FindSubscription(legacy)!.Quantity));
            Assert.Equal(2, session.Journal.Read().Count(e => e.Operation == "SubscriptionChanged" && e.Outcome == "Succeeded"));
            Assert.DoesNotContain(again, l => l.Status == "Planned");
        }

        [Fact]
        public async Task OtherPartnersSeatsCountButAreNeverTouched()
        {
            using var session = new EmulatorSession();
            var (tenant, nce, closed, legacy) = Arrange(session, assigned: 12);
            var other = session.Cloud.Partner("other").TenantId;
            session.Cloud.Mutate(s =>
            {
                var t = s.FindTenant(tenant)!;
                t.Subscriptions.Add(s.NewSubscription(other, OfficeE3, 30, nce: false, DateTimeOffset.UtcNow.AddDays(-50)));
                if (t.RelationshipWith(other) == null)
                {
                    t.Relationships.Add(new PartnerRelationshipState { PartnerTenantId = other });
                }
            });

            var plan = await LicenseOptimizer.RunAsync(session.Eu, tenant, new Headroom(), false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Equal(new[] { nce, closed, legacy }.OrderBy(x => x), plan.Select(l => l.SubscriptionId).OrderBy(x => x));
            Assert.Equal(3 + 3, plan.Sum(l => l.Saved));
        }

        [Fact]
        public void HeadroomIsTheLargerOfSeatsAndPercent()
        {
            Assert.Equal(3, new Headroom { Seats = 3, Percent = 10 }.For(20));
            Assert.Equal(5, new Headroom { Seats = 3, Percent = 10 }.For(41));
            Assert.Equal(0, new Headroom().For(100));
        }

        private static OptimizationResult Line(IEnumerable<OptimizationResult> plan, string subscriptionId) => plan.Single(l => l.SubscriptionId == subscriptionId);

        private static Task<CspAdmin.Engine.Model.Subscription> Change(EmulatorSession session, string tenant, string subscription, SubscriptionChange change) =>
            SubscriptionWriter.UpdateAsync(session.Eu, tenant, subscription, change, session.Journal, ProductCatalog.Default, _ => { }, null, CancellationToken.None);

        private static CspAdmin.Engine.Model.LicenseSummary Seats(EmulatorSession session, string tenant) =>
            CspAdmin.Engine.Licensing.LicenseOverview.ReadAsync(session.Eu, tenant, ProductCatalog.Default, CancellationToken.None).Result.Single(r => r.SkuId == OfficeE3);

        /// <summary>
        /// Office 365 E3 fed by three subscriptions of ours: NCE bought 100 days ago with 3 seats added an hour ago (8, 3 refundable),
        /// NCE whose window closed (10), and legacy (4); <paramref name="assigned"/> users hold it.
        /// </summary>
        private static (string Tenant, string Nce, string Closed, string Legacy) Arrange(EmulatorSession session, int assigned)
        {
            var tenantId = Expected.CustomersOf(session.Cloud, "eu")[0].Id;
            var eu = session.Cloud.Partner("eu").TenantId;
            string nce = "", closed = "", legacy = "";
            var now = session.Cloud.Now;
            session.Cloud.Mutate(state =>
            {
                var tenant = state.FindTenant(tenantId)!;
                tenant.Subscriptions.Clear();
                var open = state.NewSubscription(eu, OfficeE3, 8, nce: true, now.AddDays(-100));
                open.SeatEvents[0].Quantity = 5;
                open.SeatEvents.Add(new SeatEventState { Quantity = 3, At = now.AddHours(-1) });
                var shut = state.NewSubscription(eu, OfficeE3, 10, nce: true, now.AddDays(-40));
                var old = state.NewSubscription(eu, OfficeE3, 4, nce: false, now.AddDays(-400));
                tenant.Subscriptions.AddRange(new[] { open, shut, old });
                (nce, closed, legacy) = (open.Id, shut.Id, old.Id);
                foreach (var (user, i) in tenant.Users.Select((u, i) => (u, i)))
                {
                    user.AssignedLicenses.Clear();
                    if (i < assigned)
                    {
                        user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = OfficeE3 });
                    }
                }
            });
            return (tenantId, nce, closed, legacy);
        }

    }
}
