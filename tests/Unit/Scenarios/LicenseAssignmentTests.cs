using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Users;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Set-CspUserLicense's engine against the emulator: atomic swaps, seat checks, batching, auto-increase.</summary>
    public sealed class LicenseAssignmentTests
    {
        private const string OfficeE3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
        private const string Microsoft365E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

        [Fact]
        public async Task SwappingLeavesEveryUserWithExactlyTheNewLicense()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 45 });
            var (tenant, holders) = Arrange(session, oldSeats: 45, holders: 45, newSeats: 45);

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "Office 365 E3" } })
                .ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Null(o.Error));
            Assert.All(outcomes, o => Assert.Equal("Changed", o.Result!.Status));
            Assert.All(outcomes, o => Assert.Equal(new[] { "SPE_E3" }, o.Result!.Licenses));
            var now = session.Cloud.Read(s => s.FindTenant(tenant)!);
            Assert.All(now.Users.Where(u => holders.Contains(u.Id)), u => Assert.Equal(new[] { Microsoft365E3 }, u.AssignedLicenses.Select(l => l.SkuId)));
            var seats = Expected.SeatsBySku(now);
            Assert.Equal(45, seats[Microsoft365E3].Assigned);
            Assert.False(seats.TryGetValue(OfficeE3, out var old) && old.Assigned > 0);
            // 45 users: three batches to read them and three to change them.
            Assert.Equal(6, session.Recorder.To("/$batch").Count);
            Assert.Equal(45, session.Journal.Read().Count(e => e.Operation == "LicensesChanged" && e.Outcome == "Succeeded"));
        }

        [Fact]
        public async Task ABatchWhoseAnswerIsLostIsConfirmedFromTheLiveStateNotSentTwice()
        {
            var dropper = new DropFirstChangeAnswer();
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 }, interpose: dropper.Wrap);
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 5);

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" } })
                .ApplyAsync(holders, CancellationToken.None);

            Assert.True(dropper.Dropped);
            Assert.All(outcomes, o => Assert.Equal(new[] { "SPE_E3" }, o.Result!.Licenses));
            // One batch read the users and one changed them; the lost one was confirmed, not sent again.
            Assert.Equal(2, session.Recorder.To("/$batch").Count);
        }

        /// <summary>Lets the first batch of license changes reach the emulator, then loses its answer, as a dropped connection would.</summary>
        private sealed class DropFirstChangeAnswer
        {
            public bool Dropped { get; private set; }

            public DelegatingHandler Wrap(System.Net.Http.HttpMessageHandler inner) => new Handler(this, inner);

            private sealed class Handler : DelegatingHandler
            {
                private readonly DropFirstChangeAnswer _owner;

                public Handler(DropFirstChangeAnswer owner, System.Net.Http.HttpMessageHandler inner)
                    : base(inner) => _owner = owner;

                protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var changes = request.Content != null && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("assignLicense");
                    var response = await base.SendAsync(request, cancellationToken);
                    if (changes && !_owner.Dropped)
                    {
                        _owner.Dropped = true;
                        response.Dispose();
                        throw new System.Net.Http.HttpRequestException("connection reset", new System.IO.IOException("Connection reset by peer"));
                    }

                    return response;
                }
            }
        }

        [Fact]
        public async Task ARepeatChangesNothing()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 10 });
            var (tenant, holders) = Arrange(session, oldSeats: 10, holders: 10, newSeats: 10);
            var spec = new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" } };
            await Assigner(session, tenant, spec).ApplyAsync(holders, CancellationToken.None);

            var again = await Assigner(session, tenant, spec).ApplyAsync(holders, CancellationToken.None);

            Assert.All(again, o => Assert.Equal("Unchanged", o.Result!.Status));
        }

        [Fact]
        public async Task TooFewSeatsRefusesTheUsersWhoDoNotFitAndSaysHowMany()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 10 });
            var (tenant, holders) = Arrange(session, oldSeats: 10, holders: 10, newSeats: 7);

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" } })
                .ApplyAsync(holders, CancellationToken.None);

            Assert.Equal(7, outcomes.Count(o => o.Result?.Status == "Changed"));
            var refused = outcomes.Where(o => o.Error != null).ToList();
            Assert.Equal(3, refused.Count);
            Assert.All(refused, o =>
            {
                var error = Assert.IsType<CspException>(o.Error);
                Assert.Equal("LicenseSeatsExhausted", error.ErrorId);
                Assert.Contains("Microsoft 365 E3 (SPE_E3) has 7 free seat(s) and 10 were needed", error.Message);
            });
            // The refused users keep their old license: nobody is left without one.
            var now = session.Cloud.Read(s => s.FindTenant(tenant)!);
            Assert.All(now.Users.Where(u => holders.Contains(u.Id)), u => Assert.Single(u.AssignedLicenses));
        }

        [Fact]
        public async Task AutoIncreaseBuysTheWholeDeficitOnce()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 30 });
            var (tenant, holders) = Arrange(session, oldSeats: 30, holders: 30, newSeats: 4);
            var notices = new List<string>();

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" }, AutoIncrease = true }, notices)
                .ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Null(o.Error));
            var bought = session.Journal.Read().Where(e => e.Operation == "SeatsBought").ToList();
            Assert.Single(bought);
            Assert.Contains("26 seat(s)", bought[0].Detail);
            var subscription = session.Cloud.Read(s => s.FindTenant(tenant)!.Subscriptions.Single(x => x.SkuId == Microsoft365E3));
            Assert.Equal(30, subscription.Quantity);
            Assert.Contains(notices, n => n.Contains("Bought 26 seat(s) of Microsoft 365 E3") && n.Contains(subscription.Id));
        }

        [Fact]
        public async Task AutoIncreaseNeedsASubscriptionThisPartnerProvides()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 });
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 1, newSeller: "other");
            session.Cloud.Mutate(s => s.FindTenant(tenant)!.Users.Single(u => u.Id == holders[4]).AssignedLicenses.Add(new AssignedLicenseState { SkuId = Microsoft365E3 }));
            holders.RemoveAt(4);

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, AutoIncrease = true }).ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Equal("LicenseAutoIncreaseUnavailable", Assert.IsType<CspException>(o.Error).ErrorId));
        }

        [Fact]
        public async Task AUserWithoutUsageLocationIsNamed()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 });
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 5);
            session.Cloud.Mutate(s => s.FindTenant(tenant)!.FindUser(holders[0])!.UsageLocation = null);

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" } }).ApplyAsync(holders, CancellationToken.None);

            Assert.Equal("UserUsageLocationMissing", Assert.IsType<CspException>(outcomes[0].Error).ErrorId);
            Assert.All(outcomes.Skip(1), o => Assert.Null(o.Error));
            Assert.Contains(session.Journal.Read(), e => e.Outcome == "Failed" && e.Operation == "LicensesChanged");
        }

        [Fact]
        public async Task WithoutTheGdapRoleTheErrorNamesIt()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 });
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 5);
            var eu = session.Cloud.Partner("eu").TenantId;
            session.Cloud.Mutate(s =>
            {
                var roles = s.FindTenant(tenant)!.RelationshipWith(eu)!.Gdap!.RoleDefinitionIds;
                roles.RemoveAll(r => r == GdapRoles.LicenseAdministrator || r == GdapRoles.UserAdministrator || r == GdapRoles.GlobalAdministrator);
            });

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, Remove = new[] { "ENTERPRISEPACK" } }).ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o =>
            {
                var error = Assert.IsType<CspException>(o.Error);
                Assert.Equal("CustomerRoleMissing", error.ErrorId);
                Assert.Contains("License Administrator", error.Message);
                Assert.Equal(CspErrorCategory.PermissionDenied, error.Category);
            });
        }

        [Fact]
        public async Task NothingIsBoughtForChangesTheGdapRolesWouldRefuse()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 });
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 1);
            var eu = session.Cloud.Partner("eu").TenantId;
            session.Cloud.Mutate(s => s.FindTenant(tenant)!.RelationshipWith(eu)!.Gdap!.RoleDefinitionIds
                .RemoveAll(r => r == GdapRoles.LicenseAdministrator || r == GdapRoles.UserAdministrator || r == GdapRoles.GlobalAdministrator));

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, AutoIncrease = true }).ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Equal("CustomerRoleMissing", Assert.IsType<CspException>(o.Error).ErrorId));
            Assert.DoesNotContain(session.Journal.Read(), e => e.Operation == "SeatsBought");
            Assert.Equal(1, session.Cloud.Read(s => s.FindTenant(tenant)!.Subscriptions.Single(x => x.SkuId == Microsoft365E3).Quantity));
        }

        [Fact]
        public async Task UsersWhoFitStillGoAheadWhenThePurchaseIsImpossible()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 5 });
            var (tenant, holders) = Arrange(session, oldSeats: 5, holders: 5, newSeats: 2, newSeller: "other");
            // Two seats are free (sold by another partner, so none can be bought here).

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, AutoIncrease = true }).ApplyAsync(holders, CancellationToken.None);

            Assert.Equal(2, outcomes.Count(o => o.Result?.Status == "Changed"));
            Assert.Equal(3, outcomes.Count(o => (o.Error as CspException)?.ErrorId == "LicenseAutoIncreaseUnavailable"));
        }

        [Theory]
        [InlineData(new string[0], new string[0], new string[0], "LicenseChangeEmpty")]
        [InlineData(new string[0], new[] { "SPE_E3" }, new[] { "YAMMER_ENTERPRISE" }, "LicenseChangeInvalid")]
        [InlineData(new[] { "SPE_E3" }, new[] { "spe_e3" }, new string[0], "LicenseChangeInvalid")]
        public void ContradictoryRequestsAreRefusedBeforeAnyCall(string[] add, string[] remove, string[] plans, string errorId)
        {
            var spec = new LicenseChangeSpec { Add = add, Remove = remove, DisabledPlans = plans };

            Assert.Equal(errorId, Assert.Throws<CspException>(spec.Validate).ErrorId);
        }

        [Fact]
        public async Task DisabledPlansAreSwitchedOffByName()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 3 });
            var (tenant, holders) = Arrange(session, oldSeats: 3, holders: 3, newSeats: 3);
            var plan = CspAdmin.Emulator.ProductCatalog.FindBySkuId(Microsoft365E3)!.ServicePlans.First(p => p.AppliesTo == "User").Name;

            var outcomes = await Assigner(session, tenant, new LicenseChangeSpec { Add = new[] { "SPE_E3" }, DisabledPlans = new[] { plan } }).ApplyAsync(holders, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Null(o.Error));
            var license = await UserLicenseReader.ReadAsync(session.Eu, tenant, holders[0], ProductCatalog.Default, CancellationToken.None);
            Assert.Equal(new[] { plan }, license.Single(l => l.SkuPartNumber == "SPE_E3").DisabledPlans);
        }

        /// <summary>
        /// A customer whose first <paramref name="holders"/> users hold only Office 365 E3 (our subscription of
        /// <paramref name="oldSeats"/>) and who has <paramref name="newSeats"/> seats of Microsoft 365 E3 (sold by <paramref name="newSeller"/>).
        /// </summary>
        private static (string Tenant, List<string> Holders) Arrange(EmulatorSession session, int oldSeats, int holders, int newSeats, string newSeller = "eu")
        {
            var tenantId = Expected.CustomersOf(session.Cloud, "eu")[0].Id;
            var eu = session.Cloud.Partner("eu").TenantId;
            var seller = session.Cloud.Partner(newSeller).TenantId;
            var ids = new List<string>();
            session.Cloud.Mutate(state =>
            {
                var tenant = state.FindTenant(tenantId)!;
                tenant.Subscriptions.Clear();
                tenant.Subscriptions.Add(state.NewSubscription(eu, OfficeE3, oldSeats, nce: true, DateTimeOffset.UtcNow.AddDays(-100)));
                tenant.Subscriptions.Add(state.NewSubscription(seller, Microsoft365E3, newSeats, nce: true, DateTimeOffset.UtcNow.AddDays(-100)));
                if (newSeller != "eu" && tenant.RelationshipWith(seller) == null)
                {
                    tenant.Relationships.Add(new PartnerRelationshipState { PartnerTenantId = seller });
                }

                foreach (var user in tenant.Users)
                {
                    user.AssignedLicenses.Clear();
                    user.UsageLocation ??= "DE";
                }

                foreach (var user in tenant.Users.Take(holders))
                {
                    user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = OfficeE3 });
                    ids.Add(user.Id);
                }
            });
            return (tenantId, ids);
        }


        private static LicenseAssigner Assigner(EmulatorSession session, string tenant, LicenseChangeSpec spec, List<string>? notices = null) =>
            new LicenseAssigner(session.Eu, tenant, spec, session.Journal, ProductCatalog.Default, n => notices?.Add(n));
    }
}
