using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    public sealed class CustomerTests
    {
        [Fact]
        public async Task EachRegionListsItsOwnCustomers()
        {
            using var session = new EmulatorSession();

            foreach (var (connection, partner) in new[] { (session.Eu, "eu"), (session.Us, "us") })
            {
                var customers = await CustomerReader.ReadAsync(session.Context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();

                var expected = Expected.CustomersOf(session.Cloud, partner);
                Assert.Equal(expected.Select(t => t.Id).OrderBy(x => x), customers.Select(c => c.CustomerId).OrderBy(x => x));
                Assert.All(customers, c => Assert.Equal(connection.Name, c.Profile));
                Assert.All(customers, c => Assert.Equal(expected.Single(t => t.Id == c.CustomerId).DefaultDomain, c.DefaultDomain));
            }
        }

        [Fact]
        public async Task PagesFollowTheContinuationToken()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 40 });
            session.Eu.PartnerCenter.PageSize = 7;

            var customers = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery(), CancellationToken.None).ToListAsync();

            Assert.Equal(Expected.CustomersOf(session.Cloud, "eu").Count, customers.Count);
            Assert.Equal(customers.Count, customers.Select(c => c.CustomerId).Distinct().Count());
            var pages = session.Recorder.To("/customers").Where(e => e.Uri.AbsolutePath.EndsWith("/customers")).ToList();
            Assert.True(pages.Count >= 3);
            Assert.All(pages.Skip(1), page => Assert.True(page.Headers.ContainsKey("MS-ContinuationToken")));
        }

        [Fact]
        public async Task NameTakesWildcardsAndDomainMustMatchExactly()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 30 });
            var all = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery(), CancellationToken.None).ToListAsync();
            var target = all[3];
            var prefix = target.CompanyName.Substring(0, 3);

            var byName = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery { Name = prefix + "*" }, CancellationToken.None).ToListAsync();
            var byDomain = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery { Domain = target.DefaultDomain.ToUpperInvariant() }, CancellationToken.None).ToListAsync();
            var byDomainPrefix = await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery { Domain = target.DefaultDomain.Substring(0, 4) }, CancellationToken.None).ToListAsync();

            Assert.Equal(all.Where(c => c.CompanyName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(c => c.CustomerId), byName.Select(c => c.CustomerId));
            Assert.Equal(target.CustomerId, Assert.Single(byDomain).CustomerId);
            Assert.Empty(byDomainPrefix);
        }

        [Fact]
        public async Task RoutingFindsTheProfileThatServesACustomer()
        {
            using var session = new EmulatorSession();
            var usCustomer = Expected.CustomersOf(session.Cloud, "us")[0];

            var connection = await session.Context.ForCustomerAsync(usCustomer.Id, null, CancellationToken.None);

            Assert.Same(session.Us, connection);
        }

        [Fact]
        public async Task UnknownCustomerIsNotFoundInAnyProfile()
        {
            using var session = new EmulatorSession();

            var error = await Assert.ThrowsAsync<CspException>(() => session.Context.ForCustomerAsync(Guid.NewGuid().ToString(), null, CancellationToken.None));

            Assert.Equal("CustomerNotFound", error.ErrorId);
            Assert.Equal(CspErrorCategory.ObjectNotFound, error.Category);
        }

        [Fact]
        public void NamingAProfileThatIsNotConnectedSaysWhichAre()
        {
            using var session = new EmulatorSession();

            var error = Assert.Throws<CspException>(() => session.Context.Get("emulator-asia"));

            Assert.Equal("ProfileNotConnected", error.ErrorId);
            Assert.Contains("emulator-eu", error.Message);
        }
    }
}
