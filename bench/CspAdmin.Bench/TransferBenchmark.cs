using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Transfers;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Bench
{
    /// <summary>
    /// transfer: Move-CspUserLicense's engine against Graph's documented identity limits, with every emulated
    /// duration divided by --time-scale, versus the loop a script writes today (one assignLicense per user,
    /// in sequence) measured on the first 200 users.
    /// </summary>
    internal static class TransferBenchmark
    {
        private const string From = "6fd2c87f-b296-42f0-b197-1e91e994b900"; // Office 365 E3
        private const string To = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";   // Microsoft 365 E5
        private const int BaselineUsers = 200;

        public static async Task<int> RunAsync(Program.Arguments arguments)
        {
            var customers = arguments.Int("customers", 1);
            var users = arguments.Int("users", 12000);
            var options = new EmulatorOptions
            {
                Seed = arguments.Int("seed", 1),
                // Customers alternate between the two regions; the benchmark works with the EU ones.
                Customers = customers * 2,
                UsersPerCustomer = users,
                Latency = TimeSpan.FromMilliseconds(arguments.Int("latency-ms", 400)),
                TimeScale = arguments.Double("time-scale", 20),
            };

            var (ours, cloud, tenants) = await MeasureEngineAsync(options);
            var baselineRate = await MeasureBaselineAsync(options);
            var total = customers * users;
            var ideal = IdealSeconds(options, customers, users);
            var withoutLicense = cloud.Read(state => tenants.SelectMany(t => state.FindTenant(t)!.Users)
                .Count(u => u.AssignedLicenses.All(l => l.SkuId != From && l.SkuId != To)));
            var result = new Dictionary<string, object>
            {
                ["scenario"] = "transfer",
                ["customers"] = customers,
                ["users"] = total,
                ["seconds"] = Math.Round(ours.Seconds, 3),
                ["idealSeconds"] = Math.Round(ideal, 3),
                ["ceilingEfficiency"] = Math.Round(ideal / ours.Seconds, 3),
                ["usersPerSecond"] = Math.Round(total / ours.Seconds, 1),
                ["baselineUsersPerSecond"] = Math.Round(baselineRate, 1),
                ["speedup"] = Math.Round(total / ours.Seconds / baselineRate, 2),
                ["requests"] = ours.Requests,
                ["throttled"] = ours.Throttled,
                ["failed"] = ours.Failed,
                ["usersWithoutLicense"] = withoutLicense + cloud.CheckInvariants().Count,
                ["peakWorkingSetMB"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            };
            Console.WriteLine(Program.JsonLine(result));
            return ours.Failed == 0 && withoutLicense == 0 ? 0 : 1;
        }

        /// <summary>Every EU customer's users move at once, each customer's transfer bounded as the cmdlet bounds it.</summary>
        private static async Task<(Outcome, EmulatedCloud, List<string>)> MeasureEngineAsync(EmulatorOptions options)
        {
            var (cloud, connection, tenants) = Arrange(options);
            var journal = new ChangeJournal(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cspadmin-bench-{Guid.NewGuid():N}.jsonl"), options.Clock);
            var watch = Stopwatch.StartNew();
            var summaries = await Task.WhenAll(tenants.Select(tenant =>
                new LicenseTransfer(connection, new TransferRequest { CustomerId = tenant, From = From, To = To }, journal, ProductCatalog.Default, _ => { })
                    .RunAsync(_ => { }, (_, _) => { }, CancellationToken.None)));
            var seconds = watch.Elapsed.TotalSeconds;
            System.IO.File.Delete(journal.FilePath);
            return (new Outcome(seconds, summaries.Sum(s => s.Failed), connection.Statistics.Requests, connection.Statistics.Throttled + summaries.Sum(s => s.Throttled)), cloud, tenants);
        }

        /// <summary>Today's script: one assignLicense per user, one after another.</summary>
        private static async Task<double> MeasureBaselineAsync(EmulatorOptions options)
        {
            var (_, connection, tenants) = Arrange(options);
            var ids = await connection.Graph.ListUsersAsync(tenants[0], new GraphUserQuery { Select = new[] { "id" }, Top = BaselineUsers }, CancellationToken.None)
                .Take(BaselineUsers).Select(u => u.Id!).ToListAsync();
            var watch = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                await connection.Graph.AssignLicenseAsync(tenants[0], id,
                    new GraphLicenseChange { AddLicenses = { new GraphAssignedLicense { SkuId = To } }, RemoveLicenses = { From } }, CancellationToken.None);
            }

            return ids.Count / watch.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// The shortest time the emulator's own write limits allow: each token bucket starts full (its capacity)
        /// and refills at capacity per window; plus one round trip.
        /// </summary>
        private static double IdealSeconds(EmulatorOptions options, int customers, int users)
        {
            var limits = options.GraphLimits;
            double Bound(double writes, int capacity, TimeSpan window) => Math.Max(0, writes - capacity) / (capacity / (window.TotalSeconds / options.TimeScale));
            var perTenant = Math.Max(Bound(users, limits.AppTenantWrites, limits.AppTenantWriteWindow), Bound(users, limits.TenantWrites, limits.TenantWriteWindow));
            var perApp = Bound((double)customers * users, limits.AppWrites, limits.AppWriteWindow);
            return Math.Max(perTenant, perApp) + options.Latency.TotalSeconds / options.TimeScale;
        }

        /// <summary>An emulated cloud whose EU customers' users all hold Office 365 E3 and have as many Microsoft 365 E5 seats to move to.</summary>
        private static (EmulatedCloud Cloud, CspConnection Connection, List<string> Tenants) Arrange(EmulatorOptions options)
        {
            var cloud = EmulatedCloud.Create(options);
            var eu = cloud.Partner("eu");
            var tenants = new List<string>();
            cloud.Mutate(state =>
            {
                foreach (var tenant in state.CustomersOf(eu.TenantId).Where(t => t.Region == "EU"))
                {
                    tenants.Add(tenant.Id);
                    // The seed leaves some customers without the GDAP role license changes need; here every customer has it.
                    tenant.RelationshipWith(eu.TenantId)!.Gdap!.GrantRole(GdapRoles.LicenseAdministrator);

                    tenant.Subscriptions.Clear();
                    tenant.Subscriptions.Add(state.NewSubscription(eu.TenantId, From, tenant.Users.Count, nce: true, cloud.Now.AddDays(-60)));
                    tenant.Subscriptions.Add(state.NewSubscription(eu.TenantId, To, tenant.Users.Count, nce: true, cloud.Now.AddDays(-60)));
                    tenant.DeletedUsers.Clear();
                    foreach (var user in tenant.Users)
                    {
                        user.AssignedLicenses.Clear();
                        user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = From });
                        user.UsageLocation ??= tenant.CountryLetterCode;
                    }
                }
            });
            var connection = EmulatorConnector.Connect(EmulatorConnector.Account.From(eu), EmulatorConnector.InProcessAddress, cloud.CreateHandler(), options.Clock);
            return (cloud, connection, tenants);
        }


        private sealed record Outcome(double Seconds, int Failed, long Requests, long Throttled);
    }
}
