using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Subscriptions;

namespace CspAdmin.Engine.Completion
{
    /// <summary>
    /// What tab completion offers for CspAdmin's parameters, read from the session's connected profiles. What the
    /// services said is kept for <see cref="Lifetime"/> per connection, so pressing Tab again calls nothing; a
    /// completion never throws and returns within <see cref="TimeLimit"/> with what is known by then (a fetch that
    /// takes longer goes on in the background, for the next Tab). Nothing here knows about PowerShell.
    /// </summary>
    public sealed class ArgumentCompletion
    {
        private static readonly IReadOnlyList<CompletionItem> Nothing = new CompletionItem[0];

        private readonly CspContext _context;
        private readonly TimeProvider _clock;
        private readonly ProductCatalog _catalog;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        public ArgumentCompletion(CspContext context, TimeProvider? clock = null, ProductCatalog? catalog = null)
        {
            _context = context;
            _clock = clock ?? TimeProvider.System;
            _catalog = catalog ?? ProductCatalog.Default;
        }

        /// <summary>How long what a service said is used again.</summary>
        public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>How long a failed fetch is not tried again, so a failing service is not asked at every Tab.</summary>
        public TimeSpan FailureLifetime { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>The longest a completion waits for the services.</summary>
        public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>The longest a fetch goes on in the background before it is given up.</summary>
        public TimeSpan FetchLimit { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>Tenant ids of the customers (of <paramref name="profiles"/>, else of all connected), listed as "Company (domain)".</summary>
        public Task<IReadOnlyList<CompletionItem>> CustomerIdsAsync(string? word, IReadOnlyCollection<string>? profiles = null) =>
            CustomersAsync(word, profiles, byId: true, (w, c) => new CompletionItem(w.Format(c.CustomerId), $"{c.CompanyName} ({c.DefaultDomain})", Describe(c)));

        /// <summary>Company names of the customers, for a parameter that takes wildcards (so they are escaped).</summary>
        public Task<IReadOnlyList<CompletionItem>> CustomerNamesAsync(string? word, IReadOnlyCollection<string>? profiles = null) =>
            CustomersAsync(word, profiles, byId: false, (w, c) => new CompletionItem(w.Format(c.CompanyName, escapeWildcards: true), c.CompanyName, Describe(c)));

        /// <summary>Default domains of the customers; the word matches company names too.</summary>
        public Task<IReadOnlyList<CompletionItem>> CustomerDomainsAsync(string? word, IReadOnlyCollection<string>? profiles = null) =>
            CustomersAsync(word, profiles, byId: false, (w, c) => new CompletionItem(w.Format(c.DefaultDomain), c.DefaultDomain, Describe(c)));

        /// <summary>
        /// Part numbers and product names of the licenses the customer has (seats bought or assigned). Nothing
        /// without a customer id: completing SKUs of every customer would call every tenant.
        /// </summary>
        public Task<IReadOnlyList<CompletionItem>> SkusAsync(string? word, string? customerId, string? profile = null) =>
            ForCustomerAsync(customerId, profile, async (connection, tenant, deadline) =>
            {
                var entry = FetchAll($"skus|{connection.Name}|{tenant}", connection, ct => connection.Graph.ListSubscribedSkusAsync(tenant, ct));
                await deadline.Wait(entry.Done).ConfigureAwait(false);
                var names = entry.Items
                    .Where(s => !string.IsNullOrEmpty(s.SkuPartNumber) && (s.PrepaidUnits?.Enabled ?? 0) + s.ConsumedUnits > 0)
                    .SelectMany(s =>
                    {
                        var product = _catalog.ProductName(s.SkuId, s.SkuPartNumber);
                        var tip = $"{product} ({s.SkuPartNumber}): {s.ConsumedUnits} of {s.PrepaidUnits?.Enabled ?? 0} assigned";
                        return new[] { (Name: s.SkuPartNumber!, Tip: tip), (Name: product, Tip: tip) };
                    });
                var w = new CompletionWord(word);
                return w.Choose(names, n => new CompletionItem(w.Format(n.Name), n.Name, n.Tip), n => new[] { n.Name });
            });

        /// <summary>Offer names of a country's catalog (Get-CspOffer -Name, which takes wildcards), through the named or the first connection.</summary>
        public Task<IReadOnlyList<CompletionItem>> OfferNamesAsync(string? word, string? country = null, string? profile = null) =>
            CatalogAsync(word, country, profile, (w, offers) => w.Choose(
                offers.GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()),
                o => new CompletionItem(w.Format(o.Name, escapeWildcards: true), o.Name, Describe(o)),
                o => new[] { o.Name, o.Product, o.SkuPartNumber }));

        /// <summary>SKU part numbers of a country's catalog (Get-CspOffer -Sku).</summary>
        public Task<IReadOnlyList<CompletionItem>> OfferSkusAsync(string? word, string? country = null, string? profile = null) =>
            CatalogAsync(word, country, profile, (w, offers) => w.Choose(
                offers.Where(o => !string.IsNullOrEmpty(o.SkuPartNumber)).GroupBy(o => o.SkuPartNumber, StringComparer.OrdinalIgnoreCase).Select(g => g.First()),
                o => new CompletionItem(w.Format(o.SkuPartNumber!), o.SkuPartNumber!, $"{o.Product ?? o.Name} ({o.SkuPartNumber})"),
                o => new[] { o.SkuPartNumber, o.Product, o.Name }));

        /// <summary>
        /// The offers the customer can order (New-CspSubscription -OfferId): catalog item ids of the catalog of the
        /// customer's country, listed by name and terms. Nothing without a customer id, as the country is the customer's.
        /// </summary>
        public Task<IReadOnlyList<CompletionItem>> CustomerOffersAsync(string? word, string? customerId, string? profile = null) =>
            ForCustomerAsync(customerId, profile, async (connection, tenant, deadline) =>
            {
                var countryEntry = Fetch<string>($"country|{connection.Name}|{tenant}", new[] { connection },
                    async (add, ct) => add(await SubscriptionOrder.CountryAsync(connection, tenant, ct).ConfigureAwait(false)));
                await deadline.Wait(countryEntry.Done).ConfigureAwait(false);
                var country = countryEntry.Items.FirstOrDefault();
                if (country == null)
                {
                    return Nothing;
                }

                var offers = await OffersAsync(connection, country, deadline).ConfigureAwait(false);
                var w = new CompletionWord(word);
                return w.Choose(offers, o => new CompletionItem(w.Format(o.OfferId), o.Terms.Length == 0 ? o.Name : $"{o.Name} ({string.Join(", ", o.Terms)})", Describe(o)),
                    o => new[] { o.Name, o.Product, o.SkuPartNumber }, o => new[] { o.OfferId });
            });

        /// <summary>The names of the connected profiles.</summary>
        public IReadOnlyList<CompletionItem> ConnectedProfiles(string? word) => Safely(() =>
        {
            var w = new CompletionWord(word);
            return w.Choose(_context.Connections, c => new CompletionItem(w.Format(c.Name), c.Name, Describe(c.Profile, "connected with " + c.SignInMethod)), c => new[] { c.Name });
        });

        /// <summary>The names of the stored profiles (of <paramref name="store"/>, else the current user's); no file or a bad one offers nothing.</summary>
        public IReadOnlyList<CompletionItem> StoredProfiles(string? word, ProfileStore? store = null) => Safely(() =>
        {
            var w = new CompletionWord(word);
            var connected = new HashSet<string>(_context.Connections.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            return w.Choose((store ?? ProfileStore.ForCurrentUser()).Load(),
                p => new CompletionItem(w.Format(p.Name), p.Name, Describe(p, p.SignInMethod + (connected.Contains(p.Name) ? ", connected" : ""))), p => new[] { p.Name });
        });

        private Task<IReadOnlyList<CompletionItem>> CustomersAsync(string? word, IReadOnlyCollection<string>? profiles, bool byId,
            Func<CompletionWord, Customer, CompletionItem> item) =>
            Safely(async deadline =>
            {
                var named = profiles?.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
                var connections = _context.Connections.Where(c => named == null || named.Count == 0 || named.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
                var entries = connections.Select(c => FetchAll("customers|" + c.Name, c, ct => CustomerReader.ReadAsync(_context, c, new CustomerQuery(), ct))).ToList();
                await deadline.Wait(entries.Select(e => e.Done).ToArray()).ConfigureAwait(false);

                // What was listed so far, and the customers earlier commands read: what is known.
                var customers = entries.SelectMany(e => e.Items)
                    .Concat(connections.SelectMany(c => c.KnownCustomers.Values))
                    .GroupBy(c => c.Profile + "|" + c.CustomerId, StringComparer.OrdinalIgnoreCase)
                    .Select(g => g.First());
                var w = new CompletionWord(word);
                return w.Choose(customers, c => item(w, c), c => new[] { c.CompanyName, c.DefaultDomain }, byId ? c => new[] { c.CustomerId } : (Func<Customer, IEnumerable<string?>>?)null);
            });

        private Task<IReadOnlyList<CompletionItem>> CatalogAsync(string? word, string? country, string? profile,
            Func<CompletionWord, IReadOnlyList<Offer>, IReadOnlyList<CompletionItem>> choose) =>
            Safely(async deadline =>
            {
                var connections = _context.Connections;
                var connection = string.IsNullOrWhiteSpace(profile)
                    ? connections.FirstOrDefault()
                    : connections.FirstOrDefault(c => string.Equals(c.Name, profile!.Trim(), StringComparison.OrdinalIgnoreCase));
                if (connection == null)
                {
                    return Nothing;
                }

                var offers = await OffersAsync(connection, string.IsNullOrWhiteSpace(country) ? OfferCatalog.DefaultCountry : country!.Trim(), deadline).ConfigureAwait(false);
                return choose(new CompletionWord(word), offers);
            });

        private async Task<IReadOnlyList<Offer>> OffersAsync(CspConnection connection, string country, Deadline deadline)
        {
            var entry = FetchAll($"offers|{connection.Name}|{country.ToUpperInvariant()}", connection, ct => OfferCatalog.StreamAsync(connection, country, _catalog, ct));
            await deadline.Wait(entry.Done).ConfigureAwait(false);
            return entry.Items;
        }

        /// <summary>Completes for the customer, through the connection that serves it; nothing for no or a malformed customer id.</summary>
        private Task<IReadOnlyList<CompletionItem>> ForCustomerAsync(string? customerId, string? profile,
            Func<CspConnection, string, Deadline, Task<IReadOnlyList<CompletionItem>>> complete) =>
            Safely(async deadline =>
            {
                var connection = await CustomerConnectionAsync(customerId, profile, deadline).ConfigureAwait(false);
                return connection == null ? Nothing : await complete(connection, customerId!.Trim(), deadline).ConfigureAwait(false);
            });

        /// <summary>
        /// The connection that serves the customer, as the commands find it (the named profile, the only one, the one
        /// it was read through, else the first whose Partner Center knows it); null for no or a malformed id.
        /// </summary>
        private async Task<CspConnection?> CustomerConnectionAsync(string? customerId, string? profile, Deadline deadline)
        {
            var tenant = customerId?.Trim();
            var connections = _context.Connections;
            if (!Guid.TryParse(tenant, out _) || connections.Count == 0)
            {
                return null;
            }

            var key = $"route|{profile?.Trim()}|{tenant}|{string.Join(",", connections.Select(c => c.Name))}";
            var entry = Fetch<CspConnection>(key, connections,
                async (add, ct) => add(await _context.ForCustomerAsync(tenant!, string.IsNullOrWhiteSpace(profile) ? null : profile!.Trim(), ct).ConfigureAwait(false)));
            await deadline.Wait(entry.Done).ConfigureAwait(false);
            return entry.Items.FirstOrDefault();
        }

        /// <summary>
        /// The cached fetch under <paramref name="key"/>, or a new one started now. An entry is used while it runs,
        /// for <see cref="Lifetime"/> after it finished (<see cref="FailureLifetime"/> after it failed), and only while
        /// every connection it read through is still connected (a reconnected profile is a new connection).
        /// </summary>
        private Entry<T> Fetch<T>(string key, IReadOnlyList<CspConnection> dependsOn, Func<Action<T>, CancellationToken, Task> fetch)
        {
            var connected = _context.Connections;
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                foreach (var stale in _entries.Where(e => !e.Value.IsFresh(now, connected, Lifetime, FailureLifetime)).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }

                if (_entries.TryGetValue(key, out var existing) && existing is Entry<T> cached)
                {
                    return cached;
                }

                var entry = new Entry<T>(dependsOn);
                _entries[key] = entry;
                entry.Start(fetch, _clock, FetchLimit);
                return entry;
            }
        }

        /// <summary>A cached fetch of a stream through one connection, keeping each item as it arrives.</summary>
        private Entry<T> FetchAll<T>(string key, CspConnection connection, Func<CancellationToken, IAsyncEnumerable<T>> source) =>
            Fetch<T>(key, new[] { connection }, async (add, ct) =>
            {
                await foreach (var item in source(ct).ConfigureAwait(false))
                {
                    add(item);
                }
            });

        private async Task<IReadOnlyList<CompletionItem>> Safely(Func<Deadline, Task<IReadOnlyList<CompletionItem>>> complete)
        {
            try
            {
                using (var deadline = new Deadline(_clock, TimeLimit))
                {
                    return await deadline.Guard(complete(deadline)).ConfigureAwait(false) ?? Nothing;
                }
            }
            catch (Exception)
            {
                // A completion that fails offers nothing: the command line must never break on Tab.
                return Nothing;
            }
        }

        private static IReadOnlyList<CompletionItem> Safely(Func<IReadOnlyList<CompletionItem>> complete)
        {
            try
            {
                return complete();
            }
            catch (Exception)
            {
                return Nothing;
            }
        }

        private static string Describe(Customer c) => $"{c.CompanyName} ({c.DefaultDomain}), tenant {c.CustomerId}, profile {c.Profile}";

        private static string Describe(Offer o) =>
            $"{o.Name}: {o.Product ?? o.SkuPartNumber ?? o.Name}" + (string.IsNullOrEmpty(o.SkuPartNumber) ? "" : $" ({o.SkuPartNumber})")
            + (o.Terms.Length == 0 ? "" : $", {string.Join(", ", o.Terms)}") + $", {o.OfferId} ({o.Country})";

        private static string Describe(CspProfile p, string state) =>
            $"{p.Name}: {p.Cloud} cloud{(string.IsNullOrEmpty(p.Region) ? "" : ", region " + p.Region)}, partner {p.PartnerTenantId}, {state}";

        /// <summary>The end of one completion's wait for data; disposing it stops its timer.</summary>
        private sealed class Deadline : IDisposable
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly Task _elapsed;

            public Deadline(TimeProvider clock, TimeSpan limit) => _elapsed = clock.Delay(limit, _stop.Token);

            /// <summary>Waits for the work until the deadline; true when all of it finished.</summary>
            public async Task<bool> Wait(params Task[] work)
            {
                var all = Task.WhenAll(work);
                return await Task.WhenAny(all, _elapsed).ConfigureAwait(false) == all;
            }

            /// <summary>The completion's result, or null when the deadline passed first (the work's failure is then observed and dropped).</summary>
            public async Task<IReadOnlyList<CompletionItem>?> Guard(Task<IReadOnlyList<CompletionItem>> completion)
            {
                if (await Task.WhenAny(completion, _elapsed).ConfigureAwait(false) == completion)
                {
                    return await completion.ConfigureAwait(false);
                }

                _ = completion.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return null;
            }

            public void Dispose()
            {
                _stop.Cancel();
                _stop.Dispose();
            }
        }

        private abstract class Entry
        {
            private readonly object _state = new object();
            private DateTimeOffset? _finished;
            private bool _failed;

            protected Entry(IReadOnlyList<CspConnection> dependsOn) => DependsOn = dependsOn;

            public IReadOnlyList<CspConnection> DependsOn { get; }

            /// <summary>Completes when the fetch ended, well or not; never faults.</summary>
            public Task Done { get; protected set; } = Task.CompletedTask;

            public bool IsFresh(DateTimeOffset now, IReadOnlyList<CspConnection> connected, TimeSpan lifetime, TimeSpan failureLifetime)
            {
                if (!DependsOn.All(c => connected.Contains(c)))
                {
                    return false;
                }

                lock (_state)
                {
                    return _finished == null || now - _finished.Value < (_failed ? failureLifetime : lifetime);
                }
            }

            protected void Finish(DateTimeOffset at, bool failed)
            {
                lock (_state)
                {
                    _finished = at;
                    _failed = failed;
                }
            }
        }

        /// <summary>One fetch and what it has delivered so far.</summary>
        private sealed class Entry<T> : Entry
        {
            private readonly List<T> _items = new List<T>();

            public Entry(IReadOnlyList<CspConnection> dependsOn)
                : base(dependsOn)
            {
            }

            public IReadOnlyList<T> Items
            {
                get
                {
                    lock (_items)
                    {
                        return _items.ToList();
                    }
                }
            }

            public void Start(Func<Action<T>, CancellationToken, Task> fetch, TimeProvider clock, TimeSpan limit) =>
                Done = Task.Run(async () =>
                {
                    using (var stop = clock.CreateCancellationTokenSource(limit))
                    {
                        try
                        {
                            await fetch(Add, stop.Token).ConfigureAwait(false);
                            Finish(clock.GetUtcNow(), failed: false);
                        }
                        catch (Exception)
                        {
                            Finish(clock.GetUtcNow(), failed: true);
                        }
                    }
                });

            private void Add(T item)
            {
                lock (_items)
                {
                    _items.Add(item);
                }
            }
        }
    }
}
