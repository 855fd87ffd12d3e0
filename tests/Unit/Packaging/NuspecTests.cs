using System;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using CspAdmin.Packager;
using CspAdmin.Tests.Surface;
using Xunit;

namespace CspAdmin.Tests.Packaging
{
    /// <summary>The .nuspec of CspAdmin's package holds what PowerShellGet writes for a module, and a tag per cmdlet.</summary>
    public sealed class NuspecTests
    {
        private static readonly XNamespace Ns = Nuspec.Namespace;

        [Fact]
        public void CspAdminNuspecComesFromTheManifest()
        {
            var manifest = ModuleManifest.Load(SurfacePaths.Manifest);
            var metadata = Nuspec.Create(manifest).Root!.Element(Ns + "metadata")!;

            Assert.Equal("CspAdmin", Value(metadata, "id"));
            Assert.Equal(manifest.PackageVersion, Value(metadata, "version"));
            Assert.StartsWith(manifest.ModuleVersion.ToString(3), Value(metadata, "version"), StringComparison.Ordinal);
            Assert.Equal(manifest.Author, Value(metadata, "authors"));
            Assert.Equal(manifest.Description, Value(metadata, "description"));
            Assert.Equal(manifest.ProjectUri!.OriginalString, Value(metadata, "projectUrl"));
            Assert.Equal(manifest.LicenseUri!.OriginalString, Value(metadata, "licenseUrl"));
            Assert.Equal(manifest.ReleaseNotes!.Trim(), Value(metadata, "releaseNotes"));
            Assert.Equal("false", Value(metadata, "requireLicenseAcceptance"));

            var tags = Value(metadata, "tags").Split(' ');
            Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains("PSModule", tags);
            Assert.Contains("PSEdition_Core", tags);
            Assert.Contains("PSEdition_Desktop", tags);
            Assert.Contains("PSIncludes_Cmdlet", tags);
            Assert.DoesNotContain("PSIncludes_Function", tags);
            foreach (string tag in manifest.Tags)
            {
                Assert.Contains(tag, tags);
            }

            foreach (string cmdlet in manifest.CmdletsToExport)
            {
                Assert.Contains("PSCmdlet_" + cmdlet, tags);
                Assert.Contains("PSCommand_" + cmdlet, tags);
            }

            Assert.Equal(manifest.CmdletsToExport.Count, tags.Count(t => t.StartsWith("PSCmdlet_", StringComparison.Ordinal)));
        }

        [Fact]
        public void TagsFollowTheManifestsTagsInPowerShellGetsOrder()
        {
            var manifest = SampleManifest.Read(SampleManifest.Text(extra: "    FunctionsToExport = 'Find-Sample'\n    AliasesToExport = 'gsa'")
                .Replace("    FunctionsToExport    = @()\n", string.Empty)
                .Replace("    AliasesToExport      = @()\n", string.Empty));

            Assert.Equal(
                new[]
                {
                    "Sample", "PSEdition_Core", "PSModule", "PSEdition_Desktop",
                    "PSIncludes_Cmdlet", "PSCmdlet_Get-Sample", "PSCmdlet_Set-Sample",
                    "PSIncludes_Function", "PSFunction_Find-Sample",
                    "PSCommand_Get-Sample", "PSCommand_Set-Sample", "PSCommand_Find-Sample", "PSCommand_gsa",
                },
                Nuspec.Tags(manifest));
        }

        [Fact]
        public void WritesUtf8XmlInTheNuspecSchemaWithEscapedText()
        {
            var manifest = SampleManifest.Read(SampleManifest.Text("2.0.0", SampleManifest.PSData + "\n Prerelease = 'rc1'"));
            byte[] bytes = Nuspec.ToBytes(Nuspec.Create(manifest));
            string text = Encoding.UTF8.GetString(bytes);

            Assert.NotEqual(0xEF, bytes[0]);
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
            Assert.Contains("<package xmlns=\"http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd\">", text);
            Assert.Contains("<version>2.0.0-rc1</version>", text);
            Assert.Contains("<description>A sample module &amp; its &lt;tests&gt;.</description>", text);
            Assert.DoesNotContain("iconUrl", text);
        }

        [Fact]
        public void RefusesTagsTheGalleryCannotKeep()
        {
            string many = string.Join(", ", Enumerable.Range(0, 300).Select(i => $"'Tag{i:D12}'"));
            var manifest = SampleManifest.Read(SampleManifest.Text(psData: $"Tags = @({many})"));

            var error = Assert.Throws<PackagingException>(() => Nuspec.Create(manifest));

            Assert.Contains("the PowerShell Gallery keeps at most 4000", Assert.Single(error.Errors));
        }

        private static string Value(XElement metadata, string name)
            => metadata.Element(Ns + name)?.Value ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");
    }
}
