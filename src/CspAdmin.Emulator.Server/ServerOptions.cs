using System;
using System.Globalization;

namespace CspAdmin.Emulator.Server
{
    /// <summary>Command line: --port 5099 --seed 1 --customers 20 [--users 20] [--state file.json] [--latency-ms 0]
    /// [--error-rate 0] [--drop-rate 0] [--slow-rate 0] [--time-scale 1] [--no-throttling] [--certificate-dir dir].</summary>
    internal sealed class ServerOptions
    {
        public int Port { get; private set; } = 5099;
        public string? StatePath { get; private set; }
        /// <summary>Where each partner's app certificate is written as {partnerName}.pfx (see <see cref="PartnerCertificates"/>).</summary>
        public string? CertificateDirectory { get; private set; }
        public EmulatorOptions Emulator { get; } = new EmulatorOptions();

        public static ServerOptions Parse(string[] args)
        {
            var options = new ServerOptions();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i].ToLowerInvariant();
                if (name == "--no-throttling")
                {
                    options.Emulator.Throttling = false;
                    continue;
                }

                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"Option '{args[i]}' needs a value.");
                }

                var value = args[++i];
                switch (name)
                {
                    case "--port": options.Port = Int(value); break;
                    case "--seed": options.Emulator.Seed = Int(value); break;
                    case "--customers": options.Emulator.Customers = Int(value); break;
                    case "--users": options.Emulator.UsersPerCustomer = Int(value); break;
                    case "--state": options.StatePath = value; break;
                    case "--certificate-dir": options.CertificateDirectory = value; break;
                    case "--latency-ms": options.Emulator.Latency = TimeSpan.FromMilliseconds(Number(value)); break;
                    case "--error-rate": options.Emulator.ServerErrorRate = Number(value); break;
                    case "--drop-rate": options.Emulator.DropConnectionRate = Number(value); break;
                    case "--slow-rate": options.Emulator.SlowResponseRate = Number(value); break;
                    case "--time-scale": options.Emulator.TimeScale = Number(value); break;
                    default: throw new ArgumentException($"Unknown option '{args[i - 1]}'.");
                }
            }

            return options;
        }

        private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
