using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CspAdmin.HelpCompiler
{
    /// <summary>What one compilation read and wrote.</summary>
    public sealed class HelpCompilationResult
    {
        public HelpCompilationResult(IReadOnlyList<CommandHelp> commands, IReadOnlyList<string> writtenFiles, IReadOnlyList<string> warnings)
        {
            Commands = commands;
            WrittenFiles = writtenFiles;
            Warnings = warnings;
        }

        public IReadOnlyList<CommandHelp> Commands { get; }

        public IReadOnlyList<string> WrittenFiles { get; }

        public IReadOnlyList<string> Warnings { get; }
    }

    /// <summary>
    /// Compiles a docs/help folder: every Verb-Noun.md into the MAML file its front matter names
    /// (CspAdmin.dll-Help.xml), every about_*.md into about_*.help.txt. A PlatyPS module page
    /// (front matter with 'Module Guid') and README.md are skipped.
    /// </summary>
    public static class HelpCompilation
    {
        /// <summary>Reads and checks every command help file; throws <see cref="HelpCompilationException"/> listing every malformed one.</summary>
        public static IReadOnlyList<CommandHelp> ParseDirectory(string docsDirectory)
        {
            var commands = new List<CommandHelp>();
            var errors = new List<HelpFormatException>();
            foreach (var path in CommandFiles(docsDirectory))
            {
                try
                {
                    var help = MarkdownHelpParser.ParseFile(path);
                    string expected = Path.GetFileNameWithoutExtension(path);
                    if (!string.Equals(expected, help.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new HelpFormatException(path, TitleLine(path), $"title '# {help.Name}' does not match the file name '{Path.GetFileName(path)}'");
                    }

                    var twin = commands.FirstOrDefault(c => string.Equals(c.Name, help.Name, StringComparison.OrdinalIgnoreCase));
                    if (twin is not null)
                    {
                        throw new HelpFormatException(path, TitleLine(path), $"'{help.Name}' is also documented in {twin.FilePath}");
                    }

                    commands.Add(help);
                }
                catch (HelpFormatException e)
                {
                    errors.Add(e);
                }
            }

            if (errors.Count > 0)
            {
                throw new HelpCompilationException(errors);
            }

            return commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        public static HelpCompilationResult Compile(string docsDirectory, string outputDirectory)
        {
            if (!Directory.Exists(docsDirectory))
            {
                throw new DirectoryNotFoundException($"help source folder '{docsDirectory}' does not exist");
            }

            var commands = ParseDirectory(docsDirectory);
            var abouts = new List<(string Path, string Text)>();
            var errors = new List<HelpFormatException>();
            foreach (var path in AboutFiles(docsDirectory))
            {
                try
                {
                    abouts.Add((path, AboutTopicWriter.Convert(path, File.ReadAllText(path))));
                }
                catch (HelpFormatException e)
                {
                    errors.Add(e);
                }
            }

            if (errors.Count > 0)
            {
                throw new HelpCompilationException(errors);
            }

            var warnings = new List<string>();
            if (commands.Count == 0)
            {
                warnings.Add($"{docsDirectory}: no command help files (Verb-Noun.md) found");
            }

            Directory.CreateDirectory(outputDirectory);
            var written = new List<string>();
            foreach (var group in commands.GroupBy(c => c.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
            {
                string target = Path.Combine(outputDirectory, group.Key);
                MamlWriter.Write(group, target);
                written.Add(target);
            }

            foreach (var (path, text) in abouts)
            {
                string target = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(path) + ".help.txt");
                File.WriteAllText(target, text, new UTF8Encoding(false));
                written.Add(target);
            }

            return new HelpCompilationResult(commands, written, warnings);
        }

        private static IEnumerable<string> AllMarkdown(string directory) =>
            Directory.EnumerateFiles(directory, "*.md", SearchOption.TopDirectoryOnly).OrderBy(p => p, StringComparer.Ordinal);

        private static IEnumerable<string> AboutFiles(string directory) =>
            AllMarkdown(directory).Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase));

        private static IEnumerable<string> CommandFiles(string directory) =>
            AllMarkdown(directory).Where(p =>
                !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(Path.GetFileName(p), "README.md", StringComparison.OrdinalIgnoreCase)
                && !IsModulePage(p));

        /// <summary>New-MarkdownHelp -WithModulePage writes &lt;Module&gt;.md whose front matter carries 'Module Guid'.</summary>
        private static bool IsModulePage(string path)
        {
            var lines = MarkdownHelpParser.SplitLines(File.ReadAllText(path));
            if (lines.Count == 0 || lines[0].Trim() != "---")
            {
                return false;
            }

            for (int i = 1; i < lines.Count && lines[i].Trim() != "---"; i++)
            {
                if (lines[i].TrimStart().StartsWith("Module Guid:", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static int TitleLine(string path)
        {
            var lines = MarkdownHelpParser.SplitLines(File.ReadAllText(path));
            int index = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
            return index < 0 ? 1 : index + 1;
        }
    }
}
