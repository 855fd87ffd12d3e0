using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// The cmdlets of the built CspAdmin.dll as PowerShell would see them, read with MetadataLoadContext: nothing
    /// is loaded for execution, so the netstandard2.0 module and PowerShellStandard's reference assembly can be
    /// inspected from a net10.0 test.
    /// </summary>
    internal sealed class CmdletSurface
    {
        public const string AllParameterSets = "__AllParameterSets";
        private const string Sma = "System.Management.Automation";

        private static readonly Lazy<CmdletSurface> Loaded = new Lazy<CmdletSurface>(() => new CmdletSurface(SurfacePaths.ModuleAssembly, SurfacePaths.PowerShellReference));

        private readonly MetadataLoadContext _context;

        private CmdletSurface(string modulePath, string powerShellReference)
        {
            string moduleDirectory = Path.GetDirectoryName(modulePath)!;

            // The framework wins over same-named package assemblies, as it does at run time on PowerShell 7.
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            {
                paths[Path.GetFileNameWithoutExtension(path)] = path;
            }

            paths[Sma] = powerShellReference;
            DependencyAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in Directory.EnumerateFiles(moduleDirectory, "*.dll"))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (string.Equals(name, Sma, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!string.Equals(name, "CspAdmin", StringComparison.OrdinalIgnoreCase))
                {
                    DependencyAssemblies.Add(name);
                }

                if (!paths.ContainsKey(name))
                {
                    paths[name] = path;
                }
            }

            paths["CspAdmin"] = modulePath;
            _context = new MetadataLoadContext(new PathAssemblyResolver(paths.Values));
            Module = _context.LoadFromAssemblyPath(modulePath);
            PublicTypes = Module.GetExportedTypes();
            Cmdlets = PublicTypes
                .Where(t => t.IsClass && Attribute(t, "CmdletAttribute") is not null && DerivesFrom(t, Sma + ".Cmdlet"))
                .Select(t => new CmdletDescriptor(this, t))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        public static CmdletSurface Instance => Loaded.Value;

        public Assembly Module { get; }

        public IReadOnlyList<Type> PublicTypes { get; }

        public IReadOnlyList<CmdletDescriptor> Cmdlets { get; }

        /// <summary>Every type some cmdlet declares in [OutputType] (arrays as their elements, void left out), once each.</summary>
        public IReadOnlyList<Type> OutputTypes() =>
            Cmdlets
                .SelectMany(c => c.OutputTypes)
                .Where(o => o.Type is not null)
                .Select(o => o.Type!.HasElementType ? o.Type.GetElementType()! : o.Type)
                .Where(t => t.FullName != "System.Void")
                .GroupBy(t => t.FullName, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// Simple names of the assemblies built beside CspAdmin.dll (engine, emulator and their packages): what the
        /// layout puts in dependencies/ and the module initializer loads in isolation.
        /// </summary>
        public ISet<string> DependencyAssemblies { get; }

        /// <summary>Dependencies other than our own engine and emulator.</summary>
        public bool IsThirdPartyDependency(Assembly assembly)
        {
            string name = assembly.GetName().Name ?? string.Empty;
            return DependencyAssemblies.Contains(name)
                && !name.Equals("CspAdmin.Engine", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("CspAdmin.Emulator", StringComparison.OrdinalIgnoreCase);
        }

        public bool IsDependency(Assembly assembly) => DependencyAssemblies.Contains(assembly.GetName().Name ?? string.Empty);

        /// <summary>A type named in [OutputType('Name')], looked up where PowerShell could find it.</summary>
        public Type? ResolveTypeName(string name)
        {
            var candidates = new List<Assembly> { Module, _context.CoreAssembly! };
            foreach (var assemblyName in new[] { "CspAdmin.Engine", "CspAdmin.Emulator", Sma })
            {
                try
                {
                    candidates.Add(_context.LoadFromAssemblyName(assemblyName));
                }
                catch (FileNotFoundException)
                {
                }
            }

            // PowerShell reads type names case-insensitively, with 'System.' optional; MetadataLoadContext cannot
            // ignore case, so compare full names by hand.
            string trimmed = name.EndsWith("[]", StringComparison.Ordinal) ? name.Substring(0, name.Length - 2) : name;
            var wanted = new[] { trimmed, "System." + trimmed, Sma + "." + trimmed };
            foreach (var assembly in candidates)
            {
                var type = LoadableTypes(assembly).FirstOrDefault(t => wanted.Contains(t.FullName, StringComparer.OrdinalIgnoreCase));
                if (type is not null)
                {
                    return type;
                }
            }

            return null;
        }

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return e.Types.Where(t => t is not null)!;
            }
        }

        /// <summary>A type with everything it is made of: array elements and generic arguments, recursively.</summary>
        public static IEnumerable<Type> Constituents(Type type)
        {
            yield return type;
            if (type.HasElementType)
            {
                foreach (var inner in Constituents(type.GetElementType()!))
                {
                    yield return inner;
                }
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    foreach (var inner in Constituents(argument))
                    {
                        yield return inner;
                    }
                }
            }
        }

        public static bool DerivesFrom(Type type, string fullName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.FullName == fullName)
                {
                    return true;
                }
            }

            return false;
        }

        public static CustomAttributeData? Attribute(MemberInfo member, string name) => Attributes(member, name).FirstOrDefault();

        public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
            member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Sma + "." + name);

        public static T Named<T>(CustomAttributeData attribute, string name, T fallback)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name && argument.TypedValue.Value is T value)
                {
                    return value;
                }
            }

            return fallback;
        }

        /// <summary>The values of a 'params' constructor argument (AliasAttribute, OutputTypeAttribute).</summary>
        public static IEnumerable<object> ParamsArgument(CustomAttributeData attribute)
        {
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
                {
                    foreach (var item in items)
                    {
                        if (item.Value is not null)
                        {
                            yield return item.Value;
                        }
                    }
                }
                else if (argument.Value is not null)
                {
                    yield return argument.Value;
                }
            }
        }
    }

    internal sealed class CmdletDescriptor
    {
        public CmdletDescriptor(CmdletSurface surface, Type type)
        {
            Type = type;
            var cmdlet = CmdletSurface.Attribute(type, "CmdletAttribute")!;
            Verb = (string)cmdlet.ConstructorArguments[0].Value!;
            Noun = (string)cmdlet.ConstructorArguments[1].Value!;
            DefaultParameterSetName = CmdletSurface.Named<string?>(cmdlet, "DefaultParameterSetName", null);
            SupportsShouldProcess = CmdletSurface.Named(cmdlet, "SupportsShouldProcess", false);

            foreach (var output in CmdletSurface.Attributes(type, "OutputTypeAttribute"))
            {
                foreach (var value in CmdletSurface.ParamsArgument(output))
                {
                    OutputTypes.Add(value is Type declared
                        ? new OutputTypeDescriptor(declared.FullName ?? declared.Name, declared)
                        : new OutputTypeDescriptor((string)value, surface.ResolveTypeName((string)value)));
                }
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Cast<MemberInfo>()
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
            foreach (var member in members)
            {
                var attributes = CmdletSurface.Attributes(member, "ParameterAttribute").ToList();
                if (attributes.Count > 0 && seen.Add(member.Name))
                {
                    Parameters.Add(new ParameterDescriptor(member, attributes));
                }
            }

            // As PowerShell does: every set some parameter names, plus the default set even if no parameter names it.
            var sets = Parameters.SelectMany(p => p.Attributes).Select(a => a.SetName)
                .Where(s => s != CmdletSurface.AllParameterSets)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (!string.IsNullOrEmpty(DefaultParameterSetName) && !sets.Contains(DefaultParameterSetName, StringComparer.OrdinalIgnoreCase))
            {
                sets.Add(DefaultParameterSetName);
            }

            ParameterSets = sets.Count > 0 ? sets : new List<string> { CmdletSurface.AllParameterSets };
        }

        public Type Type { get; }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        public string? DefaultParameterSetName { get; }

        public bool SupportsShouldProcess { get; }

        public List<OutputTypeDescriptor> OutputTypes { get; } = new List<OutputTypeDescriptor>();

        public List<ParameterDescriptor> Parameters { get; } = new List<ParameterDescriptor>();

        /// <summary>The effective parameter sets; just '__AllParameterSets' when the cmdlet names none.</summary>
        public IReadOnlyList<string> ParameterSets { get; }

        public bool HasNamedSets => !(ParameterSets.Count == 1 && ParameterSets[0] == CmdletSurface.AllParameterSets);

        /// <summary>The parameter's settings in one set, or null when it is not in that set.</summary>
        public ParameterSetting? In(ParameterDescriptor parameter, string set) =>
            parameter.Attributes.FirstOrDefault(a => string.Equals(a.SetName, set, StringComparison.OrdinalIgnoreCase))
            ?? parameter.Attributes.FirstOrDefault(a => a.SetName == CmdletSurface.AllParameterSets);

        public override string ToString() => Name;
    }

    internal sealed class OutputTypeDescriptor
    {
        public OutputTypeDescriptor(string name, Type? type)
        {
            Name = name;
            Type = type;
        }

        public string Name { get; }

        /// <summary>Null when [OutputType('Name')] names a type that cannot be found.</summary>
        public Type? Type { get; }
    }

    internal sealed class ParameterDescriptor
    {
        public ParameterDescriptor(MemberInfo member, IEnumerable<CustomAttributeData> attributes)
        {
            Member = member;
            Name = member.Name;
            Type = member is PropertyInfo property ? property.PropertyType : ((FieldInfo)member).FieldType;
            foreach (var alias in CmdletSurface.Attributes(member, "AliasAttribute"))
            {
                Aliases.AddRange(CmdletSurface.ParamsArgument(alias).OfType<string>());
            }

            Attributes = attributes.Select(a => new ParameterSetting(
                CmdletSurface.Named<string?>(a, "ParameterSetName", null) ?? CmdletSurface.AllParameterSets,
                CmdletSurface.Named(a, "Mandatory", false),
                CmdletSurface.Named(a, "Position", int.MinValue),
                CmdletSurface.Named(a, "ValueFromPipeline", false),
                CmdletSurface.Named(a, "ValueFromPipelineByPropertyName", false))).ToList();
        }

        public MemberInfo Member { get; }

        public string Name { get; }

        public Type Type { get; }

        public List<string> Aliases { get; } = new List<string>();

        public IReadOnlyList<ParameterSetting> Attributes { get; }

        public IEnumerable<string> NameAndAliases => new[] { Name }.Concat(Aliases);
    }

    /// <summary>One [Parameter(...)] attribute.</summary>
    internal sealed class ParameterSetting
    {
        public ParameterSetting(string setName, bool mandatory, int position, bool byValue, bool byPropertyName)
        {
            SetName = setName;
            Mandatory = mandatory;
            Position = position;
            ByValue = byValue;
            ByPropertyName = byPropertyName;
        }

        public string SetName { get; }

        public bool Mandatory { get; }

        /// <summary>int.MinValue when named.</summary>
        public int Position { get; }

        public bool IsPositional => Position != int.MinValue;

        public bool ByValue { get; }

        public bool ByPropertyName { get; }
    }
}
