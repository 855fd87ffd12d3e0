using System;
using System.IO;
using System.Text.Json;

namespace CspAdmin.Emulator
{
    /// <summary>Save/Load of <see cref="EmulatorState"/> as JSON (atomic write: temp file, then replace).</summary>
    internal static class StateSerializer
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = false,
        };

        public static void Save(EmulatorState state, string path)
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temp = full + ".tmp-" + System.Diagnostics.Process.GetCurrentProcess().Id + "-" + Environment.CurrentManagedThreadId;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, state, Options);
                stream.Flush(true);
            }

            if (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }

        public static EmulatorState Load(string path)
        {
            using (var stream = File.OpenRead(path))
            {
                var state = JsonSerializer.Deserialize<EmulatorState>(stream, Options)
                    ?? throw new InvalidDataException($"'{path}' does not contain an emulator state.");
                if (string.IsNullOrEmpty(state.SigningKey))
                {
                    throw new InvalidDataException($"'{path}' has no signingKey; it was not written by EmulatedCloud.Save.");
                }

                state.Upgrade();
                return state;
            }
        }
    }
}
