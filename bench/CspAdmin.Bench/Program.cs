using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Bench
{
    /// <summary>
    /// Scenario benchmarks against the in-process emulator. Each prints one JSON line last.
    /// overview: Get-CspCustomer | Get-CspLicense over many customers, our concurrent engine versus the
    /// sequential loop a script writes today. transfer: Move-CspUserLicense's engine (see TransferBenchmark).
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var scenario = args.Length == 0 ? "" : args[0];
            var options = Arguments.Parse(args.Skip(1).ToArray());
            switch (scenario)
            {
                case "overview":
                    return await OverviewAsync(options);
                case "transfer":
                    return await TransferBenchmark.RunAsync(options);
                case "stream":
                    return await StreamAsync(options);
                default:
                    Console.Error.WriteLine("usage: overview|transfer [--customers N] [--users N] [--latency-ms N] [--time-scale N] [--seed N]");
                    return 2;
            }
        }

        /// <summary>
        /// stream: Get-CspUser over one tenant of many users, piped onward, against an emulator server in its own
        /// process on loopback (as in production the data lives elsewhere): this process's memory must stay flat.
        /// </summary>
        private static async Task<int> StreamAsync(Arguments options)
        {
            var users = options.Int("users", 100000);
            using var server = CspAdmin.Testing.EmulatorServerProcess.Start("--port", "0", "--seed", options.Int("seed", 1).ToString(CultureInfo.InvariantCulture), "--customers", "2",
                "--users", users.ToString(CultureInfo.InvariantCulture), "--no-throttling");
            var connections = await EmulatorConnector.ConnectServerAsync(server.BaseUri, CancellationToken.None);
            using var context = new CspContext();
            foreach (var connection in connections)
            {
                context.Add(connection);
            }

            var eu = context.Get("emulator-eu");
            var tenant = (await CustomerReader.ReadAsync(context, eu, new CustomerQuery(), CancellationToken.None).ToListAsync())[0].CustomerId;
            var watch = Stopwatch.StartNew();
            var count = 0;
            var licensed = 0;
            await foreach (var user in CspAdmin.Engine.Users.UserReader.ReadAsync(eu, tenant, new CspAdmin.Engine.Users.UserQuery(), ProductCatalog.Default, _ => { },
                CancellationToken.None))
            {
                // What a pipeline does with each user as it arrives: look, then let go.
                count++;
                licensed += user.Licenses.Length > 0 ? 1 : 0;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine(JsonLine(new Dictionary<string, object>
            {
                ["scenario"] = "stream",
                ["users"] = count,
                ["licensed"] = licensed,
                ["seconds"] = Math.Round(seconds, 3),
                ["usersPerSecond"] = Math.Round(count / seconds, 1),
                ["peakWorkingSetMB"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            }));
            return count == users ? 0 : 1;
        }

        private static async Task<int> OverviewAsync(Arguments options)
        {
            var customers = options.Int("customers", 1000);
            var emulator = new EmulatorOptions
            {
                Seed = options.Int("seed", 1),
                Customers = customers,
                UsersPerCustomer = 5,
                Latency = TimeSpan.FromMilliseconds(options.Int("latency-ms", 80)),
                TimeScale = options.Double("time-scale", 10),
            };

            var ours = await MeasureAsync(emulator, concurrent: true);
            var baseline = await MeasureAsync(emulator, concurrent: false, limit: Math.Min(customers, 50));
            var result = new Dictionary<string, object>
            {
                ["scenario"] = "overview",
                ["customers"] = customers,
                ["seconds"] = Math.Round(ours.Seconds, 3),
                ["customersPerSecond"] = Math.Round(ours.Customers / ours.Seconds, 2),
                ["baselineCustomersPerSecond"] = Math.Round(baseline.Customers / baseline.Seconds, 2),
                ["speedup"] = Math.Round(ours.Customers / ours.Seconds / (baseline.Customers / baseline.Seconds), 2),
                ["rows"] = ours.Rows,
                ["requests"] = ours.Requests,
                ["throttled"] = ours.Throttled,
                ["failed"] = ours.Failed,
                ["peakWorkingSetMB"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            };
            Console.WriteLine(JsonLine(result));
            return ours.Failed == 0 ? 0 : 1;
        }

        internal static string JsonLine(IDictionary<string, object> result) =>
            "{" + string.Join(",", result.Select(kv => "\"" + kv.Key + "\":" + Json(kv.Value))) + "}";

        private static async Task<Measurement> MeasureAsync(EmulatorOptions options, bool concurrent, int? limit = null)
        {
            var cloud = EmulatedCloud.Create(options);
            using var context = new CspContext();
            foreach (var connection in EmulatorConnector.ConnectInProcess(cloud))
            {
                context.Add(connection);
            }

            var watch = Stopwatch.StartNew();
            var targets = new List<Customer>();
            foreach (var connection in context.Connections)
            {
                await foreach (var customer in CustomerReader.ReadAsync(context, connection, new CustomerQuery(), CancellationToken.None))
                {
                    targets.Add(customer);
                }
            }

            targets = targets.Take(limit ?? targets.Count).ToList();
            var rows = 0;
            var failed = 0;
            if (concurrent)
            {
                // The same fan-out Get-CspLicense uses for customers arriving through the pipeline.
                var pump = new WorkPump(FanOut.CustomersInFlight, CancellationToken.None);
                var events = new List<WorkEvent>();
                foreach (var customer in targets)
                {
                    events.AddRange(pump.Start(customer, async (sink, ct) =>
                    {
                        foreach (var row in await LicenseOverview.ReadAsync(context.Get(customer.Profile), customer.CustomerId, ProductCatalog.Default, ct))
                        {
                            sink.Output(row);
                        }
                    }));
                }

                events.AddRange(pump.Complete());
                rows = events.Count(e => e.Kind == WorkEventKind.Output);
                failed = events.Count(e => e.Kind == WorkEventKind.Error);
            }
            else
            {
                foreach (var customer in targets)
                {
                    rows += (await LicenseOverview.ReadAsync(context.Get(customer.Profile), customer.CustomerId, ProductCatalog.Default, CancellationToken.None)).Count;
                }
            }

            var seconds = watch.Elapsed.TotalSeconds;
            return new Measurement(targets.Count, seconds, rows, failed,
                context.Connections.Sum(c => c.Statistics.Requests), context.Connections.Sum(c => c.Statistics.Throttled));
        }

        private static string Json(object value) => value switch
        {
            string text => "\"" + text + "\"",
            double number => number.ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };

        private sealed record Measurement(int Customers, double Seconds, int Rows, int Failed, long Requests, long Throttled);

        internal sealed class Arguments
        {
            private readonly Dictionary<string, string> _values;

            private Arguments(Dictionary<string, string> values) => _values = values;

            public static Arguments Parse(string[] args)
            {
                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + 1 < args.Length; i += 2)
                {
                    values[args[i].TrimStart('-')] = args[i + 1];
                }

                return new Arguments(values);
            }

            public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

            public double Double(string name, double fallback) => _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        }
    }
}
