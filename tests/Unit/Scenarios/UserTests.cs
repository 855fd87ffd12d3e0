using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Users;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    public sealed class UserTests
    {
        [Fact]
        public async Task UsersComeWithLicenseNamesAndRoles()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var users = await UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery(), ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync();

            Assert.Equal(tenant.Users.Select(u => u.Id).OrderBy(x => x), users.Select(u => u.UserId).OrderBy(x => x));
            foreach (var user in users)
            {
                var state = tenant.Users.Single(u => u.Id == user.UserId);
                Assert.Equal(state.AssignedLicenses.Select(l => ProductCatalog.Default.Find(l.SkuId)!.SkuPartNumber).OrderBy(x => x), user.Licenses.OrderBy(x => x));
                Assert.Equal(state.AssignedLicenses.Select(l => ProductCatalog.Default.Find(l.SkuId)!.DisplayName).OrderBy(x => x), user.Products.OrderBy(x => x));
                Assert.Equal("Active", user.State);
                Assert.Equal("emulator-eu", user.Profile);
            }

            Assert.Contains(users, u => u.Roles.Contains("Global Administrator"));
        }

        [Fact]
        public async Task SkuFilterReturnsExactlyTheHolders()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = tenant.Users.SelectMany(u => u.AssignedLicenses).GroupBy(l => l.SkuId).OrderByDescending(g => g.Count()).First().Key;
            var name = ProductCatalog.Default.Find(sku)!;

            var byPart = await UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery { Sku = name.SkuPartNumber }, ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync();
            var byName = await UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery { Sku = name.DisplayName }, ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync();

            var holders = tenant.Users.Where(u => u.AssignedLicenses.Any(l => l.SkuId == sku)).Select(u => u.Id).OrderBy(x => x).ToList();
            Assert.Equal(holders, byPart.Select(u => u.UserId).OrderBy(x => x));
            Assert.Equal(holders, byName.Select(u => u.UserId).OrderBy(x => x));
        }

        [Theory]
        [InlineData("NOT_A_SKU", "SkuNotFound")]
        public async Task AnUnknownSkuSaysWhatTheTenantHas(string sku, string errorId)
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var error = await Assert.ThrowsAsync<CspException>(() =>
                UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery { Sku = sku }, ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync());

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains(ProductCatalog.Default.Find(tenant.Subscriptions[0].SkuId)!.SkuPartNumber, error.Message);
        }

        [Theory]
        [InlineData("not a user", "UserIdInvalid")]
        [InlineData("nobody@nowhere.example", "UserNotFound")]
        public async Task BadOrUnknownUsersAreNamed(string userId, string errorId)
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var error = await Assert.ThrowsAsync<CspException>(() =>
                UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery { UserId = userId }, ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync());

            Assert.Equal(errorId, error.ErrorId);
        }

        [Fact]
        public async Task DeletingFreesTheSeatAtOnceAndRestoringTakesItBack()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            int Assigned() => Expected.SeatsBySku(session.Cloud.Read(s => s.FindTenant(tenant.Id)!))[sku].Assigned;
            var before = Assigned();

            var deleted = await UserLifecycle.RemoveAsync(session.Eu, tenant.Id, user.UserPrincipalName, session.Journal, ProductCatalog.Default, CancellationToken.None);
            var listed = await UserReader.ReadAsync(session.Eu, tenant.Id, new UserQuery { Deleted = true }, ProductCatalog.Default, _ => { }, CancellationToken.None).ToListAsync();

            Assert.Equal("Deleted", deleted.State);
            Assert.Equal(before - 1, Assigned());
            var shown = Assert.Single(listed, u => u.UserId == user.Id);
            Assert.Equal(30, shown.DaysLeft);

            var restored = await UserLifecycle.RestoreAsync(session.Eu, tenant.Id, user.Id, false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Equal("Active", restored.State);
            Assert.Equal(before, Assigned());
            Assert.Contains(ProductCatalog.Default.Find(sku)!.SkuPartNumber, restored.Licenses);
            Assert.Equal(new[] { "UserDeleted", "UserRestored" }, session.Journal.Read().Select(e => e.Operation));
            Assert.All(session.Journal.Read(), e => Assert.Equal("Succeeded", e.Outcome));
        }

        [Fact]
        public async Task RestoreNeedsASeatOrLeavesTheLicenseOffWhenAsked()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users.First(u => u.AssignedLicenses.Count > 0);
            var sku = user.AssignedLicenses[0].SkuId;
            await UserLifecycle.RemoveAsync(session.Eu, tenant.Id, user.Id, session.Journal, ProductCatalog.Default, CancellationToken.None);
            // Someone takes every free seat of that SKU meanwhile.
            session.Cloud.Mutate(state =>
            {
                var t = state.FindTenant(tenant.Id)!;
                foreach (var subscription in t.Subscriptions.Where(s => s.SkuId == sku && s.Status == SubscriptionStatus.Active))
                {
                    subscription.Quantity = 0;
                }

                foreach (var other in t.Users)
                {
                    other.AssignedLicenses.RemoveAll(l => l.SkuId == sku);
                }
            });

            var refused = await Assert.ThrowsAsync<CspException>(() =>
                UserLifecycle.RestoreAsync(session.Eu, tenant.Id, user.Id, false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));
            Assert.Equal("LicenseSeatsExhausted", refused.ErrorId);
            Assert.Contains(ProductCatalog.Default.Find(sku)!.SkuPartNumber, refused.Message);
            Assert.Null(session.Cloud.Read(s => s.FindTenant(tenant.Id)!.FindUser(user.Id)));

            var notices = new System.Collections.Generic.List<string>();
            var restored = await UserLifecycle.RestoreAsync(session.Eu, tenant.Id, user.Id, false, true, session.Journal, ProductCatalog.Default, notices.Add, CancellationToken.None);

            Assert.DoesNotContain(ProductCatalog.Default.Find(sku)!.SkuPartNumber, restored.Licenses);
            Assert.Single(notices);
        }

        [Fact]
        public async Task AfterThirtyDaysTheUserIsPermanentlyDeleted()
        {
            var clock = new CspAdmin.Tests.Emulator.ManualClock(DateTimeOffset.UtcNow);
            using var session = new EmulatorSession(new EmulatorOptions { Clock = clock });
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users[1];
            await UserLifecycle.RemoveAsync(session.Eu, tenant.Id, user.Id, session.Journal, ProductCatalog.Default, CancellationToken.None);

            clock.Advance(TimeSpan.FromDays(31));

            var error = await Assert.ThrowsAsync<CspException>(() =>
                UserLifecycle.RestoreAsync(session.Eu, tenant.Id, user.UserPrincipalName, false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));
            Assert.Equal("UserPermanentlyDeleted", error.ErrorId);
            Assert.Contains("30 days", error.Message);
        }

        [Fact]
        public async Task TwoRestoresCannotShareTheLastSeat()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = tenant.Users.SelectMany(u => u.AssignedLicenses).GroupBy(l => l.SkuId).First(g => g.Count() >= 2).Key;
            var pair = tenant.Users.Where(u => u.AssignedLicenses.Count == 1 && u.AssignedLicenses[0].SkuId == sku).Take(2).ToList();
            Assert.Equal(2, pair.Count);
            foreach (var user in pair)
            {
                await UserLifecycle.RemoveAsync(session.Eu, tenant.Id, user.Id, session.Journal, ProductCatalog.Default, CancellationToken.None);
            }

            // Exactly one seat left for the two of them.
            session.Cloud.Mutate(s =>
            {
                var t = s.FindTenant(tenant.Id)!;
                var seats = Expected.SeatsBySku(t)[sku];
                t.Subscriptions.First(x => x.SkuId == sku && x.Status == SubscriptionStatus.Active).Quantity -= seats.Active - seats.Assigned - 1;
            });

            var results = await Task.WhenAll(pair.Select(async user =>
            {
                try
                {
                    return (await UserLifecycle.RestoreAsync(session.Eu, tenant.Id, user.Id, false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None)).State;
                }
                catch (CspException ex)
                {
                    return ex.ErrorId;
                }
            }));

            Assert.Equal(new[] { "Active", "LicenseSeatsExhausted" }, results.OrderBy(r => r));
        }

        [Fact]
        public async Task AMalformedUserIsNamedBeforeAnyChange()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var remove = await Assert.ThrowsAsync<CspException>(() => UserLifecycle.RemoveAsync(session.Eu, tenant.Id, "not a user", session.Journal, ProductCatalog.Default, CancellationToken.None));
            var restore = await Assert.ThrowsAsync<CspException>(() =>
                UserLifecycle.RestoreAsync(session.Eu, tenant.Id, "not a user", false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));

            Assert.Equal("UserIdInvalid", remove.ErrorId);
            Assert.Equal("UserIdInvalid", restore.ErrorId);
        }

        [Fact]
        public async Task RestoringAnActiveUserIsRefused()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var error = await Assert.ThrowsAsync<CspException>(() =>
                UserLifecycle.RestoreAsync(session.Eu, tenant.Id, tenant.Users[0].Id, false, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));

            Assert.Equal("UserNotDeleted", error.ErrorId);
        }
    }
}
