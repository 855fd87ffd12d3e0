using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CspAdmin.Packager
{
    /// <summary>
    /// What a module manifest says about the package: the keys PowerShellGet reads when it publishes a module
    /// (PSResourceGet's PublishHelper.CreateNuspec, PowerShellGet 2's Publish-PSArtifactUtility), checked against
    /// what the PowerShell Gallery accepts. Every problem is reported at once.
    /// </summary>
    public sealed class ModuleManifest
    {
        private static readonly Regex PackageIdPattern = new Regex(@"^[A-Za-z0-9_]+([.-][A-Za-z0-9_]+)*$", RegexOptions.CultureInvariant);
        private static readonly Regex PrereleasePattern = new Regex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly char[] Wildcards = { '*', '?', '[', ']' };

        // The NuGet Gallery's column sizes (NuGet.Services.Entities.Constants), which the PowerShell Gallery shares.
        internal const int MaxTextLength = 4000;
        internal const int MaxReleaseNotesLength = 35000;

        private ModuleManifest(string path, string name)
        {
            Path = path;
            Name = name;
        }

        /// <summary>The .psd1 file read.</summary>
        public string Path { get; }

        /// <summary>The module's name, from the manifest's file name: the package id.</summary>
        public string Name { get; }

        public Version ModuleVersion { get; private set; } = new Version(0, 0);

        /// <summary>PrivateData.PSData.Prerelease without a leading '-', or null.</summary>
        public string? Prerelease { get; private set; }

        /// <summary>The version of the package: ModuleVersion as NuGet normalises it (three parts, a fourth only when it is not 0), then "-Prerelease".</summary>
        public string PackageVersion
        {
            get
            {
                var v = ModuleVersion;
                string version = v.Revision > 0
                    ? $"{v.Major}.{v.Minor}.{Math.Max(v.Build, 0)}.{v.Revision}"
                    : $"{v.Major}.{v.Minor}.{Math.Max(v.Build, 0)}";
                return Prerelease is null ? version : version + "-" + Prerelease;
            }
        }

        public string? RootModule { get; private set; }

        public string Author { get; private set; } = string.Empty;

        public string? CompanyName { get; private set; }

        public string? Copyright { get; private set; }

        public string Description { get; private set; } = string.Empty;

        public string? PowerShellVersion { get; private set; }

        public IReadOnlyList<string> CompatiblePSEditions { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> FormatsToProcess { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> CmdletsToExport { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> FunctionsToExport { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> AliasesToExport { get; private set; } = Array.Empty<string>();

        /// <summary>PrivateData.PSData.Tags.</summary>
        public IReadOnlyList<string> Tags { get; private set; } = Array.Empty<string>();

        public Uri? ProjectUri { get; private set; }

        public Uri? LicenseUri { get; private set; }

        public Uri? IconUri { get; private set; }

        public string? ReleaseNotes { get; private set; }

        public bool RequireLicenseAcceptance { get; private set; }

        public static ModuleManifest Load(string path)
        {
            string name = System.IO.Path.GetFileNameWithoutExtension(path);
            return Read(name, PowerShellDataFile.Load(path), path);
        }

        /// <summary>Reads the keys of an already parsed manifest.</summary>
        /// <param name="name">The module name (the manifest's file name without .psd1).</param>
        /// <param name="path">The name errors give the manifest.</param>
        /// <exception cref="PackagingException">Every key that is missing, of the wrong type or not accepted.</exception>
        public static ModuleManifest Read(string name, DataHashtable data, string path)
        {
            var reader = new KeyReader(path);
            var manifest = new ModuleManifest(path, name);
            if (!PackageIdPattern.IsMatch(name) || name.Length > 100)
            {
                reader.Fail(0, $"the module name '{name}' is not a valid package id (letters, digits, '_', and '.' or '-' between them; at most 100 characters)");
            }

            string? version = reader.String(data, "ModuleVersion");
            if (version is null)
            {
                reader.Fail(0, "ModuleVersion is missing");
            }
            else if (!Version.TryParse(version, out var parsed))
            {
                reader.Fail(data.LineOf("ModuleVersion"), $"ModuleVersion '{version}' is not a version such as 1.2.3");
            }
            else
            {
                manifest.ModuleVersion = parsed;
            }

            manifest.RootModule = reader.String(data, "RootModule");
            manifest.Author = reader.Required(data, "Author", "the PowerShell Gallery requires an author");
            manifest.CompanyName = reader.String(data, "CompanyName");
            manifest.Copyright = reader.String(data, "Copyright");
            manifest.Description = reader.Required(data, "Description", "the PowerShell Gallery requires a description");
            manifest.PowerShellVersion = reader.String(data, "PowerShellVersion");
            manifest.CompatiblePSEditions = reader.List(data, "CompatiblePSEditions") ?? Array.Empty<string>();
            manifest.FormatsToProcess = reader.List(data, "FormatsToProcess") ?? Array.Empty<string>();
            manifest.CmdletsToExport = reader.ExportList(data, "CmdletsToExport");
            manifest.FunctionsToExport = reader.ExportList(data, "FunctionsToExport");
            manifest.AliasesToExport = reader.ExportList(data, "AliasesToExport");

            if (reader.List(data, "RequiredModules") is { Count: > 0 })
            {
                reader.Fail(data.LineOf("RequiredModules"), "RequiredModules would be the package's dependencies, which this packager does not write yet");
            }

            foreach (string edition in manifest.CompatiblePSEditions.Where(e => e != "Core" && e != "Desktop"))
            {
                reader.Fail(data.LineOf("CompatiblePSEditions"), $"CompatiblePSEditions has '{edition}': the editions are 'Core' and 'Desktop'");
            }

            var psData = reader.Table(data, "PrivateData") is { } privateData ? reader.Table(privateData, "PSData") : null;
            if (psData is not null)
            {
                manifest.Tags = reader.List(psData, "Tags") ?? Array.Empty<string>();
                manifest.ProjectUri = reader.Uri(psData, "ProjectUri");
                manifest.LicenseUri = reader.Uri(psData, "LicenseUri");
                manifest.IconUri = reader.Uri(psData, "IconUri");
                manifest.ReleaseNotes = reader.String(psData, "ReleaseNotes");
                manifest.RequireLicenseAcceptance = reader.Bool(psData, "RequireLicenseAcceptance");
                manifest.Prerelease = reader.String(psData, "Prerelease")?.TrimStart('-');
                if (manifest.Prerelease == string.Empty)
                {
                    manifest.Prerelease = null;
                }

                foreach (string tag in manifest.Tags.Where(t => t.Length == 0 || t.Any(c => char.IsWhiteSpace(c) || c == ',' || c == ';')))
                {
                    reader.Fail(psData.LineOf("Tags"), $"the tag '{tag}' is empty or holds a space, ',' or ';', which separate tags in a package");
                }

                if (manifest.Prerelease is not null)
                {
                    int line = psData.LineOf("Prerelease");
                    if (!PrereleasePattern.IsMatch(manifest.Prerelease) || manifest.Prerelease.Length > 20)
                    {
                        reader.Fail(line, $"Prerelease '{manifest.Prerelease}' must be 1 to 20 letters and digits (such as preview1)");
                    }

                    if (manifest.ModuleVersion.Build < 0 || manifest.ModuleVersion.Revision >= 0)
                    {
                        reader.Fail(line, $"a prerelease needs a ModuleVersion of three parts, not '{manifest.ModuleVersion}'");
                    }
                }

                if (manifest.RequireLicenseAcceptance && manifest.LicenseUri is null)
                {
                    reader.Fail(psData.LineOf("RequireLicenseAcceptance"), "RequireLicenseAcceptance needs a LicenseUri");
                }
            }

            reader.MaxLength(data, "Author", manifest.Author, MaxTextLength);
            reader.MaxLength(data, "Description", manifest.Description, MaxTextLength);
            reader.MaxLength(data, "Copyright", manifest.Copyright, MaxTextLength);
            if (psData is not null)
            {
                reader.MaxLength(psData, "ReleaseNotes", manifest.ReleaseNotes, MaxReleaseNotesLength);
            }

            reader.ThrowIfFailed();
            return manifest;
        }

        /// <summary>Reads keys with the conversions PowerShell would make, collecting what is wrong.</summary>
        private sealed class KeyReader
        {
            private readonly string _path;
            private readonly List<string> _errors = new List<string>();

            public KeyReader(string path)
            {
                _path = path;
            }

            public void Fail(int line, string reason) => _errors.Add(PackagingException.Format(_path, line, reason));

            public void ThrowIfFailed()
            {
                if (_errors.Count > 0)
                {
                    throw new PackagingException(_errors);
                }
            }

            public string? String(DataHashtable table, string key)
            {
                if (!table.TryGetValue(key, out object? value) || value is null)
                {
                    return null;
                }

                if (value is string text)
                {
                    return text;
                }

                Fail(table.LineOf(key), $"{key} must be a string");
                return null;
            }

            public string Required(DataHashtable table, string key, string why)
            {
                string? value = String(table, key);
                if (string.IsNullOrWhiteSpace(value))
                {
                    Fail(table.LineOf(key), $"{key} is missing or empty: {why}");
                    return string.Empty;
                }

                return value.Trim();
            }

            public bool Bool(DataHashtable table, string key)
            {
                if (!table.TryGetValue(key, out object? value) || value is null)
                {
                    return false;
                }

                if (value is bool flag)
                {
                    return flag;
                }

                Fail(table.LineOf(key), $"{key} must be $true or $false");
                return false;
            }

            /// <summary>A string or an array of strings (PowerShell makes a single string a list of one).</summary>
            public IReadOnlyList<string>? List(DataHashtable table, string key)
            {
                if (!table.TryGetValue(key, out object? value) || value is null)
                {
                    return null;
                }

                if (value is string single)
                {
                    return new[] { single };
                }

                if (value is IReadOnlyList<object?> items && items.All(i => i is string))
                {
                    return items.Cast<string>().ToArray();
                }

                Fail(table.LineOf(key), $"{key} must be a string or an array of strings");
                return null;
            }

            /// <summary>
            /// CmdletsToExport and its kin: the names themselves, since the package's PSCmdlet_ and PSCommand_ tags
            /// are made from them. Missing means '*' to PowerShell, so it is refused like a wildcard.
            /// </summary>
            public IReadOnlyList<string> ExportList(DataHashtable table, string key)
            {
                var names = List(table, key);
                if (names is null)
                {
                    if (!table.ContainsKey(key))
                    {
                        Fail(0, $"{key} is missing, which exports everything: list the names, or @() for none");
                    }

                    return Array.Empty<string>();
                }

                foreach (string name in names.Where(n => n.IndexOfAny(Wildcards) >= 0))
                {
                    Fail(table.LineOf(key), $"{key} has the wildcard '{name}': list the names, which the package's tags are made from");
                }

                foreach (var twin in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                {
                    Fail(table.LineOf(key), $"{key} lists '{twin.Key}' {twin.Count()} times");
                }

                return names;
            }

            public DataHashtable? Table(DataHashtable table, string key)
            {
                if (!table.TryGetValue(key, out object? value) || value is null)
                {
                    return null;
                }

                if (value is DataHashtable nested)
                {
                    return nested;
                }

                Fail(table.LineOf(key), $"{key} must be a hashtable @{{ }}");
                return null;
            }

            public Uri? Uri(DataHashtable table, string key)
            {
                string? text = String(table, key);
                if (text is null)
                {
                    return null;
                }

                if (System.Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http"))
                {
                    return uri;
                }

                Fail(table.LineOf(key), $"{key} '{text}' is not an absolute http or https address");
                return null;
            }

            public void MaxLength(DataHashtable table, string key, string? value, int max)
            {
                if (value is not null && value.Length > max)
                {
                    Fail(table.LineOf(key), $"{key} has {value.Length} characters; the PowerShell Gallery keeps at most {max}");
                }
            }
        }
    }
}
