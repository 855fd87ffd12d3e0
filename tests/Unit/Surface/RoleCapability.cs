using CspAdmin.Packager;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// A JEA role capability file (.psrc) as JEA reads its VisibleCmdlets: each entry is a command name, or
    /// @{ Name = ...; Parameters = @{ Name = ... }, ... } allowing only the parameters named (common parameters
    /// are always allowed). Entries of the wrong shape are collected in <see cref="Problems"/>.
    /// </summary>
    internal sealed class RoleCapability
    {
        private RoleCapability(string path, IReadOnlyDictionary<string, object?> data)
        {
            Path = path;
            Data = data;
            var problems = new List<string>();
            var cmdlets = new List<VisibleCmdlet>();
            if (data.TryGetValue("VisibleCmdlets", out var visible))
            {
                foreach (var entry in PowerShellDataFile.Items(visible))
                {
                    var cmdlet = VisibleCmdlet.From(entry, problems);
                    if (cmdlet is not null)
                    {
                        cmdlets.Add(cmdlet);
                    }
                }
            }

            Cmdlets = cmdlets;
            Problems = problems;
        }

        /// <summary>The role's name, as RoleDefinitions refer to it: the file name without .psrc.</summary>
        public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

        public string FileName => System.IO.Path.GetFileName(Path);

        public string Path { get; }

        public IReadOnlyDictionary<string, object?> Data { get; }

        public IReadOnlyList<VisibleCmdlet> Cmdlets { get; }

        public IReadOnlyList<string> Problems { get; }

        public ISet<string> CmdletNames => new HashSet<string>(Cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);

        /// <exception cref="FormatException">The file is not PowerShell data; the message names the file and line.</exception>
        public static RoleCapability Load(string path)
        {
            try
            {
                return new RoleCapability(path, PowerShellDataFile.Load(path));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}: {e.Message}", e);
            }
        }
    }

    internal sealed class VisibleCmdlet
    {
        private VisibleCmdlet(string name, IReadOnlyList<string>? parameters)
        {
            Name = name;
            Parameters = parameters;
        }

        public string Name { get; }

        /// <summary>The parameters allowed, or null when the cmdlet is visible with all of them.</summary>
        public IReadOnlyList<string>? Parameters { get; }

        public bool IsRestricted => Parameters is not null;

        public static VisibleCmdlet? From(object? entry, List<string> problems)
        {
            if (entry is string name)
            {
                return new VisibleCmdlet(name, null);
            }

            if (entry is not IReadOnlyDictionary<string, object?> table || !(table.TryGetValue("Name", out var named) && named is string cmdlet))
            {
                problems.Add($"a VisibleCmdlets entry is neither a name nor a hashtable with a Name: {Describe(entry)}");
                return null;
            }

            problems.AddRange(table.Keys.Where(k => !k.Equals("Name", StringComparison.OrdinalIgnoreCase) && !k.Equals("Parameters", StringComparison.OrdinalIgnoreCase))
                .Select(k => $"{cmdlet}: unknown key '{k}' (a VisibleCmdlets hashtable has Name and Parameters)"));
            if (!table.TryGetValue("Parameters", out var parameters))
            {
                return new VisibleCmdlet(cmdlet, null);
            }

            var allowed = new List<string>();
            foreach (var parameter in PowerShellDataFile.Items(parameters))
            {
                if (parameter is IReadOnlyDictionary<string, object?> rule && rule.TryGetValue("Name", out var value) && value is string parameterName)
                {
                    allowed.Add(parameterName);
                    problems.AddRange(rule.Keys.Where(k => !new[] { "Name", "ValidateSet", "ValidatePattern" }.Contains(k, StringComparer.OrdinalIgnoreCase))
                        .Select(k => $"{cmdlet} -{parameterName}: unknown key '{k}' (a parameter rule has Name, ValidateSet or ValidatePattern)"));
                }
                else
                {
                    problems.Add($"{cmdlet}: a Parameters entry is not a hashtable with a Name: {Describe(parameter)}");
                }
            }

            return new VisibleCmdlet(cmdlet, allowed);
        }

        private static string Describe(object? value) => value switch
        {
            null => "$null",
            string text => $"'{text}'",
            IReadOnlyDictionary<string, object?> table => "@{ " + string.Join("; ", table.Keys) + " }",
            _ => value.ToString() ?? value.GetType().Name,
        };
    }
}
