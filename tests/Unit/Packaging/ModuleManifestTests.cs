using System;
using System.IO;
using System.Linq;
using CspAdmin.Packager;
using CspAdmin.Tests.Surface;
using Xunit;

namespace CspAdmin.Tests.Packaging
{
    /// <summary>
    /// module/CspAdmin.psd1 has what PowerShellGet and the PowerShell Gallery read from a module manifest, and the
    /// files it points to (LICENSE, CHANGELOG.md) exist and agree with it.
    /// </summary>
    public sealed class ModuleManifestTests
    {
        private static readonly Lazy<ModuleManifest> Module = new Lazy<ModuleManifest>(() => ModuleManifest.Load(SurfacePaths.Manifest));

        [Fact]
        public void RunsOnWindowsPowerShellAndPowerShell7()
        {
            Assert.Equal("CspAdmin", Module.Value.Name);
            Assert.Equal(new[] { "Core", "Desktop" }, Module.Value.CompatiblePSEditions);
            Assert.Equal("5.1", Module.Value.PowerShellVersion);
            Assert.Equal("CspAdmin.dll", Module.Value.RootModule);
        }

        [Fact]
        public void ExportsCmdletsByNameAndNothingElse()
        {
            Assert.NotEmpty(Module.Value.CmdletsToExport);
            Assert.DoesNotContain(Module.Value.CmdletsToExport, c => c.IndexOfAny(new[] { '*', '?' }) >= 0);
            Assert.Empty(Module.Value.FunctionsToExport);
            Assert.Empty(Module.Value.AliasesToExport);
        }

        [Fact]
        public void GalleryMetadataIsComplete()
        {
            var manifest = Module.Value;

            Assert.False(string.IsNullOrWhiteSpace(manifest.Author));
            Assert.False(string.IsNullOrWhiteSpace(manifest.Description));
            Assert.False(string.IsNullOrWhiteSpace(manifest.Copyright));
            Assert.Equal("https", manifest.ProjectUri?.Scheme);
            Assert.Equal("https", manifest.LicenseUri?.Scheme);
            Assert.Contains("CHANGELOG.md", manifest.ReleaseNotes);
            Assert.False(manifest.RequireLicenseAcceptance);
            Assert.NotEmpty(manifest.Tags);
        }

        /// <summary>Publish-PSResource -Path out/CspAdmin tags the package with PSData.Tags only, so the editions are listed there too.</summary>
        [Fact]
        public void TagsNameEachCompatibleEdition()
        {
            foreach (string edition in Module.Value.CompatiblePSEditions)
            {
                Assert.Contains("PSEdition_" + edition, Module.Value.Tags);
            }
        }

        [Fact]
        public void LicenseAndChangelogBelongToTheRepository()
        {
            string license = Path.Combine(SurfacePaths.RepoRoot, "LICENSE");
            Assert.True(File.Exists(license), $"{license} is missing: LicenseUri points at it and the layout ships it.");
            Assert.StartsWith("MIT License", File.ReadAllText(license), StringComparison.Ordinal);
            Assert.EndsWith("/LICENSE", Module.Value.LicenseUri!.AbsolutePath, StringComparison.Ordinal);

            string changelog = Path.Combine(SurfacePaths.RepoRoot, "CHANGELOG.md");
            Assert.True(File.Exists(changelog), $"{changelog} is missing: ReleaseNotes points at it.");
            Assert.Contains($"## [{Module.Value.PackageVersion}]", File.ReadAllText(changelog));
        }

        [Fact]
        public void PrereleaseIsAppendedToANormalisedVersion()
        {
            Assert.Equal("1.2.3", SampleManifest.Read(SampleManifest.Text("1.2.3")).PackageVersion);
            Assert.Equal("1.2.0", SampleManifest.Read(SampleManifest.Text("1.2")).PackageVersion);
            Assert.Equal("1.2.3", SampleManifest.Read(SampleManifest.Text("1.2.3.0")).PackageVersion);
            Assert.Equal("1.2.3.4", SampleManifest.Read(SampleManifest.Text("1.2.3.4")).PackageVersion);

            var preview = SampleManifest.Read(SampleManifest.Text("1.2.3", SampleManifest.PSData + "\n Prerelease = '-preview1'"));
            Assert.Equal("preview1", preview.Prerelease);
            Assert.Equal("1.2.3-preview1", preview.PackageVersion);
        }

        [Fact]
        public void ReportsEveryProblemAtOnce()
        {
            string text = SampleManifest.Text(
                version: "1.2.3.4",
                psData: """
                    Tags       = @('two words', 'fine')
                    ProjectUri = 'not a uri'
                    Prerelease = 'beta.1'
                    """,
                extra: "    RequiredModules = @('Other')")
                .Replace("Author               = 'Sample authors'", "Author = ''")
                .Replace("CmdletsToExport      = @('Get-Sample', 'Set-Sample')", "CmdletsToExport = '*'")
                .Replace("CompatiblePSEditions = @('Core', 'Desktop')", "CompatiblePSEditions = 'Core', 'Nano'")
                .Replace("    AliasesToExport      = @()\n", string.Empty);

            var error = Assert.Throws<PackagingException>(() => SampleManifest.Read(text));

            string[] expected =
            {
                "Author is missing or empty",
                "CmdletsToExport has the wildcard '*'",
                "AliasesToExport is missing",
                "RequiredModules would be the package's dependencies",
                "CompatiblePSEditions has 'Nano'",
                "the tag 'two words'",
                "ProjectUri 'not a uri' is not an absolute http or https address",
                "Prerelease 'beta.1' must be 1 to 20 letters and digits",
                "a prerelease needs a ModuleVersion of three parts, not '1.2.3.4'",
            };
            foreach (string reason in expected)
            {
                Assert.Contains(error.Errors, e => e.StartsWith("Sample.psd1", StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
            }

            Assert.Equal(expected.Length, error.Errors.Count);
            Assert.Contains(error.Errors, e => e.StartsWith("Sample.psd1(11): error PACK001: CmdletsToExport", StringComparison.Ordinal));
        }
    }
}
