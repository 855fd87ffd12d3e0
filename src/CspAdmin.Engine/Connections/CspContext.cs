using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Model;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// The connections of one PowerShell session (runspace): several profiles may be connected at once,
    /// and each customer routes to the profile it was read through.
    /// </summary>
    public sealed class CspContext : IDisposable
    {
        private readonly ConcurrentDictionary<string, CspConnection> _connections = new ConcurrentDictionary<string, CspConnection>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, string> _customerProfiles = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<CspConnection> Connections => _connections.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The in-process emulator the -Emulator connections talk to, kept so its state lives as long as the session.</summary>
        public CspAdmin.Emulator.EmulatedCloud? EmbeddedEmulator { get; set; }

        private Journal.ChangeJournal? _journal;
        private Completion.ArgumentCompletion? _completion;

        /// <summary>What tab completion offers in this session, from a short-lived cache over the connected profiles.</summary>
        public Completion.ArgumentCompletion Completion =>
            LazyInitializer.EnsureInitialized(ref _completion, () => new Completion.ArgumentCompletion(this))!;

        /// <summary>
        /// Where every change is recorded: the journal set here, else $CSPADMIN_JOURNAL_PATH or the user's data
        /// folder as they are when each command runs (so a script may point the variable elsewhere at any time).
        /// </summary>
        public Journal.ChangeJournal Journal
        {
            get => _journal ?? CspAdmin.Engine.Journal.ChangeJournal.ForCurrentUser(TimeProvider.System);
            set => _journal = value;
        }

        /// <summary>Adds a connection, replacing (and closing) one of the same profile name.</summary>
        public void Add(CspConnection connection)
        {
            CspConnection? replaced = null;
            _connections.AddOrUpdate(connection.Name, connection, (_, existing) =>
            {
                replaced = existing;
                return connection;
            });
            if (replaced != null && !ReferenceEquals(replaced, connection))
            {
                replaced.Dispose();
            }
        }

        public bool Remove(string profile)
        {
            if (!_connections.TryRemove(profile, out var connection))
            {
                return false;
            }

            foreach (var entry in _customerProfiles.Where(e => string.Equals(e.Value, profile, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                _customerProfiles.TryRemove(entry.Key, out _);
            }

            connection.Dispose();
            return true;
        }

        public CspConnection Get(string profile)
        {
            if (_connections.TryGetValue(profile, out var connection))
            {
                return connection;
            }

            throw new CspException("ProfileNotConnected", CspErrorCategory.ObjectNotFound,
                _connections.IsEmpty
                    ? $"Profile '{profile}' is not connected, and no profile is."
                    : $"Profile '{profile}' is not connected. Connected: {string.Join(", ", _connections.Keys.OrderBy(k => k))}.", profile)
            {
                RecommendedAction = $"Run Connect-CspService -Profile {profile} (or -Emulator) first.",
            };
        }

        /// <summary>The named connections, or all of them; at least one must be connected.</summary>
        public IReadOnlyList<CspConnection> Select(IReadOnlyCollection<string>? profiles)
        {
            if (_connections.IsEmpty)
            {
                throw NotConnected();
            }

            return profiles == null || profiles.Count == 0 ? Connections : profiles.Select(Get).ToList();
        }

        /// <summary>The named connection, or the only one; several connected without a name is an error, as guessing could act for the wrong partner.</summary>
        public CspConnection Single(string? profile)
        {
            if (!string.IsNullOrEmpty(profile))
            {
                return Get(profile!);
            }

            var connections = Select(null);
            if (connections.Count == 1)
            {
                return connections[0];
            }

            throw new CspException("ProfileAmbiguous", CspErrorCategory.InvalidArgument,
                $"Several profiles are connected ({string.Join(", ", connections.Select(c => c.Name))}); this command acts for one Partner Center account.")
            {
                RecommendedAction = "Name the account with -Profile.",
            };
        }

        /// <summary>Records which profile serves a customer, so later commands given only the id find it.</summary>
        public void Remember(CspConnection connection, Customer customer)
        {
            connection.Remember(customer);
            _customerProfiles[customer.CustomerId] = connection.Name;
        }

        /// <summary>
        /// The connection that serves <paramref name="customerId"/>: the named profile; else the only one;
        /// else the one it was last read through; else the first profile whose Partner Center knows it.
        /// </summary>
        public Task<CspConnection> ForCustomerAsync(string customerId, string? profile, CancellationToken cancellationToken) =>
            string.IsNullOrEmpty(profile)
                ? SearchForCustomerAsync(customerId, null, cancellationToken)
                : Task.FromResult(Get(profile!));

        /// <summary>The connection among <paramref name="profiles"/> (all when null) whose partner serves the customer.</summary>
        public async Task<CspConnection> SearchForCustomerAsync(string customerId, IReadOnlyCollection<string>? profiles, CancellationToken cancellationToken)
        {
            var connections = Select(profiles);
            if (connections.Count == 1 && (profiles == null || profiles.Count == 0))
            {
                return connections[0];
            }

            if (_customerProfiles.TryGetValue(customerId, out var known) && connections.FirstOrDefault(c => c.Name.Equals(known, StringComparison.OrdinalIgnoreCase)) is { } remembered)
            {
                return remembered;
            }

            foreach (var connection in connections)
            {
                try
                {
                    var customer = await connection.PartnerCenter.GetCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
                    Remember(connection, Customers.CustomerReader.ToModel(customer, connection.Name));
                    return connection;
                }
                catch (CspException ex) when (ex.ErrorId == "CustomerNotFound")
                {
                    // Not this partner account's customer; try the next profile.
                }
            }

            throw PartnerCenter.PartnerCenterClient.CustomerNotFound(customerId);
        }

        public static CspException NotConnected() =>
            new CspException("NotConnected", CspErrorCategory.InvalidOperation, "No Partner Center connection is open.")
            {
                RecommendedAction = "Run Connect-CspService -Emulator to try CspAdmin offline, or Connect-CspService -Profile <name>.",
            };

        public void Dispose()
        {
            foreach (var name in _connections.Keys.ToList())
            {
                Remove(name);
            }
        }
    }
}
