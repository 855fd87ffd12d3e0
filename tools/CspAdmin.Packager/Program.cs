using System;
using System.IO;

namespace CspAdmin.Packager
{
    /// <summary>
    /// dotnet run --project tools/CspAdmin.Packager -- &lt;module folder&gt; &lt;output folder&gt;
    /// Writes &lt;output&gt;/&lt;Name&gt;.&lt;version&gt;.nupkg from the laid-out module folder (out/CspAdmin).
    /// Exit codes: 0 packaged, 1 the manifest or the folder cannot be packaged (each problem reported as
    /// 'file(line): error PACK001: ...'), 2 wrong usage.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: CspAdmin.Packager <module folder> <output folder>");
                return 2;
            }

            try
            {
                var result = ModulePackage.Create(args[0], args[1]);
                Console.WriteLine($"packaged {result.Manifest.Name} {result.Manifest.PackageVersion} ({result.Entries.Count} entries) in {result.PackagePath}");
                return 0;
            }
            catch (PackagingException e)
            {
                foreach (string error in e.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                return 1;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"{args[1]}: error PACK001: {e.Message}");
                return 1;
            }
        }
    }
}
