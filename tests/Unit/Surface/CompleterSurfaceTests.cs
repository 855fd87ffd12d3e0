using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>Which parameters of the built CspAdmin.dll complete what on Tab ([ArgumentCompleter]), read from its metadata.</summary>
    public sealed class CompleterSurfaceTests
    {
        /// <summary>Parameters that take licenses (part numbers or product names), and the names of customers and offers.</summary>
        private static readonly (string Cmdlet, string Parameter, string Completer)[] Named =
        {
            ("Set-CspUserLicense", "Add", "SkuCompleter"),
            ("Set-CspUserLicense", "Remove", "SkuCompleter"),
            ("New-CspUser", "License", "SkuCompleter"),
            ("Get-CspUser", "Sku", "SkuCompleter"),
            ("Move-CspUserLicense", "From", "SkuCompleter"),
            ("Move-CspUserLicense", "To", "SkuCompleter"),
            ("Get-CspOffer", "Sku", "OfferSkuCompleter"),
            ("Get-CspOffer", "Name", "OfferNameCompleter"),
            ("New-CspSubscription", "OfferId", "OfferIdCompleter"),
            ("Get-CspCustomer", "Name", "CustomerNameCompleter"),
            ("Get-CspCustomer", "Domain", "CustomerDomainCompleter"),
            ("Test-CspRelationship", "Domain", "CustomerDomainCompleter"),
        };

        /// <summary>The parameters that name stored profiles rather than connected ones.</summary>
        private static readonly (string Cmdlet, string Parameter)[] StoredProfiles =
        {
            ("Connect-CspService", "Profile"),
            ("Get-CspProfile", "Name"),
            ("Set-CspProfile", "Name"),
            ("Remove-CspProfile", "Name"),
        };

        private static IEnumerable<(CmdletDescriptor Cmdlet, ParameterDescriptor Parameter)> Parameters =>
            CmdletSurface.Instance.Cmdlets.SelectMany(c => c.Parameters.Select(p => (c, p)));

        [Fact]
        public void EveryCustomerIdCompletesCustomers()
        {
            var customerIds = Parameters.Where(x => x.Parameter.NameAndAliases.Any(n => n == "CustomerId" || n == "TenantId")).ToList();

            Assert.True(customerIds.Count >= 15, $"only {customerIds.Count} -CustomerId parameters found");
            Offenders.None("-CustomerId must complete customers", customerIds
                .Where(x => Completer(x.Parameter)?.Name != "CustomerIdCompleter")
                .Select(x => Describe(x.Cmdlet, x.Parameter)));
        }

        [Fact]
        public void EveryProfileCompletesProfiles()
        {
            var profiles = Parameters.Where(x => x.Parameter.NameAndAliases.Contains("Profile")).ToList();

            Assert.True(profiles.Count >= 15, $"only {profiles.Count} -Profile parameters found");
            Offenders.None("-Profile must complete the connected profiles, or the stored ones where a stored profile is named", profiles
                .Where(x => Completer(x.Parameter)?.Name != (StoredProfiles.Contains((x.Cmdlet.Name, x.Parameter.Name)) ? "StoredProfileCompleter" : "ProfileCompleter"))
                .Select(x => Describe(x.Cmdlet, x.Parameter)));
            Offenders.None("stored-profile parameters", StoredProfiles
                .Where(s => !Parameters.Any(x => x.Cmdlet.Name == s.Cmdlet && x.Parameter.Name == s.Parameter && Completer(x.Parameter)?.Name == "StoredProfileCompleter"))
                .Select(s => $"{s.Cmdlet} -{s.Parameter}"));
        }

        [Fact]
        public void LicenseCustomerAndOfferParametersComplete()
        {
            Offenders.None("these parameters must complete as listed", Named
                .Where(n => !Parameters.Any(x => x.Cmdlet.Name == n.Cmdlet && x.Parameter.Name == n.Parameter && Completer(x.Parameter)?.Name == n.Completer))
                .Select(n => $"{n.Cmdlet} -{n.Parameter} should use {n.Completer}"));

            // A license parameter added later is caught by its name.
            Offenders.None("parameters that take licenses must complete them", Parameters
                .Where(x => x.Parameter.NameAndAliases.Any(n => n.Contains("Sku") || n.StartsWith("License", StringComparison.Ordinal)) && Completer(x.Parameter) is null)
                .Select(x => Describe(x.Cmdlet, x.Parameter)));
        }

        [Fact]
        public void CompletersArePublicSealedAndMadeWithoutArguments()
        {
            var completers = Parameters.Select(x => Completer(x.Parameter)).Where(t => t is not null).Select(t => t!).Distinct().ToList();

            Assert.NotEmpty(completers);
            Offenders.None("completers are public sealed classes PowerShell can create and call", completers
                .Where(t => !t.IsPublic || !t.IsSealed || t.GetConstructor(Type.EmptyTypes) is null
                    || !t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IArgumentCompleter"))
                .Select(t => t.FullName!));
        }

        private static Type? Completer(ParameterDescriptor parameter) =>
            CmdletSurface.Attribute(parameter.Member, "ArgumentCompleterAttribute")?.ConstructorArguments.FirstOrDefault().Value as Type;

        private static string Describe(CmdletDescriptor cmdlet, ParameterDescriptor parameter) =>
            $"{cmdlet.Name} -{parameter.Name}: " + (Completer(parameter)?.Name ?? "no [ArgumentCompleter]");
    }
}
