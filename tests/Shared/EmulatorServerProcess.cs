using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace CspAdmin.Testing
{
    /// <summary>
    /// CspAdmin.Emulator.Server started as a child process on loopback; stopped on dispose. Shared (as a linked
    /// source file) by the tests and the benchmarks, whose builds put the server's path in AssemblyMetadata
    /// "CspAdmin.EmulatorServer".
    /// </summary>
    internal sealed class EmulatorServerProcess : IDisposable
    {
        private readonly Process _process;

        private EmulatorServerProcess(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public static EmulatorServerProcess Start(params string[] args)
        {
            var dll = typeof(EmulatorServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CspAdmin.EmulatorServer").Value!;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            Uri? baseUri = null;
            string? line;
            var deadline = DateTime.UtcNow.AddSeconds(60);
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

            return new EmulatorServerProcess(process, baseUri);
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10000);
            _process.Dispose();
        }
    }
}
