using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CspAdmin.Packager;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>examples/jea/CspAdmin.pssc: a session configuration for the roles the module ships, as its README describes it.</summary>
    public sealed class JeaSessionConfigurationTests
    {
        [Fact]
        public void ExampleSessionConfigurationMapsGroupsToTheShippedRoles()
        {
            string path = SurfacePaths.JeaSessionConfiguration;
            Assert.True(File.Exists(path), $"{path} does not exist.");
            var data = PowerShellDataFile.Load(path);
            var offenders = new List<string>();
            Expect(data, "SessionType", "RestrictedRemoteServer", offenders);
            Expect(data, "RunAsVirtualAccount", true, offenders);

            var used = new List<string>();
            if (data.TryGetValue("RoleDefinitions", out var definitions) && definitions is IReadOnlyDictionary<string, object?> roles)
            {
                foreach (var role in roles)
                {
                    if (role.Value is IReadOnlyDictionary<string, object?> definition && definition.TryGetValue("RoleCapabilities", out var names))
                    {
                        used.AddRange(PowerShellDataFile.Items(names).Select(n => n as string ?? string.Empty));
                    }
                    else
                    {
                        offenders.Add($"RoleDefinitions['{role.Key}'] has no RoleCapabilities");
                    }
                }
            }
            else
            {
                offenders.Add("RoleDefinitions is missing or not a hashtable");
            }

            offenders.AddRange(used.Where(u => !RoleCapabilityTests.RoleNames.Contains(u, StringComparer.OrdinalIgnoreCase)).Select(u => $"RoleDefinitions names '{u}', which the module does not ship"));
            offenders.AddRange(RoleCapabilityTests.RoleNames.Where(s => !used.Contains(s, StringComparer.OrdinalIgnoreCase)).Select(s => $"RoleDefinitions maps no group to {s}"));

            // examples/jea/README.md relies on these: the virtual account's own profile holds no CspAdmin profiles.
            var variables = data.TryGetValue("EnvironmentVariables", out var environment) ? environment as IReadOnlyDictionary<string, object?> : null;
            offenders.AddRange(new[] { "CSPADMIN_CONFIG_HOME", "CSPADMIN_JOURNAL_PATH" }
                .Where(v => variables is null || !(variables.TryGetValue(v, out var value) && value is string text && text.Length > 0))
                .Select(v => $"EnvironmentVariables does not set {v}"));

            Offenders.None($"{path} must be a JEA session configuration for the shipped roles", offenders);
        }

        private static void Expect(IReadOnlyDictionary<string, object?> data, string key, object expected, List<string> offenders)
        {
            if (!data.TryGetValue(key, out var value) || !(value is string text ? text.Equals(expected as string, StringComparison.OrdinalIgnoreCase) : Equals(value, expected)))
            {
                offenders.Add($"{key} must be {(expected is bool flag ? (flag ? "$true" : "$false") : $"'{expected}'")}, found {(value is null ? "nothing" : value)}");
            }
        }
    }
}
