using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Another partner's connection never reaches our customers, through either service.</summary>
    public sealed class IsolationTests
    {
        [Fact]
        public async Task AnotherPartnerSeesOnlyItsOwnCustomers()
        {
            using var session = new EmulatorSession(includeOtherPartner: true);
            var other = session.Context.Get("emulator-other");

            var theirs = await CustomerReader.ReadAsync(session.Context, other, new CustomerQuery(), CancellationToken.None).ToListAsync();

            var ourOnly = Expected.CustomersOf(session.Cloud, "eu").Select(t => t.Id).Except(Expected.CustomersOf(session.Cloud, "other").Select(t => t.Id)).ToList();
            Assert.NotEmpty(theirs);
            Assert.Empty(theirs.Select(c => c.CustomerId).Intersect(ourOnly));
            Assert.Equal(Expected.CustomersOf(session.Cloud, "other").Select(t => t.Id).OrderBy(x => x), theirs.Select(c => c.CustomerId).OrderBy(x => x));
        }

        [Fact]
        public async Task AnotherPartnerIsRefusedOurCustomerInPartnerCenterAndGraph()
        {
            using var session = new EmulatorSession(includeOtherPartner: true);
            var other = session.Context.Get("emulator-other");
            var ours = Expected.CustomersOf(session.Cloud, "eu").Select(t => t.Id).Except(Expected.CustomersOf(session.Cloud, "other").Select(t => t.Id)).First();

            var partnerCenter = await Assert.ThrowsAsync<CspException>(() => other.PartnerCenter.GetCustomerAsync(ours, CancellationToken.None));
            var graph = await Assert.ThrowsAsync<CspException>(() => LicenseOverview.ReadAsync(other, ours, ProductCatalog.Default, CancellationToken.None));

            Assert.Equal("CustomerNotFound", partnerCenter.ErrorId);
            Assert.True(graph.Category == CspErrorCategory.AuthenticationError || graph.Category == CspErrorCategory.PermissionDenied
                || graph.Category == CspErrorCategory.ObjectNotFound, graph.ErrorId + ": " + graph.Message);
        }
    }
}
