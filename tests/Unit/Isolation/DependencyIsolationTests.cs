using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using CspAdmin.Tests.Surface;
using Xunit;

namespace CspAdmin.Tests.Isolation
{
    /// <summary>
    /// DESIGN.md's dependency isolation, in a process of its own (tests/IsolationProbe): another module's newer MSAL is
    /// loaded into the default context first, then CspAdmin.dll from a module layout. The engine, Azure.Identity and
    /// MSAL must load into CspAdmin's private context from dependencies/, and a device-code sign-in must work there.
    /// </summary>
    public sealed class DependencyIsolationTests : IDisposable
    {
        private readonly string _module = Path.Combine(Path.GetTempPath(), "cspadmin-isolation-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public void TheEngineAndItsIdentityLibrariesLoadPrivatelyBesideAnotherModulesNewerMsal()
        {
            LayOutModule();

            using var report = JsonDocument.Parse(RunProbe());
            var root = report.RootElement;

            Assert.Equal("4.92.0.0", root.GetProperty("hostMsalVersion").GetString());
            Assert.Equal("Default", root.GetProperty("hostMsalContext").GetString());
            Assert.Equal("CspAdmin", root.GetProperty("engineContext").GetString());
            Assert.Equal("CspAdmin", root.GetProperty("engineIdentityContext").GetString());
            Assert.NotEqual("4.92.0.0", root.GetProperty("engineMsalVersion").GetString());
            Assert.StartsWith(Path.Combine(_module, "dependencies"), root.GetProperty("engineMsalLocation").GetString());
            Assert.False(root.GetProperty("defaultHasEngineMsal").GetBoolean());
            Assert.False(root.GetProperty("defaultHasAzureIdentity").GetBoolean());
            Assert.Equal("DeviceCode", root.GetProperty("signIn").GetString());
        }

        public void Dispose()
        {
            if (Directory.Exists(_module))
            {
                Directory.Delete(_module, recursive: true);
            }
        }

        /// <summary>The layout Import-Module sees: CspAdmin.dll alone in the root, everything else in dependencies/.</summary>
        private void LayOutModule()
        {
            var built = Path.GetDirectoryName(SurfacePaths.ModuleAssembly)!;
            Directory.CreateDirectory(Path.Combine(_module, "dependencies"));
            File.Copy(SurfacePaths.ModuleAssembly, Path.Combine(_module, "CspAdmin.dll"));
            foreach (var dll in Directory.GetFiles(built, "*.dll").Where(f => Path.GetFileName(f) != "CspAdmin.dll"))
            {
                File.Copy(dll, Path.Combine(_module, "dependencies", Path.GetFileName(dll)));
            }
        }

        private string RunProbe()
        {
            var probe = typeof(DependencyIsolationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CspAdmin.IsolationProbe").Value!;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(probe);
            start.ArgumentList.Add(_module);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "The isolation probe did not finish within a minute.");
            Assert.True(process.ExitCode == 0, "The isolation probe failed: " + errors.Result + output.Result);
            return output.Result.Trim().Split('\n').Last();
        }
    }
}
