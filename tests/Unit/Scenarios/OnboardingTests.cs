using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Onboarding;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.PartnerCenter;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Onboarding against the emulator: the relationship link, the customer accepting it, verification, new tenants.</summary>
    public sealed class OnboardingTests
    {
        [Fact]
        public async Task ADirectLinkNamesThePartnerAndAsksForDelegatedAdminUnlessTold()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 1 });
            var warnings = new List<string>();

            var withAdmin = await RelationshipRequests.CreateAsync(session.Eu, null, includeDelegatedAdmin: true, warnings.Add, CancellationToken.None);
            var without = await RelationshipRequests.CreateAsync(session.Eu, null, includeDelegatedAdmin: false, warnings.Add, CancellationToken.None);

            Assert.Equal("Direct", withAdmin.Type);
            Assert.Contains("invType=ResellerRelationship", withAdmin.Url);
            Assert.Contains("partnerId=" + session.Cloud.Partner("eu").TenantId, withAdmin.Url);
            Assert.Contains("DAP=true", withAdmin.Url);
            Assert.Contains("DAP=false", without.Url);
            Assert.EndsWith("#/BillingAccounts/partner-invitation", without.Url);
            Assert.Empty(warnings);
        }

        [Fact]
        public async Task AResellerFromTheProfileGetsAnIndirectLinkAndOneWithoutMpnIdGoesToTheDistributorWithAWarning()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 1 });
            var reseller = session.Cloud.Read(s => s.FindPartner("eu")!.IndirectResellers[0]);
            session.Eu.Profile.Resellers.Add(new ResellerSettings { Name = "Northwind", TenantId = reseller.TenantId, MpnId = reseller.MpnId });
            session.Eu.Profile.Resellers.Add(new ResellerSettings { Name = "NoMpn", TenantId = reseller.TenantId });
            var warnings = new List<string>();

            var indirect = await RelationshipRequests.CreateAsync(session.Eu, "northwind", true, warnings.Add, CancellationToken.None);
            Assert.Empty(warnings);
            var fallback = await RelationshipRequests.CreateAsync(session.Eu, "NoMpn", true, warnings.Add, CancellationToken.None);
            var unknown = await Assert.ThrowsAsync<CspException>(() => RelationshipRequests.CreateAsync(session.Eu, "Fabrikam", true, warnings.Add, CancellationToken.None));

            Assert.Equal("Indirect", indirect.Type);
            Assert.Contains("invType=IndirectResellerRelationship", indirect.Url);
            Assert.Contains("msppId=" + reseller.MpnId, indirect.Url);
            Assert.Contains("indirectCSPId=" + session.Cloud.Partner("eu").TenantId, indirect.Url);
            Assert.Equal("Direct", fallback.Type);
            Assert.Contains("only be provided to the distributor", Assert.Single(warnings));
            Assert.Equal("ResellerNotFound", unknown.ErrorId);
            Assert.Contains("Northwind, NoMpn", unknown.Message);
        }

        [Fact]
        public async Task AnExistingTenantIsOnboardedOnceItsAdminAcceptsTheLink()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 1 });
            var prospect = Prospect(session);
            var before = await RelationshipVerifier.CheckAsync(session.Context, session.Context.Connections, prospect.DefaultDomain, CancellationToken.None);

            var link = await RelationshipRequests.CreateAsync(session.Eu, null, true, _ => { }, CancellationToken.None);
            session.Cloud.AcceptInvitation(link.Url, prospect.DefaultDomain.ToUpperInvariant());
            var after = await RelationshipVerifier.CheckAsync(session.Context, session.Context.Connections, prospect.DefaultDomain, CancellationToken.None);
            var audit = await GdapAudit.AuditAsync(session.Eu, prospect.Id, CancellationToken.None);

            Assert.False(before.Accepted);
            Assert.False(before.CanCheckout);
            Assert.Contains("has not accepted", before.Message);
            Assert.True(after.Accepted);
            Assert.True(after.CanCheckout);
            Assert.Equal(prospect.Id, after.CustomerId);
            Assert.Equal("emulator-eu", after.Profile);
            Assert.True(after.AllowDelegatedAccess);
            Assert.Equal("emulator-eu", (await session.Context.ForCustomerAsync(prospect.Id, null, CancellationToken.None)).Name);
            Assert.False(audit.IsReady);
            Assert.Contains("no active GDAP relationship", audit.Message);
        }

        [Fact]
        public async Task VerificationExplainsAnUnknownDomainAndOneThatIsNotTheDefault()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 4, UsersPerCustomer = 1 });
            var customer = Expected.CustomersOf(session.Cloud, "eu")[0];
            session.Cloud.Mutate(s => s.FindTenant(customer.Id)!.CustomDomains.Add("contoso-verify.example"));

            var unknown = await RelationshipVerifier.CheckAsync(session.Context, session.Context.Connections, "nobody-here.onmicrosoft.com", CancellationToken.None);
            var custom = await RelationshipVerifier.CheckAsync(session.Context, session.Context.Connections, "contoso-verify.example", CancellationToken.None);
            var accepted = await RelationshipVerifier.CheckAsync(session.Context, new[] { session.Us, session.Eu }, customer.DefaultDomain + ".", CancellationToken.None);

            Assert.Contains("No Microsoft tenant has the domain", unknown.Message);
            Assert.Contains("is not its default domain", custom.Message);
            Assert.False(custom.Accepted);
            Assert.True(accepted.Accepted);
            Assert.Equal(customer.DefaultDomain, accepted.Domain);
        }

        [Fact]
        public async Task ANewCustomerIsCreatedWithItsAdminPasswordOnceAndJournalledWithoutIt()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 1 });
            var reseller = session.Cloud.Read(s => s.FindPartner("eu")!.IndirectResellers[0]);
            session.Eu.Profile.Resellers.Add(new ResellerSettings { Name = "Northwind", TenantId = reseller.TenantId, MpnId = reseller.MpnId });

            var created = await CustomerCreator.CreateAsync(session.Context, session.Eu, Request("Fabrikam Ltd", "FabrikamLtd", "Northwind"), CancellationToken.None);
            var password = new NetworkCredential("", created.AdminPassword).Password;
            var listed = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery { Domain = "fabrikamltd.onmicrosoft.com" }, CancellationToken.None).ToListAsync();
            var admin = await session.Eu.Graph.GetUserAsync(created.CustomerId, created.AdminUserPrincipalName, null, CancellationToken.None);

            Assert.Equal("fabrikamltd.onmicrosoft.com", created.DefaultDomain);
            Assert.Equal("admin@fabrikamltd.onmicrosoft.com", created.AdminUserPrincipalName);
            Assert.Equal(reseller.TenantId, created.ResellerId);
            Assert.True(password.Length >= 8);
            Assert.Equal(created.CustomerId, Assert.Single(listed).CustomerId);
            Assert.Equal(created.AdminUserPrincipalName, admin.UserPrincipalName);
            Assert.True((await GdapAudit.AuditAsync(session.Eu, created.CustomerId, CancellationToken.None)).IsReady);
            var journal = File.ReadAllText(session.JournalPath);
            Assert.Single(session.Journal.Query(created.CustomerId, null, new[] { "CustomerCreated" }));
            Assert.DoesNotContain(password, journal);
            Assert.DoesNotContain(password, created.ToString());
        }

        [Theory]
        [InlineData("elsewhere", "CustomerCountryNotInRegion")]
        [InlineData("fabrikam ltd", "CustomerDomainPrefixInvalid")]
        [InlineData("", "CustomerDomainPrefixInvalid")]
        [InlineData("taken", "CustomerDomainTaken")]
        public async Task ABadOrTakenDomainCreatesNothing(string prefix, string errorId)
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 1 });
            var existing = Expected.CustomersOf(session.Cloud, "eu")[0].DefaultDomain;
            var tenants = session.Cloud.Read(s => s.Tenants.Count);
            session.Eu.Profile.Countries.AddRange(new[] { "DE", "FR" }); // the request is for NL
            if (errorId != "CustomerCountryNotInRegion")
            {
                session.Eu.Profile.Countries.Add("NL");
            }

            var error = await Assert.ThrowsAsync<CspException>(() =>
                CustomerCreator.CreateAsync(session.Context, session.Eu, Request("Fabrikam", prefix == "taken" ? existing.Split('.')[0] : prefix, null), CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(tenants, session.Cloud.Read(s => s.Tenants.Count));
            Assert.False(File.Exists(session.JournalPath) && File.ReadAllText(session.JournalPath).Contains("CustomerCreated"));
        }

        [Fact]
        public async Task GdapAuditNamesMissingRolesGroupsAndExpiry()
        {
            var clock = new CspAdmin.Tests.Emulator.ManualClock(DateTimeOffset.Parse("2026-11-01T09:00:00Z"));
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 12, UsersPerCustomer = 1, Clock = clock });
            var eu = session.Cloud.Partner("eu").TenantId;
            var customers = Expected.CustomersOf(session.Cloud, "eu");
            var healthy = customers[0].Id;
            var noUserAdmin = customers.First(c => c.RelationshipWith(eu)!.Gdap is { } gdap
                && !gdap.HasRole(GdapRoles.UserAdministrator) && !gdap.HasRole(GdapRoles.GlobalAdministrator) && gdap.HasRole(GdapRoles.LicenseAdministrator)).Id;
            var expiring = customers[1].Id;
            session.Cloud.Mutate(s => s.FindTenant(expiring)!.RelationshipWith(eu)!.Gdap!.EndDateTime = clock.GetUtcNow().AddDays(10));

            var ready = await GdapAudit.AuditAsync(session.Eu, healthy, CancellationToken.None);
            var lacking = await GdapAudit.AuditAsync(session.Eu, noUserAdmin, CancellationToken.None);
            var ending = await GdapAudit.AuditAsync(session.Eu, expiring, CancellationToken.None);
            session.Cloud.Mutate(s => s.FindTenant(healthy)!.RelationshipWith(eu)!.Gdap!.AccessAssignments.Clear());
            var unassigned = await GdapAudit.AuditAsync(session.Eu, healthy, CancellationToken.None);

            Assert.True(ready.IsReady);
            Assert.Contains("User Administrator", ready.GrantedRoles);
            Assert.Equal(new[] { "CspAdmin Operators" }, ready.SecurityGroups);
            Assert.Equal(new[] { "User Administrator" }, lacking.MissingRoles);
            Assert.False(lacking.IsReady);
            Assert.Equal(10, ending.DaysLeft);
            Assert.True(ending.IsReady);
            Assert.Contains("ends on", ending.Message);
            Assert.Equal(new[] { "User Administrator", "License Administrator" }, unassigned.MissingRoles);
            Assert.Empty(unassigned.SecurityGroups);
            Assert.Single(session.Recorder.Exchanges, e => e.Uri.AbsolutePath.Contains("/groups/")); // the operators group, read once for all
        }

        private static TenantState Prospect(EmulatorSession session)
        {
            var ours = session.Cloud.Partners.Where(p => p.Name != EmulatorConnector.OtherPartner).Select(p => p.TenantId).ToList();
            return session.Cloud.Read(s => s.Tenants.First(t => t.Kind == TenantKinds.Customer && ours.All(p => t.RelationshipWith(p) == null)));
        }

        private static NewCustomerRequest Request(string company, string prefix, string? reseller) => new NewCustomerRequest
        {
            CompanyName = company,
            DomainPrefix = prefix,
            Email = "billing@fabrikam.example",
            Reseller = reseller,
            Address = new PcAddress
            {
                FirstName = "Dana", LastName = "Ito", AddressLine1 = "1 Harbour Street", City = "Rotterdam", PostalCode = "3011", Country = "NL", PhoneNumber = "+31 10 000 0000",
            },
        };
    }
}
