using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// Named profiles in profiles.json under the user's configuration folder ($CSPADMIN_CONFIG_HOME, else
    /// %APPDATA%\CspAdmin or ~/.config/CspAdmin). Profiles hold endpoints, ids and the names of where secrets are
    /// found, never a secret. Every change re-reads the file, writes a private temporary file and then replaces the
    /// old one, so a crash never leaves half a file and a file we cannot read is never overwritten.
    /// </summary>
    public sealed class ProfileStore
    {
        private static readonly Regex ValidName = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);

        private static readonly JsonSerializerOptions FileOptions = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A misspelt or foreign property (say, a pasted "clientSecret") is an error, not silently ignored.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = true,
        };

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

            var text = File.ReadAllText(FilePath);
            ProfileFile file;
            try
            {
                file = JsonSerializer.Deserialize<ProfileFile>(text, FileOptions) ?? new ProfileFile();
            }
            catch (JsonException ex)
            {
                throw Invalid(ex.LineNumber.HasValue ? (int)ex.LineNumber.Value + 1 : (int?)null, ex.Message, ex);
            }

            var lines = ProfileLines(text);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < file.Profiles.Count; i++)
            {
                var problem = Problem(file.Profiles[i]) ?? (seen.Add(file.Profiles[i].Name) ? null : $"the name '{file.Profiles[i].Name}' is used twice");
                if (problem != null)
                {
                    throw Invalid(i < lines.Count ? lines[i] : (int?)null, $"profile '{file.Profiles[i].Name}': {problem}.", null);
                }
            }

            return file.Profiles;
        }

        public CspProfile Get(string name) =>
            Load().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw NotFound(name);

        /// <summary>Adds a profile; a name already in use is refused.</summary>
        public void Add(CspProfile profile) => Change(profiles =>
        {
            if (profiles.Any(p => string.Equals(p.Name, profile.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CspException("ProfileExists", CspErrorCategory.ResourceExists, $"A profile named '{profile.Name}' already exists in {FilePath}.", profile.Name)
                {
                    RecommendedAction = "Change it with Set-CspProfile, or choose another name.",
                };
            }

            profiles.Add(profile);
        });

        /// <summary>Replaces the stored profile of the same name (as it is in the file now) with <paramref name="profile"/>.</summary>
        public void Replace(CspProfile profile) => Change(profiles =>
        {
            var index = profiles.FindIndex(p => string.Equals(p.Name, profile.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw NotFound(profile.Name);
            }

            profiles[index] = profile;
        });

        public void Remove(string name) => Change(profiles =>
        {
            if (profiles.RemoveAll(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) == 0)
            {
                throw NotFound(name);
            }
        });

        /// <summary>What is wrong with a profile, or null; the same rules for a new profile and one read from the file.</summary>
        public static string? Problem(CspProfile profile)
        {
            if (!ValidName.IsMatch(profile.Name ?? ""))
            {
                return "the name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
            }

            if (CloudEndpoints.Canonical(profile.Cloud ?? "") == null)
            {
                return $"cloud '{profile.Cloud}' is not one of {string.Join(", ", CloudNames.Storable)}";
            }

            if (!Guid.TryParse(profile.PartnerTenantId, out _))
            {
                return $"partnerTenantId '{profile.PartnerTenantId}' is not a tenant id (GUID)";
            }

            if (SignInMethods.Canonical(profile.SignInMethod) == null)
            {
                return $"signInMethod '{profile.SignInMethod}' is not one of {string.Join(", ", SignInMethods.All)}";
            }

            if (!string.Equals(profile.SignInMethod, SignInMethods.AccessToken, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(profile.ApplicationId))
            {
                return $"sign-in method {profile.SignInMethod} needs the partner's application id";
            }

            if (string.Equals(profile.SignInMethod, SignInMethods.Certificate, StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrEmpty(profile.CertificateThumbprint) == string.IsNullOrEmpty(profile.CertificatePath))
            {
                return "certificate sign-in needs exactly one of certificateThumbprint and certificatePath";
            }

            if (profile.Resellers.FirstOrDefault(r => !Guid.TryParse(r.TenantId, out _) || string.IsNullOrWhiteSpace(r.Name)) is { } reseller)
            {
                return $"reseller '{reseller.Name}' needs a name and a tenant id (GUID)";
            }

            return null;
        }

        private void Change(Action<List<CspProfile>> change)
        {
            var profiles = Load().ToList();
            change(profiles);
            Write(profiles);
        }

        private void Write(List<CspProfile> profiles)
        {
            CreatePrivateFolder(Folder);
            var json = JsonSerializer.Serialize(new ProfileFile { Profiles = profiles }, FileOptions);
            var temporary = Path.Combine(Folder, "profiles.json." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    OwnerOnly(temporary, 0x180); // 0600, before any content is written
                    var bytes = new UTF8Encoding(false).GetBytes(json + Environment.NewLine);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                if (File.Exists(FilePath))
                {
                    File.Replace(temporary, FilePath, null);
                }
                else
                {
                    File.Move(temporary, FilePath);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static void CreatePrivateFolder(string folder)
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                OwnerOnly(folder, 0x1C0); // 0700
            }
        }

        /// <summary>
        /// Unix permissions for the owner alone. On Windows the user's profile folder already admits only its owner
        /// (and administrators), so nothing is changed there.
        /// </summary>
        private static void OwnerOnly(string path, int mode)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && chmod(path, mode) != 0)
            {
                throw new IOException($"Could not restrict the permissions of {path} to its owner (errno {Marshal.GetLastWin32Error()}).");
            }
        }

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the C library's name
        private static extern int chmod(string path, int mode);
#pragma warning restore SA1300, IDE1006

        private CspException NotFound(string name) =>
            new CspException("ProfileNotFound", CspErrorCategory.ObjectNotFound, $"There is no profile named '{name}' in {FilePath}.", name)
            {
                RecommendedAction = "See the stored profiles with Get-CspProfile, add one with New-CspProfile, or use Connect-CspService -Emulator.",
            };

        private CspException Invalid(int? line, string detail, Exception? inner) =>
            new CspException("ProfileFileInvalid", CspErrorCategory.InvalidData,
                $"The profile file {FilePath} is not valid{(line.HasValue ? " at line " + line.Value : "")}: {detail}", FilePath, inner)
            {
                RecommendedAction = "Correct the file by hand; CspAdmin never overwrites a file it cannot read.",
            };

        /// <summary>The 1-based line on which each profile object of the file starts, in order.</summary>
        private static List<int> ProfileLines(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var lines = new List<int>();
            var inProfiles = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    inProfiles = string.Equals(reader.GetString(), "profiles", StringComparison.OrdinalIgnoreCase);
                }
                else if (inProfiles && reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
                {
                    lines.Add(1 + bytes.Take((int)reader.TokenStartIndex).Count(b => b == (byte)'\n'));
                }
            }

            return lines;
        }

        private sealed class ProfileFile
        {
            public List<CspProfile> Profiles { get; set; } = new List<CspProfile>();
        }
    }
}
