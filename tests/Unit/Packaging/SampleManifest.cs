using System.IO;
using CspAdmin.Packager;

namespace CspAdmin.Tests.Packaging
{
    /// <summary>A small, valid manifest for the packaging tests; each test replaces or adds the lines it is about.</summary>
    internal static class SampleManifest
    {
        public const string PSData = """
                    Tags         = @('Sample', 'PSEdition_Core')
                    ProjectUri   = 'https://example.invalid/sample'
                    LicenseUri   = 'https://example.invalid/sample/LICENSE'
                    ReleaseNotes = 'First.'
            """;

        public static string Text(string version = "1.2.3", string psData = PSData, string extra = "") => $$"""
            @{
                RootModule           = 'Sample.dll'
                ModuleVersion        = '{{version}}'
                CompatiblePSEditions = @('Core', 'Desktop')
                Author               = 'Sample authors'
                CompanyName          = 'Sample Inc.'
                Copyright            = '(c) Sample authors'
                Description          = 'A sample module & its <tests>.'
                PowerShellVersion    = '5.1'
                FormatsToProcess     = @('Sample.format.ps1xml')
                CmdletsToExport      = @('Get-Sample', 'Set-Sample')
                FunctionsToExport    = @()
                AliasesToExport      = @()
            {{extra}}
                PrivateData          = @{
                    PSData = @{
            {{psData}}
                    }
                }
            }
            """;

        public static ModuleManifest Read(string text) => ModuleManifest.Read("Sample", PowerShellDataFile.Parse(text, "Sample.psd1"), "Sample.psd1");

        /// <summary>A module folder Sample/ under <paramref name="root"/> with the manifest, its dll and format file, help and a dependency.</summary>
        public static string LayOut(string root, string? manifest = null)
        {
            string module = Path.Combine(root, "Sample");
            Directory.CreateDirectory(Path.Combine(module, "en-US"));
            Directory.CreateDirectory(Path.Combine(module, "dependencies", "runtimes", "win"));
            File.WriteAllText(Path.Combine(module, "Sample.psd1"), manifest ?? Text());
            File.WriteAllBytes(Path.Combine(module, "Sample.dll"), new byte[] { 0x4d, 0x5a, 1, 2, 3 });
            File.WriteAllText(Path.Combine(module, "Sample.format.ps1xml"), "<Configuration />");
            File.WriteAllText(Path.Combine(module, "LICENSE"), "MIT");
            File.WriteAllText(Path.Combine(module, "en-US", "Sample.dll-Help.xml"), "<helpItems />");
            File.WriteAllBytes(Path.Combine(module, "dependencies", "Sample.Engine.dll"), new byte[] { 0x4d, 0x5a, 9 });
            File.WriteAllBytes(Path.Combine(module, "dependencies", "runtimes", "win", "native.dll"), new byte[] { 7 });
            return module;
        }
    }
}
