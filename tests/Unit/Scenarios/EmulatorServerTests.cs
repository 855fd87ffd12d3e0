using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
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
            using var server = ServerProcess.Start("--port", "0", "--seed", "3", "--customers", "4", "--users", "5");

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

        private sealed class ServerProcess : IDisposable
        {
            private readonly Process _process;

            private ServerProcess(Process process, Uri baseUri)
            {
                _process = process;
                BaseUri = baseUri;
            }

            public Uri BaseUri { get; }

            public static ServerProcess Start(params string[] args)
            {
                var dll = typeof(EmulatorServerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "CspAdmin.EmulatorServer").Value!;
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
                start.ArgumentList.Add(dll);
                foreach (var arg in args)
                {
                    start.ArgumentList.Add(arg);
                }

                var process = Process.Start(start)!;
                Uri? baseUri = null;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                string? line;
                while (DateTime.UtcNow < deadline && (line = process.StandardOutput.ReadLine()) != null && line != "Ready")
                {
                    if (line.StartsWith("BaseUrl ", StringComparison.Ordinal))
                    {
                        baseUri = new Uri(line.Substring("BaseUrl ".Length));
                    }
                }

                if (baseUri == null)
                {
                    process.Kill(entireProcessTree: true);
                    throw new InvalidOperationException("The emulator server did not start.");
                }

                return new ServerProcess(process, baseUri);
            }

            public void Dispose()
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10000);
                _process.Dispose();
            }
        }
    }
}
