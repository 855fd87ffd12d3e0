using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using CspAdmin.HelpCompiler;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// docs/help/&lt;Verb-Noun&gt;.md (PlatyPS markdown) against the cmdlets as compiled: every cmdlet documented,
    /// every parameter documented as declared, and the whole folder compiling to MAML.
    /// </summary>
    public sealed class CmdletHelpTests
    {
        private static readonly string[] ShouldProcessParameters = { "WhatIf", "Confirm" };

        private static IReadOnlyList<CmdletDescriptor> Cmdlets => CmdletSurface.Instance.Cmdlets;

        [Fact]
        public void EveryCmdletHasAHelpFile()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                string path = HelpPath(cmdlet);
                if (!File.Exists(path))
                {
                    offenders.Add($"{cmdlet.Name}: {path} does not exist");
                    continue;
                }

                var (help, error) = Read(cmdlet);
                if (error is not null)
                {
                    offenders.Add(error);
                }
                else if (help!.Name != cmdlet.Name)
                {
                    offenders.Add($"{path}: title '# {help.Name}' should be '# {cmdlet.Name}'");
                }
            }

            Offenders.None("every cmdlet needs docs/help/<Verb-Noun>.md", offenders);
        }

        [Fact]
        public void EveryHelpFileDocumentsACmdlet()
        {
            var names = new HashSet<string>(Cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            var offenders = CommandHelpFiles()
                .Where(path => !names.Contains(Path.GetFileNameWithoutExtension(path)))
                .Select(path => $"{path} documents no cmdlet of CspAdmin.dll");
            Offenders.None("docs/help must not document commands that do not exist", offenders);
        }

        [Fact]
        public void HelpHasSynopsisDescriptionAndTwoExamples()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                var (help, error) = Read(cmdlet);
                if (help is null)
                {
                    offenders.Add(error!);
                    continue;
                }

                if (help.Synopsis.Count == 0)
                {
                    offenders.Add($"{cmdlet.Name}: empty SYNOPSIS");
                }

                if (help.Description.Count == 0)
                {
                    offenders.Add($"{cmdlet.Name}: empty DESCRIPTION");
                }

                if (help.Examples.Count < 2)
                {
                    offenders.Add($"{cmdlet.Name}: {help.Examples.Count} example(s), at least 2 wanted");
                }
            }

            Offenders.None("help must have a synopsis, a description and two examples", offenders);
        }

        [Fact]
        public void HelpDocumentsExactlyTheCmdletParameters()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                var (help, error) = Read(cmdlet);
                if (help is null)
                {
                    offenders.Add(error!);
                    continue;
                }

                var declared = ExpectedParameterNames(cmdlet);
                foreach (var name in declared)
                {
                    var documented = help.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (documented is null)
                    {
                        offenders.Add($"{cmdlet.Name}: -{name} is not documented");
                    }
                    else if (documented.Name != name)
                    {
                        offenders.Add($"{cmdlet.Name}: documented as -{documented.Name}, declared as -{name}");
                    }
                }

                foreach (var documented in help.Parameters.Where(p => !declared.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
                {
                    offenders.Add($"{cmdlet.Name}: documents -{documented.Name}, which the cmdlet does not have"
                        + (IsCommonParameter(documented.Name) ? " (common parameters belong under '### CommonParameters')" : string.Empty));
                }

                if (!help.SupportsCommonParameters)
                {
                    offenders.Add($"{cmdlet.Name}: no '### CommonParameters' entry");
                }
            }

            Offenders.None("help must document exactly the cmdlet's own parameters", offenders);
        }

        [Fact]
        public void HelpParameterDetailsMatchTheCode()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                var (help, error) = Read(cmdlet);
                if (help is null)
                {
                    offenders.Add(error!);
                    continue;
                }

                foreach (var documented in help.Parameters)
                {
                    var expected = Expected(cmdlet, documented.Name);
                    if (expected is null)
                    {
                        continue; // reported by HelpDocumentsExactlyTheCmdletParameters
                    }

                    string where = $"{cmdlet.Name} -{documented.Name}";
                    foreach (var metadata in documented.Metadata.Where(m => !expected.Value.TypeNames.Contains(m.Type, StringComparer.OrdinalIgnoreCase)))
                    {
                        offenders.Add($"{where}: Type '{metadata.Type}', declared {expected.Value.TypeNames[0]}");
                    }

                    var documentedSets = new Dictionary<string, ParameterMetadata>(StringComparer.OrdinalIgnoreCase);
                    foreach (var metadata in documented.Metadata)
                    {
                        foreach (var set in metadata.InAllSets ? cmdlet.ParameterSets : (IEnumerable<string>)metadata.ParameterSets)
                        {
                            documentedSets[set] = metadata;
                        }
                    }

                    foreach (var (set, setting) in expected.Value.Sets)
                    {
                        string setLabel = set == CmdletSurface.AllParameterSets ? "(All)" : $"set '{set}'";
                        if (!documentedSets.TryGetValue(set, out var metadata))
                        {
                            offenders.Add($"{where}: 'Parameter Sets' leaves out {setLabel}");
                            continue;
                        }

                        if (metadata.Required != setting.Required)
                        {
                            offenders.Add($"{where} in {setLabel}: Required {metadata.Required}, declared {setting.Required}");
                        }

                        if (!string.Equals(metadata.Position, setting.Position, StringComparison.OrdinalIgnoreCase))
                        {
                            offenders.Add($"{where} in {setLabel}: Position {metadata.Position}, declared {setting.Position}");
                        }

                        if (metadata.ByValue != setting.ByValue || metadata.ByPropertyName != setting.ByPropertyName)
                        {
                            offenders.Add($"{where} in {setLabel}: Accept pipeline input '{metadata.PipelineInput}', declared '{setting.PipelineInput}'");
                        }
                    }

                    foreach (var extra in documentedSets.Keys.Where(s => !expected.Value.Sets.ContainsKey(s)))
                    {
                        offenders.Add($"{where}: 'Parameter Sets' names '{extra}', but the parameter is not in that set");
                    }
                }
            }

            Offenders.None("help parameter details (Type, Parameter Sets, Required, Position, Accept pipeline input) must match the code", offenders);
        }

        [Fact]
        public void HelpFolderCompiles()
        {
            string output = NewTempDirectory();
            try
            {
                var exception = Record.Exception(() => HelpCompilation.Compile(SurfacePaths.HelpDirectory, output));
                Assert.True(exception is null, $"the help compiler failed on {SurfacePaths.HelpDirectory}:{Environment.NewLine}{exception?.Message}");
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        [Fact]
        public void CompiledHelpHasEveryCmdlet()
        {
            string output = NewTempDirectory();
            try
            {
                HelpCompilation.Compile(SurfacePaths.HelpDirectory, output);
                string maml = Path.Combine(output, "CspAdmin.dll-Help.xml");
                Assert.True(File.Exists(maml), $"the help compiler wrote no CspAdmin.dll-Help.xml (front matter 'external help file:' of the docs?)");
                var names = new HashSet<string>(
                    XDocument.Load(maml).Descendants(MamlWriter.Command + "details").Select(d => (string)d.Element(MamlWriter.Command + "name")!),
                    StringComparer.OrdinalIgnoreCase);
                Offenders.None(
                    "CspAdmin.dll-Help.xml must describe every cmdlet",
                    Cmdlets.Where(c => !names.Contains(c.Name)).Select(c => $"{c.Name} is missing from the MAML"));
            }
            catch (HelpCompilationException e)
            {
                Assert.Fail($"the help compiler failed:{Environment.NewLine}{e.Message}");
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        private static string HelpPath(CmdletDescriptor cmdlet) => Path.Combine(SurfacePaths.HelpDirectory, cmdlet.Name + ".md");

        private static (CommandHelp? Help, string? Error) Read(CmdletDescriptor cmdlet)
        {
            string path = HelpPath(cmdlet);
            if (!File.Exists(path))
            {
                return (null, $"{cmdlet.Name}: {path} does not exist");
            }

            try
            {
                return (MarkdownHelpParser.ParseFile(path), null);
            }
            catch (HelpFormatException e)
            {
                return (null, e.Message);
            }
        }

        private static IEnumerable<string> CommandHelpFiles() =>
            Directory.Exists(SurfacePaths.HelpDirectory)
                ? Directory.EnumerateFiles(SurfacePaths.HelpDirectory, "*-*.md").Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                : Enumerable.Empty<string>();

        private static List<string> ExpectedParameterNames(CmdletDescriptor cmdlet)
        {
            var names = cmdlet.Parameters.Select(p => p.Name).ToList();
            if (cmdlet.SupportsShouldProcess)
            {
                names.AddRange(ShouldProcessParameters);
            }

            return names;
        }

        private static bool IsCommonParameter(string name) => new[]
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        }.Contains(name, StringComparer.OrdinalIgnoreCase);

        private readonly struct ExpectedSetting
        {
            public ExpectedSetting(bool required, string position, bool byValue, bool byPropertyName)
            {
                Required = required;
                Position = position;
                ByValue = byValue;
                ByPropertyName = byPropertyName;
            }

            public bool Required { get; }

            public string Position { get; }

            public bool ByValue { get; }

            public bool ByPropertyName { get; }

            public string PipelineInput =>
                !ByValue && !ByPropertyName ? "False"
                : ByValue && ByPropertyName ? "True (ByValue, ByPropertyName)"
                : ByValue ? "True (ByValue)" : "True (ByPropertyName)";
        }

        /// <summary>What the help should say about a parameter: accepted type spellings and its settings per set.</summary>
        private static (List<string> TypeNames, Dictionary<string, ExpectedSetting> Sets)? Expected(CmdletDescriptor cmdlet, string name)
        {
            var sets = new Dictionary<string, ExpectedSetting>(StringComparer.OrdinalIgnoreCase);
            if (cmdlet.SupportsShouldProcess && ShouldProcessParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var set in cmdlet.ParameterSets)
                {
                    sets[set] = new ExpectedSetting(false, "Named", false, false);
                }

                return (TypeSpellings.For("System.Management.Automation.SwitchParameter", "SwitchParameter"), sets);
            }

            var parameter = cmdlet.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                return null;
            }

            foreach (var set in cmdlet.ParameterSets)
            {
                var setting = cmdlet.In(parameter, set);
                if (setting is not null)
                {
                    sets[set] = new ExpectedSetting(
                        setting.Mandatory,
                        setting.IsPositional ? setting.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Named",
                        setting.ByValue,
                        setting.ByPropertyName);
                }
            }

            return (TypeSpellings.For(parameter.Type), sets);
        }

        private static string NewTempDirectory()
        {
            string path = Path.Combine(Path.GetTempPath(), "cspadmin-help-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The ways PlatyPS (and people) write a parameter's type in the 'Type:' line.</summary>
    internal static class TypeSpellings
    {
        private static readonly Dictionary<string, string[]> Accelerators = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["System.String"] = new[] { "string" },
            ["System.Int32"] = new[] { "int" },
            ["System.Int64"] = new[] { "long" },
            ["System.Boolean"] = new[] { "bool" },
            ["System.Double"] = new[] { "double" },
            ["System.Object"] = new[] { "object" },
            ["System.Management.Automation.SwitchParameter"] = new[] { "switch" },
        };

        public static List<string> For(Type type)
        {
            if (type.IsArray)
            {
                return For(type.GetElementType()!).Select(n => n + "[]").ToList();
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                var inner = type.GetGenericArguments()[0];
                var names = For(inner);
                names.Add($"Nullable`1[{inner.FullName}]");
                names.Add($"System.Nullable`1[{inner.FullName}]");
                names.Add($"Nullable`1[{inner.Name}]");
                return names;
            }

            return For(type.FullName ?? type.Name, type.Name);
        }

        public static List<string> For(string fullName, string name)
        {
            // Compared case-insensitively, as PowerShell reads type names.
            var names = new List<string> { name, fullName };
            if (Accelerators.TryGetValue(fullName, out var more))
            {
                names.AddRange(more);
            }

            return names;
        }
    }
}
