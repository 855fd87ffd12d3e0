using System;
using System.IO;

namespace CspAdmin.HelpCompiler
{
    /// <summary>
    /// dotnet run --project tools/CspAdmin.HelpCompiler -- &lt;docs/help dir&gt; &lt;output en-US dir&gt;
    /// Exit codes: 0 compiled, 1 a help file is malformed (each reported as 'file(line): error HELP001: ...'),
    /// 2 wrong usage or missing folder.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: CspAdmin.HelpCompiler <docs/help dir> <output en-US dir>");
                return 2;
            }

            try
            {
                var result = HelpCompilation.Compile(Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
                foreach (var warning in result.Warnings)
                {
                    Console.WriteLine($"warning: {warning}");
                }

                foreach (var file in result.WrittenFiles)
                {
                    Console.WriteLine($"wrote {file}");
                }

                Console.WriteLine($"help compiled: {result.Commands.Count} command(s)");
                return 0;
            }
            catch (HelpCompilationException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine(error.Message);
                }

                Console.Error.WriteLine($"help compilation failed: {e.Errors.Count} malformed file(s)");
                return 1;
            }
            catch (DirectoryNotFoundException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }
    }
}
