using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Completion;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Tests.Emulator;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Completion
{
    /// <summary>Tab completion's engine against the emulator: what is offered, from which cache, and within what time.</summary>
    public sealed class ArgumentCompletionTests
    {
        [Fact]
        public async Task CustomerIdsOfEveryConnectedProfileAreListedByCompanyAndDomain()
        {
            using var session = new EmulatorSession();
            var customers = Expected.CustomersOf(session.Cloud, "eu").Concat(Expected.CustomersOf(session.Cloud, "us")).ToList();

            var items = await session.Context.Completion.CustomerIdsAsync("");

            Assert.Equal(customers.Select(c => c.Id.ToLowerInvariant()).OrderBy(x => x), items.Select(i => i.CompletionText.ToLowerInvariant()).OrderBy(x => x));
            Assert.All(customers, c => Assert.Contains(items, i => i.CompletionText.Equals(c.Id, StringComparison.OrdinalIgnoreCase)
                && i.ListItemText == $"{c.DisplayName} ({c.DefaultDomain})"));
            Assert.Equal(items.Select(i => i.ListItemText).OrderBy(x => x, StringComparer.OrdinalIgnoreCase), items.Select(i => i.ListItemText));
        }

        [Fact]
        public async Task ABoundProfileLimitsTheCustomersToIt()
        {
            using var session = new EmulatorSession();

            var items = await session.Context.Completion.CustomerIdsAsync("", new[] { "emulator-us" });

            Assert.Equal(Expected.CustomersOf(session.Cloud, "us").Select(c => c.Id.ToLowerInvariant()).OrderBy(x => x),
                items.Select(i => i.CompletionText.ToLowerInvariant()).OrderBy(x => x));
        }

        [Fact]
        public async Task CustomersMatchOnNameDomainOrIdPrefixesFirst()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 30 });
            var completion = session.Context.Completion;
            var target = Expected.CustomersOf(session.Cloud, "eu")[3];
            var namePrefix = target.DisplayName.Substring(0, 3);

            var byName = await completion.CustomerIdsAsync(namePrefix);
            var byDomain = await completion.CustomerIdsAsync(target.DefaultDomain.Substring(0, 5).ToUpperInvariant());
            var byId = await completion.CustomerIdsAsync(target.Id.Substring(0, 8));
            var names = await completion.CustomerNamesAsync(namePrefix);
            var domains = await completion.CustomerDomainsAsync(namePrefix);

            Assert.Contains(byName, i => i.CompletionText.Equals(target.Id, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(byDomain, i => i.CompletionText.Equals(target.Id, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(byId, i => i.CompletionText.Equals(target.Id, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(names, i => i.ListItemText == target.DisplayName);
            Assert.Contains(domains, i => i.CompletionText == target.DefaultDomain);

            // Names that start with the word come before those that only contain it.
            var starts = byName.Select(i => i.ListItemText.StartsWith(namePrefix, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(starts.OrderByDescending(s => s), starts);
        }

        [Fact]
        public async Task WildcardsAndQuotesAreUnderstoodAndNamesComeBackQuoted()
        {
            using var session = new EmulatorSession();
            var target = Expected.CustomersOf(session.Cloud, "eu")[0];
            session.Cloud.Mutate(state => state.FindTenant(target.Id)!.DisplayName = "O'Neil & Sons [EU]");
            var completion = session.Context.Completion;

            var plain = await completion.CustomerNamesAsync("o*nei");
            var quoted = await completion.CustomerNamesAsync("'O''Neil &");
            var ids = await completion.CustomerIdsAsync("\"o'n");

            Assert.Equal("'O''Neil & Sons `[EU`]'", Assert.Single(plain).CompletionText);
            Assert.Equal("O'Neil & Sons [EU]", plain[0].ListItemText);
            Assert.Equal("'O''Neil & Sons `[EU`]'", Assert.Single(quoted).CompletionText);
            Assert.Equal("\"" + target.Id + "\"", Assert.Single(ids).CompletionText, ignoreCase: true);
            Assert.True(new Wildcard("O'Neil & Sons `[EU`]").IsMatch("O'Neil & Sons [EU]"), "Get-CspCustomer -Name takes the escaped name literally");
        }

        [Fact]
        public async Task PressingTabAgainCallsNoServiceUntilTheCacheExpires()
        {
            using var session = new EmulatorSession();
            var clock = new ManualClock();
            var completion = new ArgumentCompletion(session.Context, clock);
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            await completion.CustomerIdsAsync("");
            await completion.SkusAsync("", tenant.Id);
            await completion.OfferNamesAsync("", "DE");
            var afterFirst = session.Recorder.Exchanges.Count;
            await completion.CustomerIdsAsync("a");
            await completion.CustomerNamesAsync("b");
            await completion.CustomerDomainsAsync("");
            await completion.SkusAsync("SPE", tenant.Id);
            await completion.OfferNamesAsync("Micro", "de");
            await completion.OfferSkusAsync("", "DE");
            clock.Advance(TimeSpan.FromSeconds(100));
            await completion.CustomerIdsAsync("");
            var afterRepeats = session.Recorder.Exchanges.Count;
            clock.Advance(TimeSpan.FromSeconds(30));
            await completion.CustomerIdsAsync("");

            Assert.True(afterFirst > 0);
            Assert.Equal(afterFirst, afterRepeats);
            Assert.True(session.Recorder.Exchanges.Count > afterRepeats, "after two minutes the customers are read again");
        }

        [Fact]
        public async Task TheCacheIsPerContextAndForgetsADisconnectedProfile()
        {
            using var session = new EmulatorSession();
            var completion = session.Context.Completion;
            await completion.CustomerIdsAsync("");
            var before = session.Recorder.Exchanges.Count;

            session.Context.Remove("emulator-us");
            var items = await completion.CustomerIdsAsync("");

            Assert.Same(completion, session.Context.Completion);
            Assert.Equal(before, session.Recorder.Exchanges.Count);
            Assert.Equal(Expected.CustomersOf(session.Cloud, "eu").Count, items.Count);
        }

        [Fact]
        public async Task SkusAreThoseOfTheBoundCustomerByPartNumberAndProductName()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "us")[1];
            var skus = await TenantSkus.ReadAsync(session.Us, tenant.Id, ProductCatalog.Default, CancellationToken.None);
            var held = skus.Skus.Where(s => (s.PrepaidUnits?.Enabled ?? 0) + s.ConsumedUnits > 0).ToList();
            var expected = held.Select(s => s.SkuPartNumber!).Concat(held.Select(s => skus.ProductName(s))).Distinct().OrderBy(x => x, StringComparer.OrdinalIgnoreCase);

            // Routed to the profile that serves the customer, as the commands would be.
            var items = await session.Context.Completion.SkusAsync("", tenant.Id);
            var product = skus.ProductName(held[0]);
            var byProduct = await session.Context.Completion.SkusAsync(product.Substring(0, product.Length - 1), tenant.Id);

            Assert.NotEmpty(held);
            Assert.Equal(expected, items.Select(i => i.ListItemText));
            Assert.All(items, i => Assert.Equal(i.ListItemText.Contains(' ') ? "'" + i.ListItemText + "'" : i.ListItemText, i.CompletionText));
            Assert.Contains(byProduct, i => i.ListItemText == product);
            Assert.All(items, i => Assert.Contains(" assigned", i.ToolTip));
            Assert.Same(session.Us, await session.Context.ForCustomerAsync(tenant.Id, null, CancellationToken.None));
        }

        [Fact]
        public async Task WithoutABoundCustomerNoSkuIsOfferedAndNothingIsCalled()
        {
            using var session = new EmulatorSession();
            var completion = session.Context.Completion;

            Assert.Empty(await completion.SkusAsync("", null));
            Assert.Empty(await completion.SkusAsync("SPE", "  "));
            Assert.Empty(await completion.SkusAsync("", "Contoso"));
            Assert.Empty(await completion.CustomerOffersAsync("", null));
            Assert.Empty(session.Recorder.Exchanges);
        }

        [Fact]
        public async Task OfferNamesAndPartNumbersComeFromTheCatalogOfTheCountry()
        {
            using var session = new EmulatorSession();
            var offers = await OfferCatalog.ListAsync(session.Eu, "DE", ProductCatalog.Default, CancellationToken.None);
            var e3 = offers.Single(o => o.SkuPartNumber == "SPE_E3");
            var completion = session.Context.Completion;

            var names = await completion.OfferNamesAsync("", "DE", "emulator-eu");
            var quoted = await completion.OfferNamesAsync("'" + e3.Name.Substring(0, 4), "DE", "emulator-eu");
            var parts = await completion.OfferSkusAsync("spe_", "DE", "emulator-eu");

            Assert.Equal(offers.Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), names.Select(i => i.ListItemText));
            Assert.Contains(quoted, i => i.CompletionText == "'" + e3.Name.Replace("'", "''") + "'");
            Assert.All(quoted, i => Assert.StartsWith("'", i.CompletionText));
            Assert.Contains(parts, i => i.CompletionText == "SPE_E3");
            Assert.All(parts, i => Assert.Contains("SPE_", i.CompletionText, StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task OffersForACustomerAreOrderableIdsFromTheCatalogOfItsCountry()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var offers = await OfferCatalog.ListAsync(session.Eu, tenant.CountryLetterCode, ProductCatalog.Default, CancellationToken.None);
            var e3 = offers.Single(o => o.SkuPartNumber == "SPE_E3");

            var all = await session.Context.Completion.CustomerOffersAsync("", tenant.Id);
            var byPart = await session.Context.Completion.CustomerOffersAsync("spe_e3", tenant.Id, "emulator-eu");

            Assert.Equal(offers.Select(o => o.OfferId).OrderBy(x => x), all.Select(i => i.CompletionText).OrderBy(x => x));
            Assert.Equal(e3.OfferId, byPart[0].CompletionText);
            Assert.All(all, i => Assert.Equal(i.CompletionText, OfferCatalog.Resolve(offers, i.CompletionText).OfferId));
            Assert.StartsWith(e3.Name, byPart[0].ListItemText);
        }

        [Fact]
        public async Task ProfilesAreTheConnectedOnesOrTheStoredOnes()
        {
            using var session = new EmulatorSession();
            var folder = Path.Combine(Path.GetTempPath(), "cspadmin-completion-" + Guid.NewGuid().ToString("N"));
            try
            {
                var store = new ProfileStore(folder);
                var completion = session.Context.Completion;
                Assert.Empty(completion.StoredProfiles("", store));
                foreach (var name in new[] { "contoso-eu", "fabrikam", "emulator-eu" })
                {
                    store.Add(new CspProfile { Name = name, PartnerTenantId = Guid.NewGuid().ToString(), ApplicationId = Guid.NewGuid().ToString() });
                }

                Assert.Equal(new[] { "emulator-eu", "emulator-us" }, completion.ConnectedProfiles("").Select(i => i.CompletionText));
                Assert.Equal(new[] { "emulator-us" }, completion.ConnectedProfiles("*us").Select(i => i.CompletionText));
                Assert.Equal(new[] { "emulator-eu", "emulator-us" }, completion.ConnectedProfiles("'EMU").Select(i => i.ListItemText));
                Assert.Equal(new[] { "contoso-eu", "emulator-eu", "fabrikam" }, completion.StoredProfiles("", store).Select(i => i.CompletionText));
                Assert.Equal(new[] { "contoso-eu", "emulator-eu" }, completion.StoredProfiles("*-eu", store).Select(i => i.CompletionText));
                Assert.Contains("connected", completion.StoredProfiles("emu", store).Single().ToolTip);

                File.WriteAllText(store.FilePath, "{ \"profiles\": [ { \"clientSecret\": \"x\" } ] }");
                Assert.Empty(completion.StoredProfiles("", store));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public async Task AFailingServiceGivesNothingAndIsNotAskedAgainAtOnce()
        {
            Gate gate = null!;
            using var session = new EmulatorSession(interpose: inner => gate = new Gate(inner));
            var clock = new ManualClock();
            var completion = new ArgumentCompletion(session.Context, clock);
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            gate.Fail = true;

            Assert.Empty(await completion.CustomerIdsAsync(""));
            Assert.Empty(await completion.SkusAsync("", tenant.Id, "emulator-eu"));
            Assert.Empty(await completion.OfferNamesAsync(""));
            Assert.Empty(await completion.CustomerOffersAsync("", tenant.Id, "emulator-eu"));
            var failed = gate.Requests;
            Assert.Empty(await completion.CustomerIdsAsync("a"));
            Assert.Equal(failed, gate.Requests);

            gate.Fail = false;
            clock.Advance(completion.FailureLifetime);
            Assert.NotEmpty(await completion.CustomerIdsAsync(""));
        }

        [Fact]
        public async Task ASlowServiceIsWaitedForOnlyUntilTheTimeLimitAndWhatIsKnownIsOffered()
        {
            Gate gate = null!;
            using var session = new EmulatorSession(interpose: inner => gate = new Gate(inner));
            var target = Expected.CustomersOf(session.Cloud, "eu")[0];
            await CustomerReader.ReadAsync(session.Context, session.Eu, new CustomerQuery { CustomerId = target.Id }, CancellationToken.None).ToListAsync();
            var completion = new ArgumentCompletion(session.Context) { TimeLimit = TimeSpan.FromMilliseconds(300) };
            gate.Hang = true;

            var watch = Stopwatch.StartNew();
            var items = await completion.CustomerIdsAsync("");
            var skus = await completion.SkusAsync("", target.Id, "emulator-eu");
            watch.Stop();

            Assert.Equal(target.Id, Assert.Single(items).CompletionText, ignoreCase: true);
            Assert.Empty(skus);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"two completions took {watch.Elapsed}");
        }

        [Fact]
        public async Task WithoutAConnectionNothingIsOffered()
        {
            using var context = new CspContext();

            Assert.Empty(await context.Completion.CustomerIdsAsync(""));
            Assert.Empty(await context.Completion.SkusAsync("", Guid.NewGuid().ToString()));
            Assert.Empty(await context.Completion.OfferNamesAsync(""));
            Assert.Empty(context.Completion.ConnectedProfiles(""));
        }

        /// <summary>Between the engine and the emulator: fails every request, or holds it until it is cancelled.</summary>
        private sealed class Gate : DelegatingHandler
        {
            private int _requests;

            public Gate(HttpMessageHandler inner)
                : base(inner)
            {
            }

            public bool Fail { get; set; }
            public bool Hang { get; set; }
            public int Requests => Volatile.Read(ref _requests);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _requests);
                if (Fail)
                {
                    throw new InvalidOperationException("The service is down.");
                }

                if (Hang)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
