using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// No example in the help names a cmdlet or a parameter that does not exist: every CspAdmin command in every
    /// example block of docs/help is checked against the cmdlets' metadata (parameter names, aliases, and the
    /// unambiguous prefixes PowerShell accepts).
    /// </summary>
    public sealed class HelpExampleTests
    {
        private static readonly string[] CommonParameters =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        private static readonly string[] CommonAliases = { "vb", "db", "ea", "wa", "infa", "proga", "ev", "wv", "iv", "ov", "ob", "pv", "wi", "cf" };

        [Fact]
        public void EveryExampleUsesOnlyCmdletsAndParametersThatExist()
        {
            var cmdlets = CmdletSurface.Instance.Cmdlets.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            var offenders = new List<string>();
            var checkedCalls = 0;
            foreach (var file in Directory.GetFiles(SurfacePaths.HelpDirectory, "*-*.md"))
            {
                foreach (var (example, code) in Examples(File.ReadAllText(file)))
                {
                    foreach (var (command, parameters) in Calls(code))
                    {
                        var where = $"{Path.GetFileName(file)}, {example}";
                        if (!cmdlets.TryGetValue(command, out var cmdlet))
                        {
                            offenders.Add($"{where}: {command} is not a CspAdmin cmdlet");
                            continue;
                        }

                        checkedCalls++;
                        var names = cmdlet.Parameters.SelectMany(p => p.Aliases.Prepend(p.Name)).Concat(CommonParameters).Concat(CommonAliases).ToList();
                        foreach (var parameter in parameters)
                        {
                            var exact = names.Any(n => n.Equals(parameter, StringComparison.OrdinalIgnoreCase));
                            var prefixed = names.Where(n => n.StartsWith(parameter, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1;
                            if (!exact && !prefixed)
                            {
                                offenders.Add($"{where}: {command} has no parameter -{parameter}");
                            }
                        }
                    }
                }
            }

            Assert.True(checkedCalls > 100, $"Only {checkedCalls} CspAdmin calls were found in the examples; the parser missed them.");
            Offenders.None("help examples must use existing cmdlets and parameters", offenders);
        }

        /// <summary>
        /// tests/Pester/Examples.Tests.ps1 runs every example on the emulator's default world, so a user an example names
        /// must be seeded there (active or deleted), or be created by the example itself or by the runner's arrangements.
        /// </summary>
        [Fact]
        public void EveryUserAnExampleNamesIsSeededInTheEmulatorOrCreatedFirst()
        {
            var world = EmulatedCloud.Create(new EmulatorOptions()).State;
            var seeded = world.Tenants.SelectMany(t => t.Users.Concat(t.DeletedUsers)).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var runner = File.ReadAllText(Path.Combine(SurfacePaths.RepoRoot, "tests", "Pester", "Examples.Tests.ps1"));
            var offenders = new List<string>();
            var named = 0;
            foreach (var file in Directory.GetFiles(SurfacePaths.HelpDirectory, "*-*.md"))
            {
                foreach (var (example, code) in Examples(File.ReadAllText(file)))
                {
                    var created = CreatedUsers(code).Concat(CreatedUsers(runner)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var statements = Regex.Replace(code, @"#[^\n]*", "");
                    foreach (Match user in Regex.Matches(statements, @"[\w.-]+@[\w-]+\.onmicrosoft\.com"))
                    {
                        named++;
                        if (!seeded.Contains(user.Value) && !created.Contains(user.Value))
                        {
                            offenders.Add($"{Path.GetFileName(file)}, {example}: {user.Value}");
                        }
                    }
                }
            }

            Assert.True(named > 10, $"Only {named} user names were found in the examples; the pattern missed them.");
            Offenders.None("help examples must name users the emulator seeds, or create them first", offenders);
        }

        private static IEnumerable<string> CreatedUsers(string code) =>
            Regex.Matches(code, @"-UserPrincipalName\s+'([^']+)'").Select(m => m.Groups[1].Value);

        [Theory]
        [InlineData("Get-CspUser -CustomerId $c.CustomerId -Sku 'ENTERPRISEPACK' | Where-Object { $_.X -eq 'y' }", "Get-CspUser", "CustomerId,Sku")]
        [InlineData("$r = Set-CspUserLicense -Add ($a -join ',') `\n    -Remove E3 -WhatIf", "Set-CspUserLicense", "Add,Remove,WhatIf")]
        [InlineData("Write-Host 'New-CspUser -Bogus'", null, "")]
        [InlineData("New-CspCustomer @settings -Confirm:$false", "New-CspCustomer", "Confirm")]
        public void TheExampleParserFindsCallsAndTheirParameters(string code, string? command, string parameters)
        {
            var calls = Calls(code).ToList();

            Assert.Equal(command == null ? 0 : 1, calls.Count);
            if (command != null)
            {
                Assert.Equal(command, calls[0].Command);
                Assert.Equal(parameters.Split(','), calls[0].Parameters);
            }
        }

        private static IEnumerable<(string Name, string Code)> Examples(string markdown) =>
            Regex.Matches(markdown, @"### (Example[^\n]*)\n```powershell\n(.*?)```", RegexOptions.Singleline)
                .Select(m => (m.Groups[1].Value.Trim(), m.Groups[2].Value));

        /// <summary>Each CspAdmin command in <paramref name="code"/> with the parameter names written after it.</summary>
        private static IEnumerable<(string Command, List<string> Parameters)> Calls(string code)
        {
            // Strings, comments and line continuations first; then sub-expressions, whose own commands are found separately.
            var text = Regex.Replace(code, @"`\r?\n", " ");
            text = Regex.Replace(text, "'[^']*'|\"[^\"]*\"", "''");
            text = Regex.Replace(text, @"#[^\n]*", "");
            foreach (var segment in Segments(text))
            {
                var match = Regex.Match(segment, @"(?<![\w-])([A-Z][a-z]+-Csp\w+)\b");
                if (!match.Success)
                {
                    continue;
                }

                var rest = segment.Substring(match.Index + match.Length);
                var parameters = Regex.Matches(rest, @"(?<![\w$.])-([A-Za-z][A-Za-z0-9]*)(?::|\b)").Select(m => m.Groups[1].Value).ToList();
                yield return (match.Groups[1].Value, parameters);
            }
        }

        /// <summary>Pipeline elements and statements, with each (…), {…} and @(…) taken out as a segment of its own.</summary>
        private static IEnumerable<string> Segments(string text)
        {
            var inner = new List<string>();
            var outer = new System.Text.StringBuilder();
            var depth = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '(' || c == '{')
                {
                    if (depth == 0)
                    {
                        start = i + 1;
                    }

                    depth++;
                }
                else if ((c == ')' || c == '}') && depth > 0)
                {
                    depth--;
                    if (depth == 0)
                    {
                        inner.Add(text.Substring(start, i - start));
                        outer.Append(" () ");
                    }
                }
                else if (depth == 0)
                {
                    outer.Append(c);
                }
            }

            foreach (var part in Regex.Split(outer.ToString(), @"[|;\n]"))
            {
                yield return part;
            }

            foreach (var part in inner.SelectMany(Segments))
            {
                yield return part;
            }
        }
    }
}
