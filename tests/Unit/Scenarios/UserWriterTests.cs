using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Users;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    public sealed class UserWriterTests
    {
        [Fact]
        public async Task ACreatedUserIsLicensedAndItsPasswordIsNeverWrittenDown()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = FreeSku(tenant);
            var part = ProductCatalog.Default.Find(sku)!.SkuPartNumber;

            var created = await UserWriter.CreateAsync(session.Eu, tenant.Id,
                new NewUserRequest { UserPrincipalName = "adele.vance@" + tenant.DefaultDomain, GivenName = "Adele", Surname = "Vance", Licenses = new[] { part } },
                false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None);

            Assert.Equal("Adele Vance", created.DisplayName);
            Assert.Equal(tenant.CountryLetterCode, created.UsageLocation);
            Assert.Equal(new[] { part }, created.Licenses);
            Assert.True(created.ForceChangePasswordNextSignIn);
            var password = Passwords.Reveal(created.Password!);
            Passwords.Validate(password);
            Assert.Equal(16, password.Length);
            var state = session.Cloud.Read(s => s.FindTenant(tenant.Id)!.FindUser(created.UserId)!);
            Assert.Equal(sku, Assert.Single(state.AssignedLicenses).SkuId);
            Assert.DoesNotContain(password, File.ReadAllText(session.JournalPath));
            Assert.Equal(new[] { "UserCreated", "LicensesChanged" }, session.Journal.Read().Select(e => e.Operation));
        }

        [Fact]
        public void GeneratedPasswordsDifferAndMeetTheRules()
        {
            var passwords = Enumerable.Range(0, 200).Select(_ => Passwords.Reveal(Passwords.Generate())).ToList();

            Assert.Equal(200, passwords.Distinct().Count());
            Assert.All(passwords, p =>
            {
                Passwords.Validate(p);
                Assert.Contains(p, c => char.IsUpper(c));
                Assert.Contains(p, c => char.IsLower(c));
                Assert.Contains(p, c => char.IsDigit(c));
                Assert.Contains(p, c => !char.IsLetterOrDigit(c));
            });
        }

        [Theory]
        [InlineData("weak", "UserPasswordInvalid")]
        [InlineData("alllowercase1", "UserPasswordInvalid")]
        public void WeakPasswordsAreRefusedBeforeAnyCall(string password, string errorId)
        {
            var request = new NewUserRequest { UserPrincipalName = "a@contoso.example", Password = Secure(password) };

            Assert.Equal(errorId, Assert.Throws<CspException>(() => UserWriter.Validate(request)).ErrorId);
        }

        [Theory]
        [InlineData("adele@not-theirs.example", "UserDomainNotVerified")]
        [InlineData("adele at contoso", "UserIdInvalid")]
        public async Task BadNamesCreateNothing(string upn, string errorId)
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var before = tenant.Users.Count;

            var error = await Assert.ThrowsAsync<CspException>(() => UserWriter.CreateAsync(session.Eu, tenant.Id, new NewUserRequest { UserPrincipalName = upn },
                false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(before, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.Users.Count));
        }

        [Fact]
        public async Task ADuplicateNameIsReportedAsSuch()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var error = await Assert.ThrowsAsync<CspException>(() => UserWriter.CreateAsync(session.Eu, tenant.Id,
                new NewUserRequest { UserPrincipalName = tenant.Users[0].UserPrincipalName }, false, session.Journal, ProductCatalog.Default, _ => { }, CancellationToken.None));

            Assert.Equal("UserAlreadyExists", error.ErrorId);
            Assert.Equal("Failed", session.Journal.Read().Single().Outcome);
        }

        [Fact]
        public async Task EditingChangesNamesAndRolesByName()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users[2];

            var updated = await UserWriter.UpdateAsync(session.Eu, tenant.Id, user.UserPrincipalName,
                new UserChanges { GivenName = "Megan", DisplayName = "Megan Bowen", OfficeLocation = "Berlin", AddRoles = new[] { "user administrator" } },
                session.Journal, ProductCatalog.Default, CancellationToken.None);

            Assert.Equal("Megan Bowen", updated.DisplayName);
            Assert.Equal("Berlin", updated.OfficeLocation);
            Assert.Contains("User Administrator", updated.Roles);

            var removed = await UserWriter.UpdateAsync(session.Eu, tenant.Id, user.Id, new UserChanges { RemoveRoles = new[] { "User Administrator" } },
                session.Journal, ProductCatalog.Default, CancellationToken.None);
            Assert.DoesNotContain("User Administrator", removed.Roles);
        }

        [Theory]
        [InlineData("Overlord", null, "RoleNotFound")]
        [InlineData(null, "Germany", "UserUsageLocationInvalid")]
        public async Task BadEditsChangeNothing(string? role, string? usageLocation, string errorId)
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users[2];
            var changes = new UserChanges { DisplayName = "Changed", UsageLocation = usageLocation, AddRoles = role == null ? new string[0] : new[] { role } };

            var error = await Assert.ThrowsAsync<CspException>(() => UserWriter.UpdateAsync(session.Eu, tenant.Id, user.Id, changes, session.Journal, ProductCatalog.Default, CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(user.DisplayName, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.FindUser(user.Id)!.DisplayName));
        }

        [Fact]
        public async Task APasswordResetReturnsTheNewPasswordOnce()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = tenant.Users[3];

            var result = await UserWriter.ResetPasswordAsync(session.Eu, tenant.Id, user.UserPrincipalName, null, true, null, session.Journal, CancellationToken.None);

            Passwords.Validate(Passwords.Reveal(result.Password!));
            Assert.Equal(user.Mail ?? user.UserPrincipalName, result.NotifyEmail);
            Assert.True(result.ForceChangePasswordNextSignIn);
            Assert.NotNull(session.Cloud.Read(s => s.FindTenant(tenant.Id)!.FindUser(user.Id)!.LastPasswordChangeDateTime));
            Assert.DoesNotContain(Passwords.Reveal(result.Password!), File.ReadAllText(session.JournalPath));
        }

        [Fact]
        public async Task AnImportWithOneBadRowCreatesNobodyAndNamesEveryBadRow()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var before = tenant.Users.Count;
            var rows = new[]
            {
                new ImportRow { Row = 1, UserPrincipalName = "one@" + tenant.DefaultDomain },
                new ImportRow { Row = 2, UserPrincipalName = "two@elsewhere.example" },
                new ImportRow { Row = 3, UserPrincipalName = "three@" + tenant.DefaultDomain, Licenses = new[] { "NO_SUCH_SKU" } },
                new ImportRow { Row = 4, UserPrincipalName = "ONE@" + tenant.DefaultDomain },
                new ImportRow { Row = 5, UserPrincipalName = tenant.Users[0].UserPrincipalName },
            };

            var error = await Assert.ThrowsAsync<CspException>(() => UserImporter.ImportAsync(session.Eu, tenant.Id, rows, false, session.Journal, ProductCatalog.Default,
                _ => { }, (_, _) => { }, CancellationToken.None));

            Assert.Equal("ImportRowsInvalid", error.ErrorId);
            foreach (var row in new[] { "row 2", "row 3", "row 4", "row 5" })
            {
                Assert.Contains(row, error.Message);
            }

            Assert.DoesNotContain("row 1:", error.Message);
            Assert.Equal(before, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.Users.Count));
        }

        [Fact]
        public async Task AnImportBuysEachProductsDeficitOnceThenCreatesAndLicensesEveryRow()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = FreeSku(tenant);
            var part = ProductCatalog.Default.Find(sku)!.SkuPartNumber;
            var free = Expected.SeatsBySku(tenant)[sku].Active - Expected.SeatsBySku(tenant)[sku].Assigned;
            var rows = Enumerable.Range(1, free + 25).Select(i => new ImportRow { Row = i, UserPrincipalName = $"new{i}@{tenant.DefaultDomain}", Licenses = new[] { part } }).ToList();
            var progress = 0;

            var outcomes = await UserImporter.ImportAsync(session.Eu, tenant.Id, rows, true, session.Journal, ProductCatalog.Default, _ => { },
                (done, _) => Interlocked.Exchange(ref progress, done), CancellationToken.None);

            Assert.All(outcomes, o => Assert.Equal("Created", o.Result!.Status));
            Assert.All(outcomes, o => Assert.Equal(new[] { part }, o.Result!.Licenses));
            Assert.Equal(rows.Count, progress);
            Assert.Single(session.Journal.Read(), e => e.Operation == "SeatsBought");
            Assert.Equal(0, Expected.SeatsBySku(session.Cloud.Read(s => s.FindTenant(tenant.Id)!))[sku].Active - Expected.SeatsBySku(session.Cloud.Read(s => s.FindTenant(tenant.Id)!))[sku].Assigned);
        }

        [Fact]
        public async Task AnImportNeedingSeatsOnlyAnotherPartnerSellsCreatesNobodyAndBuysNothing()
        {
            using var session = new EmulatorSession();
            var (connection, tenant, sku) = SoldOnlyByAnotherPartner(session);
            var part = ProductCatalog.Default.Find(sku)!.SkuPartNumber;
            var seats = Expected.SeatsBySku(tenant)[sku];
            var before = tenant.Users.Count;
            var rows = Enumerable.Range(1, seats.Active - seats.Assigned + 1)
                .Select(i => new ImportRow { Row = i, UserPrincipalName = $"new{i}@{tenant.DefaultDomain}", Licenses = new[] { part } }).ToList();

            var error = await Assert.ThrowsAsync<CspException>(() => UserImporter.ImportAsync(connection, tenant.Id, rows, true, session.Journal, ProductCatalog.Default,
                _ => { }, (_, _) => { }, CancellationToken.None));

            Assert.Equal("LicenseAutoIncreaseUnavailable", error.ErrorId);
            Assert.Equal(before, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.Users.Count));
            Assert.Empty(session.Journal.Read());
            Assert.DoesNotContain(session.Recorder.Exchanges, e => e.Method == "PATCH");
        }

        [Fact]
        public async Task APurchaseRefusedAfterTheUsersWereCreatedStillReturnsEveryUserWithItsPassword()
        {
            using var session = new EmulatorSession(interpose: inner => new RefuseSubscriptionChanges(inner));
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var sku = FreeSku(tenant);
            var part = ProductCatalog.Default.Find(sku)!.SkuPartNumber;
            var free = Expected.SeatsBySku(tenant)[sku].Active - Expected.SeatsBySku(tenant)[sku].Assigned;
            var before = tenant.Users.Count;
            var rows = Enumerable.Range(1, free + 3).Select(i => new ImportRow { Row = i, UserPrincipalName = $"new{i}@{tenant.DefaultDomain}", Licenses = new[] { part } }).ToList();
            var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();

            var outcomes = await UserImporter.ImportAsync(session.Eu, tenant.Id, rows, true, session.Journal, ProductCatalog.Default, warnings.Enqueue,
                (_, _) => { }, CancellationToken.None);

            Assert.Equal(rows.Count, outcomes.Count);
            Assert.All(outcomes, o => Passwords.Validate(Passwords.Reveal(o.Result!.Password!)));
            Assert.Equal(free, outcomes.Count(o => o.Result!.Status == "Created" && o.Result.Licenses.SequenceEqual(new[] { part })));
            var unlicensed = outcomes.Where(o => o.Result!.Status == "LicenseFailed").ToList();
            Assert.Equal(3, unlicensed.Count);
            Assert.All(unlicensed, o => Assert.Contains(warnings, w => w.StartsWith($"Row {o.Row.Row}: ", StringComparison.Ordinal)));
            Assert.Contains(warnings, w => w.Contains("could not be bought"));
            Assert.Equal(before + rows.Count, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.Users.Count));
            Assert.Equal("Failed", Assert.Single(session.Journal.Read(), e => e.Operation == "SeatsBought").Outcome);
        }

        /// <summary>Answers every subscription change with a refusal, as Partner Center does for a subscription it will not change.</summary>
        private sealed class RefuseSubscriptionChanges : DelegatingHandler
        {
            public RefuseSubscriptionChanges(HttpMessageHandler inner)
                : base(inner)
            {
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                request.Method.Method == "PATCH" && request.RequestUri!.AbsolutePath.Contains("/subscriptions/")
                    ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
                    {
                        Content = new StringContent("{\"code\":800002,\"description\":\"The subscription cannot be changed now.\",\"data\":[],\"source\":\"PartnerFD\"}",
                            Encoding.UTF8, "application/json"),
                    })
                    : base.SendAsync(request, cancellationToken);
        }

        [Fact]
        public void ACsvFileBecomesRows()
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "\uFEFFuserPrincipalName,DisplayName,UsageLocation,Licenses,Department\r\n"
                    + "adele@contoso.example,\"Vance, Adele\",us,SPE_E3;EMS,Sales\r\n\r\n"
                    + "megan@contoso.example,,,,\r\n", new System.Text.UTF8Encoding(false));

                var rows = ImportRow.ReadCsv(path);

                Assert.Equal(2, rows.Count);
                Assert.Equal("Vance, Adele", rows[0].DisplayName);
                Assert.Equal(new[] { "SPE_E3", "EMS" }, rows[0].Licenses);
                Assert.Equal(2, rows[1].Row);
                Assert.Null(rows[1].DisplayName);
                Assert.Empty(rows[1].Licenses);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void AHeaderOnlyFileHasNoRowsAndNoColumnError()
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "UserPrincipalName,DisplayName\r\n");

                Assert.Empty(ImportRow.ReadCsv(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task ANameHeldByADeletedUserIsABadRow()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var gone = tenant.Users[5];
            await UserLifecycle.RemoveAsync(session.Eu, tenant.Id, gone.Id, session.Journal, ProductCatalog.Default, CancellationToken.None);
            var rows = new[] { new ImportRow { Row = 1, UserPrincipalName = "fresh@" + tenant.DefaultDomain }, new ImportRow { Row = 2, UserPrincipalName = gone.UserPrincipalName } };

            var error = await Assert.ThrowsAsync<CspException>(() => UserImporter.ImportAsync(session.Eu, tenant.Id, rows, false, session.Journal, ProductCatalog.Default,
                _ => { }, (_, _) => { }, CancellationToken.None));

            Assert.Contains("row 2", error.Message);
            Assert.Contains("deleted user", error.Message);
            Assert.Null(session.Cloud.Read(s => s.FindTenant(tenant.Id)!.FindUser("fresh@" + tenant.DefaultDomain)));
        }

        [Fact]
        public void AMissingFileIsNamed()
        {
            Assert.Equal("ImportFileNotFound", Assert.Throws<CspException>(() => ImportRow.ReadCsv("/no/such/staff.csv")).ErrorId);
        }

        [Fact]
        public void MissingColumnsAreNamed()
        {
            var error = Assert.Throws<CspException>(() => ImportRow.CheckColumns(new[] { "Name", "Email" }, "staff.csv"));

            Assert.Equal("ImportColumnsMissing", error.ErrorId);
            Assert.Contains("UserPrincipalName", error.Message);
        }

        /// <summary>A SKU of ours, active, with at least one free seat.</summary>
        private static string FreeSku(TenantState tenant)
        {
            var seats = Expected.SeatsBySku(tenant);
            return tenant.Subscriptions
                .Where(s => s.Status == SubscriptionStatus.Active && !s.IsTrial && s.ParentSubscriptionId == null && seats[s.SkuId].Active > seats[s.SkuId].Assigned)
                .Select(s => s.SkuId)
                .First();
        }

        /// <summary>One of our customers (where we may create users) with a product that only another partner sells it, and our connection to it.</summary>
        private static (CspConnection Connection, TenantState Tenant, string Sku) SoldOnlyByAnotherPartner(EmulatorSession session)
        {
            var (partner, tenant, sku) = session.Cloud.Read(state =>
                (from name in new[] { "eu", "us" }
                 let ours = state.FindPartner(name)!.TenantId
                 from tenant in state.CustomersOf(ours)
                 where tenant.RelationshipWith(ours)!.Gdap!.HasRole(GdapRoles.UserAdministrator)
                 from theirs in tenant.Subscriptions
                 where theirs.SellerTenantId != ours && theirs.Status == SubscriptionStatus.Active
                     && !tenant.Subscriptions.Any(s => s.SellerTenantId == ours && s.SkuId == theirs.SkuId)
                 select (name, tenant, theirs.SkuId)).First());
            return (session.Context.Get("emulator-" + partner), tenant, sku);
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            return secure;
        }
    }
}
