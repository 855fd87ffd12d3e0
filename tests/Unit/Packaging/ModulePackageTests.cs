using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using CspAdmin.Packager;
using Xunit;

namespace CspAdmin.Tests.Packaging
{
    /// <summary>
    /// The .nupkg holds the module folder at its root with the nuspec and NuGet's OPC parts, and nothing that
    /// PSResourceGet's installer would trip over or leave behind.
    /// </summary>
    public sealed class ModulePackageTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "cspadmin-pack-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        [Fact]
        public void PacksTheModuleFolderAtThePackageRoot()
        {
            string module = SampleManifest.LayOut(_root);

            var result = ModulePackage.Create(module, Path.Combine(_root, "package"));

            Assert.Equal(Path.Combine(_root, "package", "Sample.1.2.3.nupkg"), result.PackagePath);
            using var zip = ZipFile.OpenRead(result.PackagePath);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Equal(result.Entries, names);
            Assert.Equal("_rels/.rels", names[0]);
            Assert.Equal("Sample.nuspec", names[1]);
            Assert.Equal(
                new[]
                {
                    "LICENSE", "Sample.dll", "Sample.format.ps1xml", "Sample.psd1",
                    "dependencies/Sample.Engine.dll", "dependencies/runtimes/win/native.dll", "en-US/Sample.dll-Help.xml",
                },
                names.Skip(2).Take(7));
            Assert.Equal("[Content_Types].xml", names[9]);
            Assert.Matches("^package/services/metadata/core-properties/[0-9a-f]{32}\\.psmdcp$", names[10]);
            Assert.Equal(11, names.Count);
            Assert.DoesNotContain(names, n => n.EndsWith('/') || n.Contains('\\'));

            var manifest = SampleManifest.Read(File.ReadAllText(Path.Combine(module, "Sample.psd1")));
            Assert.Equal(Nuspec.ToBytes(Nuspec.Create(manifest)), Read(zip, "Sample.nuspec"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(module, "dependencies", "runtimes", "win", "native.dll")), Read(zip, "dependencies/runtimes/win/native.dll"));
        }

        [Fact]
        public void OpcPartsNameTheNuspecAndEveryKindOfFile()
        {
            var result = ModulePackage.Create(SampleManifest.LayOut(_root), _root);
            using var zip = ZipFile.OpenRead(result.PackagePath);

            var rels = XDocument.Parse(Text(zip, "_rels/.rels")).Root!.Elements().ToList();
            Assert.Equal(new[] { "/Sample.nuspec", "/" + zip.Entries.Last().FullName }, rels.Select(r => (string)r.Attribute("Target")!));
            Assert.Equal("http://schemas.microsoft.com/packaging/2010/07/manifest", (string)rels[0].Attribute("Type")!);

            var types = XDocument.Parse(Text(zip, "[Content_Types].xml")).Root!.Elements().ToList();
            var defaults = types.Where(t => t.Name.LocalName == "Default").Select(t => (string)t.Attribute("Extension")!).ToList();
            Assert.Equal(new[] { "rels", "psmdcp", "dll", "nuspec", "ps1xml", "psd1", "xml" }, defaults);
            var overrides = types.Where(t => t.Name.LocalName == "Override").Select(t => (string)t.Attribute("PartName")!);
            Assert.Equal(new[] { "/LICENSE" }, overrides);

            string properties = Text(zip, zip.Entries.Last().FullName);
            Assert.Contains("<dc:identifier>Sample</dc:identifier>", properties);
            Assert.Contains("<version>1.2.3</version>", properties);
        }

        /// <summary>
        /// What Install-PSResource does with a downloaded package (InstallHelper.TryExtractToDirectory, then
        /// DeleteExtraneousFiles): every entry extracted as a file under &lt;name&gt;/&lt;version&gt;, then &lt;Name&gt;.nuspec,
        /// [Content_Types].xml, _rels and package deleted. What remains must be the module folder, byte for byte.
        /// </summary>
        [Fact]
        public void InstallingAsPSResourceGetDoesGivesBackTheModuleFolder()
        {
            string module = SampleManifest.LayOut(_root);
            var result = ModulePackage.Create(module, Path.Combine(_root, "package"));
            string installed = Path.Combine(_root, "installed", "sample", "1.2.3");
            Directory.CreateDirectory(installed);

            using (var zip = ZipFile.OpenRead(result.PackagePath))
            {
                foreach (var entry in zip.Entries)
                {
                    string destination = Path.GetFullPath(Path.Combine(installed, entry.FullName));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    entry.ExtractToFile(destination, overwrite: true);
                }
            }

            File.Delete(Path.Combine(installed, "Sample.nuspec"));
            File.Delete(Path.Combine(installed, "[Content_Types].xml"));
            Directory.Delete(Path.Combine(installed, "_rels"), recursive: true);
            Directory.Delete(Path.Combine(installed, "package"), recursive: true);

            Assert.Equal(Tree(module), Tree(installed));
            Assert.True(File.Exists(Path.Combine(installed, "Sample.psd1")), "PSResourceGet treats a package without <Name>.psd1 at its root as no PowerShell module.");
        }

        [Fact]
        public void ReplacesAnEarlierPackageOfTheSameVersion()
        {
            string module = SampleManifest.LayOut(_root);
            string output = Path.Combine(_root, "package");
            ModulePackage.Create(module, output);
            File.WriteAllText(Path.Combine(module, "LICENSE"), "changed");

            var result = ModulePackage.Create(module, output);

            using var zip = ZipFile.OpenRead(result.PackagePath);
            Assert.Equal("changed", Text(zip, "LICENSE"));
            Assert.Equal(new[] { "Sample.1.2.3.nupkg" }, Directory.GetFiles(output).Select(Path.GetFileName));
        }

        [Fact]
        public void RefusesFilesTheInstallerWouldDeleteOrMisname()
        {
            string module = SampleManifest.LayOut(_root);
            File.Delete(Path.Combine(module, "Sample.format.ps1xml"));
            Directory.CreateDirectory(Path.Combine(module, "_rels"));
            File.WriteAllText(Path.Combine(module, "_rels", "notes.txt"), "x");
            File.WriteAllText(Path.Combine(module, "[Content_Types].xml"), "x");
            File.WriteAllText(Path.Combine(module, "Other.nuspec"), "x");
            File.WriteAllText(Path.Combine(module, "en-US", "read me.txt"), "x");

            var error = Assert.Throws<PackagingException>(() => ModulePackage.Create(module, Path.Combine(_root, "package")));

            Assert.Equal(5, error.Errors.Count);
            Assert.Contains(error.Errors, e => e.Contains("Sample.format.ps1xml: error PACK001: missing: listed in FormatsToProcess", StringComparison.Ordinal));
            Assert.Contains(error.Errors, e => e.Contains("notes.txt: error PACK001: the folder '_rels' holds NuGet's own parts", StringComparison.Ordinal));
            Assert.Contains(error.Errors, e => e.Contains("[Content_Types].xml: error PACK001: a file of this name is written by the packager", StringComparison.Ordinal));
            Assert.Contains(error.Errors, e => e.Contains("Other.nuspec: error PACK001: a package holds one .nuspec, Sample.nuspec", StringComparison.Ordinal));
            Assert.Contains(error.Errors, e => e.Contains("read me.txt: error PACK001: only letters, digits and -._~", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(_root, "package")), "nothing is written when the folder cannot be packaged");
        }

        [Fact]
        public void AModuleFolderIsNamedAfterItsManifest()
        {
            string module = SampleManifest.LayOut(_root);
            string renamed = Path.Combine(_root, "Other");
            Directory.Move(module, renamed);

            var error = Assert.Throws<PackagingException>(() => ModulePackage.Create(renamed, _root));

            Assert.Contains("holds no Other.psd1", Assert.Single(error.Errors));
        }

        private static byte[] Read(ZipArchive zip, string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private static string Text(ZipArchive zip, string name) => new StreamReader(zip.GetEntry(name)!.Open()).ReadToEnd();

        private static SortedDictionary<string, string> Tree(string directory)
            => new SortedDictionary<string, string>(
                Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
                    f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'),
                    f => Convert.ToBase64String(File.ReadAllBytes(f))),
                StringComparer.Ordinal);
    }
}
