using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CspAdmin.Packager
{
    /// <summary>
    /// The NuGet manifest (.nuspec) of a module package, made from its module manifest the way PowerShellGet makes it
    /// when it publishes a module: id = module name, version = ModuleVersion[-Prerelease], authors = Author,
    /// owners = CompanyName, licenseUrl/projectUrl/iconUrl/releaseNotes/requireLicenseAcceptance from
    /// PrivateData.PSData. Its tags are PSData.Tags plus the ones PowerShellGet 2 added and the PowerShell Gallery
    /// searches by (Find-Command, Find-PSResource -CommandName): PSModule, PSEdition_&lt;edition&gt;, PSIncludes_Cmdlet
    /// and PSCmdlet_&lt;name&gt; per cmdlet, PSIncludes_Function and PSFunction_&lt;name&gt; per function, and PSCommand_&lt;name&gt;
    /// per command of any kind.
    /// </summary>
    public static class Nuspec
    {
        /// <summary>The schema PSResourceGet writes its nuspecs in.</summary>
        public static readonly XNamespace Namespace = "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd";

        public static IReadOnlyList<string> Tags(ModuleManifest manifest)
        {
            var tags = new List<string>(manifest.Tags) { "PSModule" };
            tags.AddRange(manifest.CompatiblePSEditions.Select(e => "PSEdition_" + e));
            if (manifest.CmdletsToExport.Count > 0)
            {
                tags.Add("PSIncludes_Cmdlet");
                tags.AddRange(manifest.CmdletsToExport.Select(c => "PSCmdlet_" + c));
            }

            if (manifest.FunctionsToExport.Count > 0)
            {
                tags.Add("PSIncludes_Function");
                tags.AddRange(manifest.FunctionsToExport.Select(f => "PSFunction_" + f));
            }

            tags.AddRange(manifest.CmdletsToExport.Concat(manifest.FunctionsToExport).Concat(manifest.AliasesToExport).Select(c => "PSCommand_" + c));
            return tags.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <exception cref="PackagingException">The tags together are longer than the PowerShell Gallery keeps.</exception>
        public static XDocument Create(ModuleManifest manifest)
        {
            string tags = string.Join(" ", Tags(manifest));
            if (tags.Length > ModuleManifest.MaxTextLength)
            {
                throw new PackagingException(manifest.Path, 0, $"the package's tags come to {tags.Length} characters; the PowerShell Gallery keeps at most {ModuleManifest.MaxTextLength}");
            }

            var metadata = new XElement(
                Namespace + "metadata",
                Element("id", manifest.Name),
                Element("version", manifest.PackageVersion),
                Element("authors", manifest.Author),
                Element("owners", manifest.CompanyName),
                Element("requireLicenseAcceptance", manifest.RequireLicenseAcceptance ? "true" : "false"),
                Element("licenseUrl", manifest.LicenseUri?.OriginalString),
                Element("projectUrl", manifest.ProjectUri?.OriginalString),
                Element("iconUrl", manifest.IconUri?.OriginalString),
                Element("description", manifest.Description),
                Element("releaseNotes", manifest.ReleaseNotes),
                Element("copyright", manifest.Copyright),
                Element("tags", tags));
            return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Namespace + "package", metadata));
        }

        /// <summary>The document as UTF-8 bytes without a byte order mark, indented.</summary>
        public static byte[] ToBytes(XDocument nuspec)
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
            using var stream = new System.IO.MemoryStream();
            using (var writer = XmlWriter.Create(stream, settings))
            {
                nuspec.Save(writer);
            }

            return stream.ToArray();
        }

        private static XElement? Element(string name, string? value)
            => string.IsNullOrWhiteSpace(value) ? null : new XElement(Namespace + name, value.Trim());
    }
}
