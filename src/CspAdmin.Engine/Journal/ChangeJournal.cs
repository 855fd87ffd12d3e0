using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Journal
{
    /// <summary>
    /// The append-only record of every change CspAdmin makes, as JSON lines: each change is written when it
    /// starts and again with its outcome, so an interrupted run can be audited and billing reconciled
    /// against assignments. Never holds a password or a token.
    /// </summary>
    public sealed class ChangeJournal
    {
        private static readonly object FileGate = new object();

        public ChangeJournal(string path, TimeProvider clock)
        {
            FilePath = path;
            Clock = clock;
        }

        public string FilePath { get; }
        public TimeProvider Clock { get; }

        /// <summary>$CSPADMIN_JOURNAL_PATH, else journal.jsonl in the user's local data folder (…/CspAdmin).</summary>
        public static ChangeJournal ForCurrentUser(TimeProvider clock)
        {
            var configured = Environment.GetEnvironmentVariable("CSPADMIN_JOURNAL_PATH");
            if (!string.IsNullOrEmpty(configured))
            {
                return new ChangeJournal(configured!, clock);
            }

            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(data))
            {
                data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return new ChangeJournal(Path.Combine(data, "CspAdmin", "journal.jsonl"), clock);
        }

        /// <summary>Records that a change is about to be made; complete it with <see cref="JournalEntry"/>'s outcome.</summary>
        public JournalEntry Begin(string operation, string profile, string customerId, string target, object? before, object? intended)
        {
            var entry = new JournalEntry
            {
                Id = Guid.NewGuid().ToString("N"),
                Time = Clock.GetUtcNow(),
                Operation = operation,
                Profile = profile,
                CustomerId = customerId,
                Target = target,
                Before = ToElement(before),
                After = ToElement(intended),
                Outcome = JournalOutcome.Started,
            };
            Append(entry);
            return entry;
        }

        public void Succeeded(JournalEntry started, object? after, string? detail = null) =>
            Append(started.With(Clock.GetUtcNow(), JournalOutcome.Succeeded, ToElement(after) ?? started.After, detail));

        public void Failed(JournalEntry started, Exception error) =>
            Append(started.With(Clock.GetUtcNow(), JournalOutcome.Failed, started.After, Redactor.Redact(error.Message)));

        /// <summary>The entries, oldest first; each change's latest line wins (its outcome), lines that do not parse are skipped.</summary>
        public IEnumerable<JournalEntry> Read()
        {
            if (!File.Exists(FilePath))
            {
                yield break;
            }

            var latest = new Dictionary<string, JournalEntry>();
            var order = new List<string>();
            using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    JournalEntry? entry;
                    try
                    {
                        entry = JsonSerializer.Deserialize<JournalEntry>(line, CspJson.Options);
                    }
                    catch (JsonException)
                    {
                        continue; // a line cut short by a killed process
                    }

                    if (entry?.Id == null)
                    {
                        continue;
                    }

                    if (!latest.ContainsKey(entry.Id))
                    {
                        order.Add(entry.Id);
                    }

                    latest[entry.Id] = entry;
                }
            }

            foreach (var id in order)
            {
                yield return latest[id];
            }
        }

        /// <summary>The changes matching the filters, oldest first.</summary>
        public IEnumerable<Model.ActivityRecord> Query(string? customerId, DateTimeOffset? since, IReadOnlyCollection<string>? operations)
        {
            var patterns = operations?.Select(o => new Operations.Wildcard(o)).ToList();
            return Read()
                .Where(e => customerId == null || string.Equals(e.CustomerId, customerId, StringComparison.OrdinalIgnoreCase))
                .Where(e => since == null || e.Time >= since)
                .Where(e => patterns == null || patterns.Count == 0 || patterns.Any(p => p.IsMatch(e.Operation)))
                .Select(e => new Model.ActivityRecord
                {
                    Time = e.Time,
                    Operation = e.Operation,
                    Profile = e.Profile,
                    CustomerId = e.CustomerId,
                    Target = e.Target,
                    Outcome = e.Outcome,
                    Before = e.Before?.GetRawText(),
                    After = e.After?.GetRawText(),
                    Detail = e.Detail,
                });
        }

        private void Append(JournalEntry entry)
        {
            var line = JsonSerializer.Serialize(entry, CspJson.Options) + "\n";
            lock (FileGate)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(FilePath));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                // Opened per write: several PowerShell sessions may journal to one file.
                using (var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    var bytes = Encoding.UTF8.GetBytes(line);
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
        }

        /// <summary>Snapshots as JSON with secrets masked, whatever object was passed in.</summary>
        private static JsonElement? ToElement(object? value)
        {
            if (value == null)
            {
                return null;
            }

            var json = Redactor.Redact(JsonSerializer.Serialize(value, value.GetType(), CspJson.Options));
            using (var document = JsonDocument.Parse(json))
            {
                return document.RootElement.Clone();
            }
        }
    }

    public static class JournalOutcome
    {
        public const string Started = "Started";
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
    }

    /// <summary>One change: what, where, before and after, and how it ended.</summary>
    public sealed class JournalEntry
    {
        public string Id { get; set; } = "";
        public DateTimeOffset? Time { get; set; }
        public string Operation { get; set; } = "";
        public string Profile { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string Target { get; set; } = "";
        public JsonElement? Before { get; set; }
        public JsonElement? After { get; set; }
        public string Outcome { get; set; } = "";
        public string? Detail { get; set; }

        internal JournalEntry With(DateTimeOffset time, string outcome, JsonElement? after, string? detail) => new JournalEntry
        {
            Id = Id,
            Time = time,
            Operation = Operation,
            Profile = Profile,
            CustomerId = CustomerId,
            Target = Target,
            Before = Before,
            After = after,
            Outcome = outcome,
            Detail = detail,
        };
    }
}
