using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>The engine against CspAdmin.Emulator.Server over real HTTP on loopback, as Connect-CspService -EmulatorUri uses it.</summary>
    public sealed class EmulatorServerTests
    {
        [Fact]
        public async Task ConnectsToBothRegionsOfAServerAndReadsLicenses()
        {
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5");

            var connections = await EmulatorConnector.ConnectServerAsync(server.BaseUri, CancellationToken.None);
            using var context = new CspContext();
            foreach (var connection in connections)
            {
                context.Add(connection);
            }

            Assert.Equal(new[] { "emulator-eu", "emulator-us" }, context.Connections.Select(c => c.Name));
            foreach (var connection in context.Connections)
            {
                var customers = await CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None).ToListAsync();
                Assert.Equal(2, customers.Count);
                var rows = await LicenseOverview.ReadAsync(connection, customers[0].CustomerId, ProductCatalog.Default, CancellationToken.None);
                Assert.NotEmpty(rows);
                Assert.All(rows, r => Assert.Equal(r.Active - r.Assigned, r.Available));
            }
        }

        [Fact]
        public async Task RefusesAnAddressThatIsNotLoopback()
        {
            var error = await Assert.ThrowsAsync<CspAdmin.Engine.CspException>(() => EmulatorConnector.ConnectServerAsync(new Uri("http://192.0.2.10:5099/"), CancellationToken.None));

            Assert.Equal("EmulatorAddressNotLoopback", error.ErrorId);
        }
    }
}
