using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// Named profiles in profiles.json under the user's configuration folder ($CSPADMIN_CONFIG_HOME, else
    /// %APPDATA%\CspAdmin or ~/.config/CspAdmin). Profiles hold endpoints and ids, never secrets.
    /// </summary>
    public sealed class ProfileStore
    {
        public ProfileStore(string folder) => Folder = folder;

        public string Folder { get; }
        public string FilePath => Path.Combine(Folder, "profiles.json");

        public static ProfileStore ForCurrentUser()
        {
            var configured = Environment.GetEnvironmentVariable("CSPADMIN_CONFIG_HOME");
            if (!string.IsNullOrEmpty(configured))
            {
                return new ProfileStore(configured!);
            }

            var appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            if (string.IsNullOrEmpty(appData))
            {
                appData = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return new ProfileStore(Path.Combine(appData, "CspAdmin"));
        }

        public IReadOnlyList<CspProfile> Load()
        {
            if (!File.Exists(FilePath))
            {
                return new List<CspProfile>();
            }

            try
            {
                var file = CspJson.Deserialize<ProfileFile>(File.ReadAllText(FilePath));
                return file.Profiles;
            }
            catch (JsonException ex)
            {
                throw new CspException("ProfileFileInvalid", CspErrorCategory.InvalidData,
                    $"The profile file {FilePath} is not valid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", FilePath, ex)
                {
                    RecommendedAction = "Correct the file by hand; CspAdmin never overwrites a file it cannot read.",
                };
            }
        }

        public CspProfile Get(string name) =>
            Load().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new CspException("ProfileNotFound", CspErrorCategory.ObjectNotFound, $"There is no profile named '{name}' in {FilePath}.", name)
            {
                RecommendedAction = "Use Connect-CspService -Emulator for the built-in emulator, or add the profile to the file.",
            };

        private sealed class ProfileFile
        {
            public List<CspProfile> Profiles { get; set; } = new List<CspProfile>();
        }
    }
}
