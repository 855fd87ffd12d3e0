using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// Where the surface tests find their inputs: written into this test assembly as AssemblyMetadata by the
    /// AddSurfacePaths target of CspAdmin.Tests.csproj (the built CspAdmin.dll of the referenced project, the
    /// PowerShellStandard reference assembly from the NuGet cache, and the repository root).
    /// </summary>
    internal static class SurfacePaths
    {
        public static string ModuleAssembly => ExistingFile("CspAdmin.Surface.ModuleAssembly");

        public static string PowerShellReference => ExistingFile("CspAdmin.Surface.PowerShellReference");

        public static string RepoRoot => Metadata("CspAdmin.Surface.RepoRoot");

        public static string HelpDirectory => Path.Combine(RepoRoot, "docs", "help");

        public static string Manifest => Path.Combine(RepoRoot, "module", "CspAdmin.psd1");

        /// <summary>The JEA role capabilities shipped with the module (module/RoleCapabilities/*.psrc).</summary>
        public static string RoleCapabilities => Path.Combine(RepoRoot, "module", "RoleCapabilities");

        /// <summary>The sample JEA session configuration.</summary>
        public static string JeaSessionConfiguration => Path.Combine(RepoRoot, "examples", "jea", "CspAdmin.pssc");

        private static string Metadata(string key)
        {
            string? value = typeof(SurfacePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == key)?.Value;
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException($"AssemblyMetadata '{key}' is missing: CspAdmin.Tests.csproj's AddSurfacePaths target did not run.");
            }

            return value;
        }

        private static string ExistingFile(string key)
        {
            string path = Metadata(key);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{key}: '{path}' does not exist (was the project built?)", path);
            }

            return path;
        }
    }
}
