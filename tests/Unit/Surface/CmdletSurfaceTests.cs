using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using CspAdmin.Packager;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// Rules every cmdlet of the built CspAdmin.dll must follow, checked from its metadata. Each test lists
    /// every offender, not just the first.
    /// </summary>
    public sealed class CmdletSurfaceTests
    {
        private static CmdletSurface Surface => CmdletSurface.Instance;

        private static IReadOnlyList<CmdletDescriptor> Cmdlets => Surface.Cmdlets;

        [Fact]
        public void ModuleDeclaresCmdlets()
        {
            Assert.True(Cmdlets.Count > 0, $"{SurfacePaths.ModuleAssembly} declares no [Cmdlet] class.");
        }

        [Fact]
        public void CmdletClassesAreSealed()
        {
            Offenders.None(
                "cmdlet classes must be sealed",
                Cmdlets.Where(c => !c.Type.IsSealed).Select(c => $"{c.Type.FullName} ({c.Name})"));
        }

        [Fact]
        public void CmdletVerbsAreApproved()
        {
            Offenders.None(
                "verbs must be approved (Get-Verb)",
                Cmdlets.Where(c => !PowerShellVerbs.Approved.ContainsKey(c.Verb))
                    .Select(c => $"{c.Name}: '{c.Verb}' is not an approved verb"
                        + (PowerShellVerbs.Approved.Keys.FirstOrDefault(v => v.Equals(c.Verb, StringComparison.OrdinalIgnoreCase)) is string cased
                            ? $" (spelled '{cased}')"
                            : string.Empty)));
        }

        [Fact]
        public void CmdletsDeclareOutputType()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                if (cmdlet.OutputTypes.Count == 0)
                {
                    offenders.Add($"{cmdlet.Name}: no [OutputType]");
                }

                offenders.AddRange(cmdlet.OutputTypes.Where(o => o.Type is null)
                    .Select(o => $"{cmdlet.Name}: [OutputType('{o.Name}')] names no type found in CspAdmin, its engine, PowerShell or the framework"));
            }

            Offenders.None("cmdlets must declare what they output", offenders);
        }

        [Fact]
        public void PositionsAreUniqueWithinEachParameterSet()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                foreach (var set in cmdlet.ParameterSets)
                {
                    var clashes = cmdlet.Parameters
                        .Select(p => (Parameter: p, Setting: cmdlet.In(p, set)))
                        .Where(x => x.Setting is not null && x.Setting.IsPositional)
                        .GroupBy(x => x.Setting!.Position)
                        .Where(g => g.Count() > 1);
                    foreach (var clash in clashes)
                    {
                        offenders.Add($"{cmdlet.Name} set '{set}': position {clash.Key} is taken by -{string.Join(", -", clash.Select(x => x.Parameter.Name))}");
                    }
                }
            }

            Offenders.None("no two parameters of one set may share a position", offenders);
        }

        [Fact]
        public void ParameterSetsAreUnambiguous()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets.Where(c => c.HasNamedSets))
            {
                // Sets that the same mandatory parameters select cannot be told apart by PowerShell unless one of
                // them is the default (this covers several sets without any mandatory parameter, too).
                var groups = cmdlet.ParameterSets
                    .GroupBy(set => string.Join(", ", cmdlet.Parameters
                        .Where(p => cmdlet.In(p, set)?.Mandatory == true)
                        .Select(p => "-" + p.Name)
                        .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase)
                    .Where(g => g.Count() > 1);
                foreach (var group in groups)
                {
                    if (!group.Contains(cmdlet.DefaultParameterSetName ?? string.Empty, StringComparer.OrdinalIgnoreCase))
                    {
                        string mandatory = group.Key.Length == 0 ? "no mandatory parameter" : "the same mandatory parameters (" + group.Key + ")";
                        offenders.Add($"{cmdlet.Name}: sets '{string.Join("', '", group)}' have {mandatory} and none of them is DefaultParameterSetName"
                            + (cmdlet.DefaultParameterSetName is null ? " (none is declared)" : $" ('{cmdlet.DefaultParameterSetName}')"));
                    }
                }
            }

            Offenders.None("parameter sets must be distinguishable", offenders);
        }

        [Fact]
        public void PipelineByPropertyNameParametersMatchAnOutputProperty()
        {
            // Properties of every type some cmdlet of ours declares it outputs: what can arrive by property name.
            var properties = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var type in Surface.OutputTypes())
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    properties.Add(property.Name);
                }
            }

            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                foreach (var parameter in cmdlet.Parameters.Where(p => p.Attributes.Any(a => a.ByPropertyName)))
                {
                    if (!parameter.NameAndAliases.Any(properties.Contains))
                    {
                        offenders.Add($"{cmdlet.Name} -{parameter.Name}"
                            + (parameter.Aliases.Count > 0 ? $" (aliases {string.Join(", ", parameter.Aliases)})" : string.Empty)
                            + " takes pipeline input by property name, but no [OutputType] of ours has such a property");
                    }
                }
            }

            Offenders.None("ValueFromPipelineByPropertyName must match a property of an output type", offenders);
        }

        [Fact]
        public void MutatingCmdletsSupportShouldProcess()
        {
            Offenders.None(
                "cmdlets that change state must declare SupportsShouldProcess",
                Cmdlets.Where(c => PowerShellVerbs.Mutating.Contains(c.Verb) && !c.SupportsShouldProcess)
                    .Select(c => $"{c.Name} ({c.Type.FullName})"));
        }

        [Fact]
        public void ManifestExportsExactlyTheCmdlets()
        {
            string manifest = SurfacePaths.Manifest;
            Assert.True(File.Exists(manifest), $"{manifest} does not exist.");

            // Load refuses a missing CmdletsToExport, wildcards and names listed twice, each with its line.
            var exported = ModuleManifest.Load(manifest).CmdletsToExport;

            var offenders = new List<string>();
            offenders.AddRange(Cmdlets.Where(c => !exported.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
                .Select(c => $"{c.Name} is not in CmdletsToExport"));
            offenders.AddRange(exported.Where(e => !Cmdlets.Any(c => c.Name.Equals(e, StringComparison.OrdinalIgnoreCase)))
                .Select(e => $"CmdletsToExport lists '{e}', which CspAdmin.dll does not declare"));

            Offenders.None($"{manifest} CmdletsToExport must match the cmdlets", offenders);
        }

        /// <summary>
        /// PowerShell loads every public type of CspAdmin.dll (looking for the module initializer) before it calls
        /// ModuleInitializer.OnImport; a public type whose base class, interfaces or value-type fields come from the
        /// engine or a dependency cannot load then, because dependencies/ is not yet on any probing path.
        /// </summary>
        [Fact]
        public void PublicTypesLoadWithoutTheEngine()
        {
            var offenders = new List<string>();
            foreach (var type in Surface.PublicTypes)
            {
                var needs = new List<Type>();
                for (var current = type.BaseType; current is not null; current = current.BaseType)
                {
                    needs.AddRange(CmdletSurface.Constituents(current));
                }

                foreach (var implemented in type.GetInterfaces())
                {
                    needs.AddRange(CmdletSurface.Constituents(implemented));
                }

                needs.AddRange(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .Where(f => f.FieldType.IsValueType)
                    .SelectMany(f => CmdletSurface.Constituents(f.FieldType)));

                foreach (var needed in needs.Where(t => Surface.IsDependency(t.Assembly)).Select(t => t.FullName).Distinct())
                {
                    offenders.Add($"{type.FullName} needs {needed} to load (base class, interface or struct field); keep engine and dependency types out of those, e.g. behind a private nested class");
                }
            }

            Offenders.None("public types of CspAdmin.dll must load before the module initializer runs", offenders);
        }

        [Fact]
        public void CmdletSignaturesExposeNoThirdPartyTypes()
        {
            var offenders = new List<string>();
            foreach (var cmdlet in Cmdlets)
            {
                foreach (var parameter in cmdlet.Parameters)
                {
                    offenders.AddRange(CmdletSurface.Constituents(parameter.Type).Where(t => Surface.IsThirdPartyDependency(t.Assembly))
                        .Select(t => $"{cmdlet.Name} -{parameter.Name} is typed with {t.FullName} from {t.Assembly.GetName().Name}"));
                }

                foreach (var output in cmdlet.OutputTypes.Where(o => o.Type is not null))
                {
                    offenders.AddRange(CmdletSurface.Constituents(output.Type!).Where(t => Surface.IsThirdPartyDependency(t.Assembly))
                        .Select(t => $"{cmdlet.Name} [OutputType] {t.FullName} comes from {t.Assembly.GetName().Name}"));
                }
            }

            Offenders.None("types of dependencies never appear in cmdlet signatures or output (DESIGN.md)", offenders);
        }
    }

    internal static class Offenders
    {
        public static void None(string rule, IEnumerable<string> offenders)
        {
            var list = offenders.ToList();
            if (list.Count > 0)
            {
                Assert.Fail($"{rule}: {list.Count} offender(s):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
            }
        }
    }
}
