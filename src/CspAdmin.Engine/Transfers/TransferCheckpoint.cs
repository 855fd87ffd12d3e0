using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Transfers
{
    /// <summary>
    /// The record of users already moved, appended after every batch (JSON lines: a header naming the
    /// transfer, then one user id a line), so a run cut off anywhere resumes where it was. A line cut short by
    /// a killed process is ignored: that user is then checked against the live state instead.
    /// </summary>
    public sealed class TransferCheckpoint
    {
        private readonly string? _path;
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new object();

        private TransferCheckpoint(string? path) => _path = path;

        public IReadOnlyCollection<string> Done => _done;

        /// <summary>No file: nothing is remembered (a transfer still skips users the live state shows as moved).</summary>
        public static TransferCheckpoint None() => new TransferCheckpoint(null);

        /// <summary>Opens (for a plan: only reads) the checkpoint; a new one is created only when <paramref name="create"/>.</summary>
        public static TransferCheckpoint Open(string path, string customerId, string fromSkuId, string toSkuId, bool create = true)
        {
            var checkpoint = new TransferCheckpoint(create ? path : null);
            var header = new Header { CustomerId = customerId, From = fromSkuId, To = toSkuId };
            if (!File.Exists(path) || new FileInfo(path).Length == 0)
            {
                if (!create)
                {
                    return checkpoint;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
                checkpoint.Append(JsonSerializer.Serialize(header, CspJson.Options));
                return checkpoint;
            }

            var lines = File.ReadAllLines(path, Encoding.UTF8);
            Header? written = null;
            try
            {
                written = JsonSerializer.Deserialize<Header>(lines[0], CspJson.Options);
            }
            catch (JsonException)
            {
            }

            if (written == null || !string.Equals(written.CustomerId, customerId, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(written.From, fromSkuId, StringComparison.OrdinalIgnoreCase) || !string.Equals(written.To, toSkuId, StringComparison.OrdinalIgnoreCase))
            {
                throw new CspException("CheckpointMismatch", CspErrorCategory.InvalidData,
                    $"The checkpoint {path} belongs to another transfer (customer {written?.CustomerId}, {written?.From} -> {written?.To}).", path)
                {
                    RecommendedAction = "Use a checkpoint file per customer and transfer, or delete this one if that transfer is finished.",
                };
            }

            for (var i = 1; i < lines.Length; i++)
            {
                try
                {
                    var entry = JsonSerializer.Deserialize<Entry>(lines[i], CspJson.Options);
                    if (!string.IsNullOrEmpty(entry?.User))
                    {
                        checkpoint._done.Add(entry!.User!);
                    }
                }
                catch (JsonException)
                {
                    // The last line of a killed run may be cut short.
                }
            }

            // A cut-short last line must not glue itself to the next append.
            var text = File.ReadAllText(path);
            if (create && text.Length > 0 && text[text.Length - 1] != '\n')
            {
                File.AppendAllText(path, "\n");
            }

            return checkpoint;
        }

        public bool IsDone(string userId) => _done.Contains(userId);

        /// <summary>Records moved users; written through to disk before the next batch starts.</summary>
        public void Record(IEnumerable<string> userIds)
        {
            var text = new StringBuilder();
            lock (_gate)
            {
                foreach (var id in userIds)
                {
                    if (_done.Add(id))
                    {
                        text.Append(JsonSerializer.Serialize(new Entry { User = id }, CspJson.Options)).Append('\n');
                    }
                }

                if (_path != null && text.Length > 0)
                {
                    Append(text.ToString().TrimEnd('\n'));
                }
            }
        }

        private void Append(string lines)
        {
            using (var stream = new FileStream(_path!, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                var bytes = Encoding.UTF8.GetBytes(lines + "\n");
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
        }

        private sealed class Header
        {
            public string CustomerId { get; set; } = "";
            public string From { get; set; } = "";
            public string To { get; set; } = "";
        }

        private sealed class Entry
        {
            public string? User { get; set; }
        }
    }
}
