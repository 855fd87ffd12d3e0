using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace CspAdmin.Packager
{
    /// <summary>What <see cref="ModulePackage.Create"/> wrote.</summary>
    public sealed class ModulePackageResult
    {
        public ModulePackageResult(ModuleManifest manifest, string packagePath, IReadOnlyList<string> entries)
        {
            Manifest = manifest;
            PackagePath = packagePath;
            Entries = entries;
        }

        public ModuleManifest Manifest { get; }

        /// <summary>&lt;output&gt;/&lt;Name&gt;.&lt;PackageVersion&gt;.nupkg</summary>
        public string PackagePath { get; }

        /// <summary>The zip entries in the order written.</summary>
        public IReadOnlyList<string> Entries { get; }
    }

    /// <summary>
    /// Makes the .nupkg of a laid-out module folder, in the shape PowerShellGet installs:
    /// <list type="bullet">
    /// <item>the module's files at the package root, sub-folders kept, one zip entry per file (PSResourceGet's
    /// installer extracts entry by entry, so there are no folder entries);</item>
    /// <item>&lt;Name&gt;.nuspec at the root (see <see cref="Nuspec"/>), and the parts NuGet's packer adds for OPC:
    /// _rels/.rels, [Content_Types].xml and package/services/metadata/core-properties/*.psmdcp. The installer deletes
    /// exactly these four after extracting, so the module itself must not hold files by those names.</item>
    /// </list>
    /// Entry names are the files' relative paths with '/'. NuGet escapes other characters than letters, digits and
    /// -._~ in entry names and PSResourceGet does not unescape them, so such names are refused.
    /// </summary>
    public static class ModulePackage
    {
        private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";
        private const string ContentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types";

        /// <param name="moduleDirectory">The module folder: it holds &lt;folder name&gt;.psd1, as Import-Module expects.</param>
        /// <param name="outputDirectory">Where &lt;Name&gt;.&lt;version&gt;.nupkg goes; created when missing, an older file of that name replaced.</param>
        /// <exception cref="PackagingException">The manifest or the folder cannot be packaged; every problem is listed.</exception>
        public static ModulePackageResult Create(string moduleDirectory, string outputDirectory)
        {
            moduleDirectory = Path.GetFullPath(moduleDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!Directory.Exists(moduleDirectory))
            {
                throw new PackagingException(moduleDirectory, 0, "the module folder does not exist");
            }

            string name = Path.GetFileName(moduleDirectory);
            string manifestPath = Path.Combine(moduleDirectory, name + ".psd1");
            if (!File.Exists(manifestPath))
            {
                throw new PackagingException(moduleDirectory, 0, $"the module folder holds no {name}.psd1 (a module folder is named after its manifest)");
            }

            var manifest = ModuleManifest.Load(manifestPath);
            var files = ModuleFiles(moduleDirectory, manifest);
            var nuspec = Nuspec.Create(manifest);

            Directory.CreateDirectory(outputDirectory);
            string packagePath = Path.Combine(Path.GetFullPath(outputDirectory), $"{manifest.Name}.{manifest.PackageVersion}.nupkg");
            string partial = packagePath + ".partial";
            List<string> entries;
            using (var stream = File.Create(partial))
            {
                entries = Write(stream, manifest, nuspec, moduleDirectory, files);
            }

            File.Move(partial, packagePath, overwrite: true);
            return new ModulePackageResult(manifest, packagePath, entries);
        }

        /// <summary>The module's files as package paths ('/'-separated, relative to the module folder), sorted.</summary>
        private static IReadOnlyList<string> ModuleFiles(string moduleDirectory, ModuleManifest manifest)
        {
            var errors = new List<string>();
            var paths = Directory.EnumerateFiles(moduleDirectory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(moduleDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();

            foreach (string path in paths)
            {
                string? problem = Problem(path, manifest.Name);
                if (problem is not null)
                {
                    errors.Add(PackagingException.Format(Path.Combine(moduleDirectory, path), 0, problem));
                }
            }

            var required = new List<(string File, string Why)>();
            if (!string.IsNullOrEmpty(manifest.RootModule))
            {
                required.Add((manifest.RootModule, "the manifest's RootModule"));
            }

            required.AddRange(manifest.FormatsToProcess.Select(f => (f, "listed in FormatsToProcess")));
            if (manifest.RequireLicenseAcceptance)
            {
                required.Add(("License.txt", "the text PowerShellGet shows when RequireLicenseAcceptance is $true"));
            }

            foreach (var (file, why) in required)
            {
                string path = file.Replace('\\', '/');
                path = path.StartsWith("./", StringComparison.Ordinal) ? path.Substring(2) : path;
                if (!paths.Contains(path, StringComparer.Ordinal))
                {
                    errors.Add(PackagingException.Format(Path.Combine(moduleDirectory, path), 0, $"missing: {why}"));
                }
            }

            if (errors.Count > 0)
            {
                throw new PackagingException(errors);
            }

            return paths;
        }

        private static string? Problem(string path, string name)
        {
            string[] segments = path.Split('/');
            string top = segments[0];
            if (segments.Length == 1 && (top.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase) || top.Equals("PSGetModuleInfo.xml", StringComparison.OrdinalIgnoreCase)))
            {
                return "a file of this name is written by the packager or the installer";
            }

            if (segments.Length > 1 && (top.Equals("_rels", StringComparison.OrdinalIgnoreCase) || top.Equals("package", StringComparison.OrdinalIgnoreCase)))
            {
                return $"the folder '{top}' holds NuGet's own parts, which the installer deletes";
            }

            if (path.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
            {
                return $"a package holds one .nuspec, {name}.nuspec, which the packager writes, and no other package";
            }

            if (segments.Any(s => s.Any(c => !IsUnreserved(c))))
            {
                return "only letters, digits and -._~ may appear in the names of a package's files (NuGet escapes others, and the installer keeps the escapes)";
            }

            return null;
        }

        private static bool IsUnreserved(char c)
            => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';

        private static List<string> Write(Stream stream, ModuleManifest manifest, XDocument nuspec, string moduleDirectory, IReadOnlyList<string> files)
        {
            string nuspecName = manifest.Name + ".nuspec";
            string propertiesName = $"package/services/metadata/core-properties/{Hash(manifest.Name + " " + manifest.PackageVersion, 32)}.psmdcp";
            var written = File.GetLastWriteTime(manifest.Path);
            var entries = new List<string>();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);

            void Add(string entryName, byte[] content, DateTime lastWrite)
            {
                var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
                entry.LastWriteTime = lastWrite;
                using var output = entry.Open();
                output.Write(content, 0, content.Length);
                entries.Add(entryName);
            }

            Add("_rels/.rels", Xml(Relationships(nuspecName, propertiesName)), written);
            Add(nuspecName, Nuspec.ToBytes(nuspec), written);
            foreach (string file in files)
            {
                string source = Path.Combine(moduleDirectory, file);
                Add(file, File.ReadAllBytes(source), File.GetLastWriteTime(source));
            }

            Add("[Content_Types].xml", Xml(ContentTypes(files)), written);
            Add(propertiesName, Xml(CoreProperties(manifest)), written);
            return entries;
        }

        private static XDocument Relationships(string nuspecName, string propertiesName)
        {
            XNamespace ns = RelationshipsNamespace;
            XElement Relationship(string type, string target)
                => new XElement(ns + "Relationship", new XAttribute("Type", type), new XAttribute("Target", "/" + target), new XAttribute("Id", "R" + Hash(target, 16)));

            return new XDocument(new XElement(
                ns + "Relationships",
                Relationship("http://schemas.microsoft.com/packaging/2010/07/manifest", nuspecName),
                Relationship("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", propertiesName)));
        }

        /// <summary>As NuGet writes it: every file extension as application/octet, files without one by name.</summary>
        private static XDocument ContentTypes(IReadOnlyList<string> files)
        {
            XNamespace ns = ContentTypesNamespace;
            var types = new XElement(
                ns + "Types",
                new XElement(ns + "Default", new XAttribute("Extension", "rels"), new XAttribute("ContentType", "application/vnd.openxmlformats-package.relationships+xml")),
                new XElement(ns + "Default", new XAttribute("Extension", "psmdcp"), new XAttribute("ContentType", "application/vnd.openxmlformats-package.core-properties+xml")));
            var extensions = files.Select(Path.GetExtension).Where(e => !string.IsNullOrEmpty(e)).Select(e => e!.Substring(1))
                .Append("nuspec").Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(e => e, StringComparer.OrdinalIgnoreCase);
            foreach (string extension in extensions)
            {
                types.Add(new XElement(ns + "Default", new XAttribute("Extension", extension), new XAttribute("ContentType", "application/octet")));
            }

            foreach (string file in files.Where(f => string.IsNullOrEmpty(Path.GetExtension(f))))
            {
                types.Add(new XElement(ns + "Override", new XAttribute("PartName", "/" + file), new XAttribute("ContentType", "application/octet")));
            }

            return new XDocument(types);
        }

        private static XDocument CoreProperties(ModuleManifest manifest)
        {
            XNamespace ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
            XNamespace dc = "http://purl.org/dc/elements/1.1/";
            return new XDocument(new XElement(
                ns + "coreProperties",
                new XAttribute(XNamespace.Xmlns + "dc", dc),
                new XElement(dc + "creator", manifest.Author),
                new XElement(dc + "description", manifest.Description),
                new XElement(dc + "identifier", manifest.Name),
                new XElement(ns + "version", manifest.PackageVersion),
                new XElement(ns + "keywords", string.Join(" ", Nuspec.Tags(manifest))),
                new XElement(ns + "lastModifiedBy", "CspAdmin.Packager")));
        }

        private static byte[] Xml(XDocument document) => Nuspec.ToBytes(document);

        /// <summary>A stable name part, so that the same module makes the same entry names.</summary>
        private static string Hash(string text, int length)
            => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, length).ToLowerInvariant();
    }
}
