using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CspAdmin.Packager;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// The JEA role capabilities of module/RoleCapabilities against the cmdlets of the built CspAdmin.dll: the
    /// seeds' three permission levels, View (read-only), Modify (View plus seat quantities and license
    /// assignment) and Admin (everything). A cmdlet added to the module fails <see cref="AdminExposesEveryCmdletUnrestricted"/>
    /// until Admin lists it, and a Get-/Test- cmdlet fails the View and Modify tests until they list it too.
    /// </summary>
    public sealed class RoleCapabilityTests
    {
        private const string View = "CspAdminView";
        private const string Modify = "CspAdminModify";
        private const string Admin = "CspAdminAdmin";

        /// <summary>What New-PSRoleCapabilityFile may write that these roles use; anything else (VisibleProviders, ScriptsToProcess, FunctionDefinitions, ...) is not wanted.</summary>
        private static readonly string[] AllowedKeys = { "GUID", "Author", "CompanyName", "Copyright", "Description", "ModulesToImport", "VisibleCmdlets" };

        private static readonly string[] RequiredKeys = { "GUID", "Author", "Description", "ModulesToImport", "VisibleCmdlets" };

        private static readonly string[] CommonParameters =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        /// <summary>
        /// The cmdlets Modify adds to View, and the parameters of each that Modify withholds, with the reason. Every
        /// other parameter must be allowed in CspAdminModify.psrc, so a parameter added to one of these cmdlets fails
        /// <see cref="ModifyAllowsEveryParameterItDoesNotWithhold"/> until someone decides which it is.
        /// </summary>
        private static readonly Dictionary<string, Dictionary<string, string>> ModifyChanges = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Set-CspSubscription"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Suspend"] = "suspending changes the subscription's status, not its seats",
                ["Resume"] = "resuming changes the subscription's status, not its seats",
                ["AutoRenew"] = "renewal is not a seat quantity",
                ["FriendlyName"] = "the name is not a seat quantity",
                ["Force"] = "it sets fewer seats than are assigned, leaving users without service",
            },
            ["Set-CspUserLicense"] = new(StringComparer.OrdinalIgnoreCase),
            ["Move-CspUserLicense"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["CheckpointPath"] = "it writes a file anywhere on the JEA endpoint as the session's run-as account",
            },
            ["Invoke-CspOptimization"] = new(StringComparer.OrdinalIgnoreCase),
        };

        /// <summary>The roles, as RoleDefinitions name them.</summary>
        internal static readonly string[] RoleNames = { View, Modify, Admin };

        public static TheoryData<string> Roles => new TheoryData<string>(RoleNames);

        private static IReadOnlyList<CmdletDescriptor> Cmdlets => CmdletSurface.Instance.Cmdlets;

        [Fact]
        public void ModuleShipsExactlyTheThreeRoles()
        {
            string folder = SurfacePaths.RoleCapabilities;
            Assert.True(Directory.Exists(folder), $"{folder} does not exist.");
            var files = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToList();
            var expected = RoleNames.Select(r => r + ".psrc").ToList();

            var offenders = new List<string>();
            offenders.AddRange(expected.Where(e => !files.Contains(e, StringComparer.Ordinal)).Select(e => $"{e} is missing"));
            offenders.AddRange(files.Where(f => !expected.Contains(f!, StringComparer.Ordinal)).Select(f => $"{f} is not one of the roles (JEA would offer it as a role too)"));
            offenders.AddRange(expected.Where(e => files.Contains(e, StringComparer.Ordinal))
                .Select(e => (File: e, Guid: RoleCapability.Load(Path.Combine(folder, e)).Data.TryGetValue("GUID", out var guid) ? guid as string : null))
                .Where(r => r.Guid is not null)
                .GroupBy(r => r.Guid, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{string.Join(" and ", g.Select(r => r.File))} share the GUID {g.Key}"));

            Offenders.None($"{folder} holds the View, Modify and Admin role capabilities and nothing else", offenders);
        }

        [Theory]
        [MemberData(nameof(Roles))]
        public void RoleIsPowerShellDataOfTheRoleCapabilityShape(string role)
        {
            var capability = Load(role);
            var offenders = new List<string>(capability.Problems);
            offenders.AddRange(capability.Data.Keys.Where(k => !AllowedKeys.Contains(k, StringComparer.OrdinalIgnoreCase))
                .Select(k => $"the key '{k}' is not wanted (these roles only make CspAdmin cmdlets visible: {string.Join(", ", AllowedKeys)})"));
            offenders.AddRange(RequiredKeys.Where(k => !capability.Data.ContainsKey(k)).Select(k => $"the key '{k}' is missing"));
            if (capability.Data.TryGetValue("GUID", out var guid) && !(guid is string text && Guid.TryParse(text, out _)))
            {
                offenders.Add($"GUID {guid} is not a GUID");
            }

            if (capability.Data.TryGetValue("ModulesToImport", out var modules)
                && !(PowerShellDataFile.Items(modules).Count == 1 && "CspAdmin".Equals(PowerShellDataFile.Items(modules)[0] as string, StringComparison.Ordinal)))
            {
                offenders.Add("ModulesToImport must be 'CspAdmin' alone");
            }

            offenders.AddRange(capability.Cmdlets.Where(c => c.Name.IndexOfAny(new[] { '*', '?', '[' }) >= 0)
                .Select(c => $"'{c.Name}' is a wildcard: list each cmdlet by name, so a new cmdlet is granted by a decision, not by its name"));
            offenders.AddRange(capability.Cmdlets.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key} is listed {g.Count()} times"));

            Offenders.None($"{capability.FileName} must be a role capability of CspAdmin cmdlets", offenders);
        }

        [Theory]
        [MemberData(nameof(Roles))]
        public void ListedCmdletsAndParametersExist(string role)
        {
            var capability = Load(role);
            var offenders = new List<string>();
            foreach (var visible in capability.Cmdlets)
            {
                var cmdlet = Find(visible.Name);
                if (cmdlet is null)
                {
                    offenders.Add($"{visible.Name} is listed, but CspAdmin.dll declares no such cmdlet");
                    continue;
                }

                foreach (var name in visible.Parameters ?? Array.Empty<string>())
                {
                    var parameter = cmdlet.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                    var aliased = cmdlet.Parameters.FirstOrDefault(p => p.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase));
                    if (CommonParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        offenders.Add($"{cmdlet.Name} -{name} is a common parameter, which JEA always allows: leave it out");
                    }
                    else if (aliased is not null)
                    {
                        offenders.Add($"{cmdlet.Name} -{name} is an alias of -{aliased.Name}: name the parameter itself");
                    }
                    else if (parameter is null)
                    {
                        offenders.Add($"{cmdlet.Name} has no parameter -{name}");
                    }
                }

                if (visible.Parameters is not null)
                {
                    offenders.AddRange(visible.Parameters.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                        .Select(g => $"{cmdlet.Name} -{g.Key} is allowed {g.Count()} times"));
                }
            }

            Offenders.None($"{capability.FileName} may only name cmdlets and parameters that CspAdmin.dll declares", offenders);
        }

        [Fact]
        public void ViewExposesExactlyTheReadOnlyCmdlets()
        {
            SameCmdlets(Load(View), ViewCmdlets(), "View is the Get-/Test- cmdlets and Connect-/Disconnect-CspService");
        }

        [Fact]
        public void ModifyExposesViewPlusSeatsAndLicenses()
        {
            SameCmdlets(Load(Modify), ViewCmdlets().Concat(ModifyChanges.Keys), "Modify is View plus " + string.Join(", ", ModifyChanges.Keys));
        }

        [Fact]
        public void AdminExposesEveryCmdletUnrestricted()
        {
            var admin = Load(Admin);
            SameCmdlets(admin, Cmdlets.Select(c => c.Name), "Admin is every cmdlet of CspAdmin.dll");
            Offenders.None(
                $"{admin.FileName} restricts no parameter",
                admin.Cmdlets.Where(c => c.IsRestricted).Select(c => $"{c.Name} is restricted to -{string.Join(", -", c.Parameters!)}"));
        }

        /// <summary>
        /// Independent of the exact lists above: judged by verb, View changes nothing and Modify changes only what
        /// its level allows. So New/Set/Remove-CspProfile, which decide how every session signs in, stay Admin's.
        /// </summary>
        [Fact]
        public void RolesBelowAdminListNoCmdletThatChangesMoreThanTheirLevel()
        {
            var offenders = new List<string>();
            foreach (var (role, allowed) in new[] { (View, new string[0]), (Modify, ModifyChanges.Keys.ToArray()) })
            {
                var capability = Load(role);
                offenders.AddRange(capability.Cmdlets
                    .Where(c => PowerShellVerbs.Mutating.Contains(c.Name.Split('-')[0]) && !allowed.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
                    .Select(c => $"{capability.FileName} lists {c.Name}, which changes state"
                        + (allowed.Length == 0 ? ": View is read-only" : $": Modify changes only {string.Join(", ", allowed)}")));
            }

            Offenders.None("View and Modify must not change what their level does not allow", offenders);
        }

        [Fact]
        public void ModifyWithholdsTheParametersThatAreNotSeatsOrLicenses()
        {
            var modify = Load(Modify);
            var offenders = new List<string>();
            foreach (var change in ModifyChanges)
            {
                var visible = modify.Cmdlets.FirstOrDefault(c => c.Name.Equals(change.Key, StringComparison.OrdinalIgnoreCase));
                if (visible is null)
                {
                    continue; // ModifyExposesViewPlusSeatsAndLicenses names it
                }

                if (!visible.IsRestricted)
                {
                    offenders.Add($"{change.Key} is listed without Parameters: Modify must list the parameters it allows");
                    continue;
                }

                offenders.AddRange(visible.Parameters!.Where(change.Value.ContainsKey)
                    .Select(p => $"{change.Key} -{p} is allowed, but Modify withholds it: {change.Value[p]}"));
            }

            Offenders.None($"{modify.FileName} must withhold what is not a seat quantity or a license assignment", offenders);
        }

        [Fact]
        public void ModifyAllowsEveryParameterItDoesNotWithhold()
        {
            var modify = Load(Modify);
            var offenders = new List<string>();
            foreach (var change in ModifyChanges)
            {
                var cmdlet = Find(change.Key);
                var visible = modify.Cmdlets.FirstOrDefault(c => c.Name.Equals(change.Key, StringComparison.OrdinalIgnoreCase));
                if (cmdlet is null || visible?.Parameters is null)
                {
                    continue; // the tests above name these
                }

                offenders.AddRange(change.Value.Keys.Where(w => !cmdlet.Parameters.Any(p => p.Name.Equals(w, StringComparison.OrdinalIgnoreCase)))
                    .Select(w => $"{change.Key} has no parameter -{w} any more: drop it from this test's withheld list"));
                offenders.AddRange(cmdlet.Parameters
                    .Where(p => !visible.Parameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && !change.Value.ContainsKey(p.Name))
                    .Select(p => $"{change.Key} -{p.Name} is neither allowed by {modify.FileName} nor withheld by this test: decide which"));
            }

            Offenders.None("every parameter of Modify's changing cmdlets is either allowed or deliberately withheld", offenders);
        }

        /// <summary>
        /// JEA runs the cmdlets as the session's run-as account (a local administrator by default), so a path
        /// parameter reads or writes any file on the endpoint. Below Admin, none is exposed.
        /// </summary>
        [Fact]
        public void RolesBelowAdminExposeNoPathParameter()
        {
            var offenders = new List<string>();
            foreach (var capability in new[] { Load(View), Load(Modify) })
            {
                foreach (var visible in capability.Cmdlets)
                {
                    var cmdlet = Find(visible.Name);
                    var exposed = visible.Parameters ?? cmdlet?.Parameters.Select(p => p.Name).ToList() ?? new List<string>();
                    offenders.AddRange(exposed.Where(p => p.EndsWith("Path", StringComparison.OrdinalIgnoreCase))
                        .Select(p => $"{capability.FileName} exposes {visible.Name} -{p}" + (visible.IsRestricted ? string.Empty : " (the cmdlet is listed without Parameters)")));
                }
            }

            Offenders.None("View and Modify must expose no parameter that names a file on the endpoint", offenders);
        }

        private static IEnumerable<string> ViewCmdlets() =>
            Cmdlets.Where(c => c.Verb == "Get" || c.Verb == "Test").Select(c => c.Name)
                .Concat(new[] { "Connect-CspService", "Disconnect-CspService" });

        private static void SameCmdlets(RoleCapability capability, IEnumerable<string> expected, string rule)
        {
            var wanted = new HashSet<string>(expected, StringComparer.OrdinalIgnoreCase);
            var listed = capability.CmdletNames;
            var offenders = wanted.Where(w => !listed.Contains(w)).OrderBy(w => w, StringComparer.OrdinalIgnoreCase).Select(w => $"{w} is not listed")
                .Concat(listed.Where(l => !wanted.Contains(l)).OrderBy(l => l, StringComparer.OrdinalIgnoreCase).Select(l => $"{l} is listed, but does not belong to this role"));
            Offenders.None($"{capability.FileName}: {rule}", offenders);
        }

        private static CmdletDescriptor? Find(string name) => Cmdlets.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        private static RoleCapability Load(string role)
        {
            string path = Path.Combine(SurfacePaths.RoleCapabilities, role + ".psrc");
            Assert.True(File.Exists(path), $"{path} does not exist.");
            return RoleCapability.Load(path);
        }
    }
}
