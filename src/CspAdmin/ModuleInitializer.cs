using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace CspAdmin
{
    /// <summary>
    /// Dependency isolation (DESIGN.md). The module root holds only CspAdmin.dll; the engine, the emulator and
    /// their dependencies (System.Text.Json, Azure.Identity, MSAL...) live in 'dependencies/', where the default
    /// loader never looks, so that Az.Accounts or Microsoft.Graph loaded beside us cannot clash with our versions.
    /// <list type="bullet">
    /// <item>PowerShell 7 (.NET): a private AssemblyLoadContext. When the default context fails to find
    /// CspAdmin.Engine or CspAdmin.Emulator (or anything else CspAdmin.dll references from dependencies/), it is
    /// loaded into the private context; whatever the engine references and PowerShell itself cannot supply is then
    /// resolved there too, from dependencies/. The libraries PowerShell does not ship itself (Azure.Identity, MSAL,
    /// Azure.Core...) are loaded into the private context up front, so that copies another module put in the default
    /// context first cannot win.</item>
    /// <item>Windows PowerShell 5.1 (.NET Framework): an AssemblyResolve handler loads from dependencies/ by file name.</item>
    /// </list>
    /// Everything about AssemblyLoadContext goes through reflection: this assembly targets netstandard2.0, which
    /// has no such type (and so cannot subclass it). This class must not mention any engine type: it runs before the
    /// engine can be resolved. For the same reason no public type of CspAdmin.dll may derive from, or implement, an
    /// engine type: PowerShell loads every public type (to look for this initializer) before calling OnImport.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Called by PowerShell on every Import-Module, in every runspace; hooks once per process.</summary>
        public void OnImport() => DependencyIsolation.Attach();

        /// <summary>Called by Remove-Module. The last removal unhooks the process-wide handlers.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Detach();
    }

    /// <summary>
    /// The loading rules ModuleInitializer applies. Apart from it so that they can be exercised without PowerShell (the
    /// isolation test loads CspAdmin.dll into a plain .NET process); it names no PowerShell or engine type.
    /// </summary>
    internal static class DependencyIsolation
    {
        /// <summary>
        /// The names the default context is redirected for: what CspAdmin.dll itself references, i.e. the engine, the
        /// emulator and any dependency a cmdlet uses directly (Microsoft.Bcl.TimeProvider, say), so that both sides
        /// of the boundary bind to the same copy. Other requests are left alone, so nothing of ours leaks to other modules.
        /// </summary>
        private static readonly HashSet<string> SharedAssemblies = ReferencedNames();

        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location) ?? string.Empty, "dependencies");

        private static readonly object Gate = new object();
        private static readonly object LoadGate = new object();

        // System.Runtime.Loader.AssemblyLoadContext, or null on .NET Framework.
        private static readonly Type? LoadContextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");

        // The private context is made once per process and never unloaded: objects the engine created can outlive
        // Remove-Module (in variables, jobs), and a re-import must bind to the same engine.
        private static object? s_privateContext;
        private static Delegate? s_defaultHandler;
        private static ResolveEventHandler? s_frameworkHandler;
        private static int s_imports;

        public static void Attach()
        {
            lock (Gate)
            {
                if (s_imports++ > 0)
                {
                    return;
                }

                if (LoadContextType is null)
                {
                    s_frameworkHandler = ResolveOnFramework;
                    AppDomain.CurrentDomain.AssemblyResolve += s_frameworkHandler;
                    return;
                }

                if (s_privateContext is null)
                {
                    var constructor = LoadContextType.GetConstructor(new[] { typeof(string), typeof(bool) })
                        ?? throw new InvalidOperationException("AssemblyLoadContext(string, bool) not found.");
                    s_privateContext = constructor.Invoke(new object[] { "CspAdmin", false });

                    // Never unhooked: it serves only the private context, which lives as long as the process.
                    AddResolving(s_privateContext, nameof(ResolveInPrivateContext));
                    LoadOwnCopiesFirst();
                }

                s_defaultHandler = AddResolving(DefaultContext(), nameof(ResolveInDefaultContext));
            }
        }

        public static void Detach()
        {
            lock (Gate)
            {
                if (s_imports == 0 || --s_imports > 0)
                {
                    return;
                }

                if (s_frameworkHandler is not null)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= s_frameworkHandler;
                    s_frameworkHandler = null;
                }

                if (s_defaultHandler is not null && LoadContextType is not null)
                {
                    LoadContextType.GetEvent("Resolving")!.RemoveEventHandler(DefaultContext(), s_defaultHandler);
                    s_defaultHandler = null;
                }
            }
        }

        /// <summary>
        /// A context without its own Load override asks the default context before its Resolving event, so a newer
        /// Azure.Identity or MSAL that another module (Az.Accounts, Microsoft.Graph) loaded there would win over ours.
        /// A context's own cache comes first, though: load every library of dependencies/ into it up front, except
        /// the platform's own assemblies (on PowerShell's trusted list), which must stay shared across the boundary.
        /// </summary>
        private static void LoadOwnCopiesFirst()
        {
            var platform = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty).Split(Path.PathSeparator))
            {
                platform.Add(Path.GetFileName(path));
            }

            if (!Directory.Exists(DependencyDirectory))
            {
                return;
            }

            foreach (var path in Directory.GetFiles(DependencyDirectory, "*.dll"))
            {
                if (!platform.Contains(Path.GetFileName(path)))
                {
                    LoadPrivately(new AssemblyName(Path.GetFileNameWithoutExtension(path)));
                }
            }
        }

        private static HashSet<string> ReferencedNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var reference in typeof(DependencyIsolation).Assembly.GetReferencedAssemblies())
            {
                names.Add(reference.Name ?? string.Empty);
            }

            return names;
        }

        private static object DefaultContext() =>
            LoadContextType!.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        /// <summary>
        /// Hooks AssemblyLoadContext.Resolving (a Func&lt;AssemblyLoadContext, AssemblyName, Assembly?&gt;) to one of
        /// our static methods; their first parameter is 'object', which delegate contravariance allows.
        /// </summary>
        private static Delegate AddResolving(object context, string methodName)
        {
            var resolving = LoadContextType!.GetEvent("Resolving")!;
            var method = typeof(DependencyIsolation).GetMethod(methodName, BindingFlags.NonPublic | BindingFlags.Static)!;
            var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, method);
            resolving.AddEventHandler(context, handler);
            return handler;
        }

        /// <summary>The default context could not find an assembly: if CspAdmin.dll asked for it (the engine...), load it privately.</summary>
        private static Assembly? ResolveInDefaultContext(object defaultContext, AssemblyName name)
        {
            return name.Name is not null && SharedAssemblies.Contains(name.Name) ? LoadPrivately(name) : null;
        }

        /// <summary>
        /// Something loaded in the private context (the engine, or one of its dependencies) needs an assembly
        /// that neither the private context nor PowerShell's own (default) context has: take it from dependencies/.
        /// </summary>
        private static Assembly? ResolveInPrivateContext(object privateContext, AssemblyName name) => LoadPrivately(name);

        private static Assembly? LoadPrivately(AssemblyName name)
        {
            string path = Path.Combine(DependencyDirectory, name.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            lock (LoadGate)
            {
                // Loading the same path twice into one context fails, so reuse what is already there.
                foreach (Assembly loaded in (IEnumerable)LoadContextType!.GetProperty("Assemblies")!.GetValue(s_privateContext)!)
                {
                    if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        return loaded;
                    }
                }

                var load = LoadContextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
                return (Assembly?)load.Invoke(s_privateContext, new object[] { path });
            }
        }

        /// <summary>
        /// Windows PowerShell 5.1 has one load context per AppDomain, so isolation is limited to finding our files:
        /// load from dependencies/ by exact file name (whatever version was asked for, as a binding redirect would),
        /// and only for requests from CspAdmin.dll or from what was loaded from dependencies/ (or with no known
        /// requester), so that other modules are not handed our copies.
        /// </summary>
        private static Assembly? ResolveOnFramework(object? sender, ResolveEventArgs args)
        {
            var requester = args.RequestingAssembly;
            if (requester is not null && requester != typeof(DependencyIsolation).Assembly
                && (requester.IsDynamic || !requester.Location.StartsWith(DependencyDirectory, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            string path = Path.Combine(DependencyDirectory, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
