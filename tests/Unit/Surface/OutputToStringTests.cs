using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Security;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Model;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// How every [OutputType] of the cmdlets reads in a string ("$customer", Write-Host, a log line): one sample
    /// of each type and the text it must give, and never a password.
    /// </summary>
    public sealed class OutputToStringTests
    {
        private const string Password = "Pa55-w0rd!Secret";
        private static readonly DateTimeOffset When = new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.Zero);

        /// <summary>Sample instances of every output type, with the string each must read as.</summary>
        public static IEnumerable<(object Sample, string Expected)> Samples()
        {
            yield return (new Customer { CustomerId = Guid.NewGuid().ToString(), CompanyName = "Contoso", DefaultDomain = "contoso.onmicrosoft.com" },
                "Contoso (contoso.onmicrosoft.com)");
            yield return (new LicenseSummary { CompanyName = "Contoso", Product = "Microsoft 365 E3", SkuId = Guid.NewGuid().ToString(), Active = 15, Assigned = 12 },
                "Microsoft 365 E3: 12 of 15 assigned");
            yield return (new Subscription { SubscriptionId = Guid.NewGuid().ToString(), OfferName = "Microsoft 365 E3", Quantity = 15, Status = "active" },
                "Microsoft 365 E3: 15 seat(s), active");
            yield return (new ConnectionInfo { Profile = "emulator-eu", Cloud = "Emulator", Region = "EU", PartnerTenantId = Guid.NewGuid().ToString() },
                "emulator-eu (Emulator, EU)");
            yield return (new ConnectionInfo { Profile = "contoso-partner", Cloud = "Global" }, "contoso-partner (Global)");
            yield return (new User { UserId = Guid.NewGuid().ToString(), UserPrincipalName = "ann@contoso.com", DisplayName = "Ann" }, "ann@contoso.com");
            yield return (new CreatedUser { UserPrincipalName = "ann@contoso.com", Password = Secure(Password) }, "ann@contoso.com");
            yield return (new UserLicense { UserPrincipalName = "ann@contoso.com", Product = "Microsoft 365 E3", SkuId = Guid.NewGuid().ToString() },
                "ann@contoso.com: Microsoft 365 E3");
            yield return (new LicenseChangeResult { UserPrincipalName = "ann@contoso.com", Status = "Changed", Added = new[] { "SPE_E3" }, Removed = new[] { "ENTERPRISEPACK" } },
                "ann@contoso.com: Changed (+SPE_E3, -ENTERPRISEPACK)");
            yield return (new LicenseChangeResult { UserPrincipalName = "ann@contoso.com", Status = "Unchanged" }, "ann@contoso.com: Unchanged");
            yield return (new ActivityRecord { Time = When, Operation = "SubscriptionChanged", Target = "Microsoft 365 E3", Outcome = "Succeeded", Detail = "24 -> 18 seat(s)" },
                "2024-05-01 09:30:00Z SubscriptionChanged Microsoft 365 E3: Succeeded (24 -> 18 seat(s))");
            yield return (new ActivityRecord { Operation = "UserCreated", Target = "ann@contoso.com", Outcome = "Started" }, "UserCreated ann@contoso.com: Started");
            yield return (new ImportResult { Row = 3, UserPrincipalName = "ann@contoso.com", Status = "Created", Password = Secure(Password) },
                "Row 3, ann@contoso.com: Created");
            yield return (new PasswordResetResult { UserPrincipalName = "ann@contoso.com", Password = Secure(Password) }, "ann@contoso.com: password reset");
            yield return (new OptimizationResult { CompanyName = "Contoso", OfferName = "Microsoft 365 E3", CurrentQuantity = 15, ProposedQuantity = 12, Status = "Planned" },
                "Contoso, Microsoft 365 E3: 15 -> 12 seat(s) (Planned)");
            yield return (new TransferResult { UserPrincipalName = "ann@contoso.com", Status = "Moved" }, "ann@contoso.com: Moved");
            yield return (new TransferResult { UserPrincipalName = "ann@contoso.com", Status = "Skipped", Reason = "already holds SPE_E5" },
                "ann@contoso.com: Skipped (already holds SPE_E5)");
            yield return (new TransferSummary { CompanyName = "Contoso", Moved = 120, Skipped = 2, Failed = 1 }, "Contoso: 120 moved, 2 skipped, 1 failed");
            yield return (new TransferPlan { CompanyName = "Contoso", Users = 30, From = "ENTERPRISEPACK", To = "SPE_E5", SeatsToBuy = 5 },
                "Contoso: 30 user(s) ENTERPRISEPACK -> SPE_E5; 5 seat(s) to buy");
            yield return (new Offer { OfferId = "CFQ7TTC0LFLX:0001:CFQ7TTC0K5CZ", Name = "Microsoft 365 E3", SkuPartNumber = "SPE_E3" }, "Microsoft 365 E3 (SPE_E3)");
            yield return (new CspProfile { Name = "contoso-eu", PartnerTenantId = Guid.NewGuid().ToString(), ClientSecretVariable = "CONTOSO_SECRET" }, "contoso-eu");
            yield return (new RelationshipRequest { Type = "Direct", Url = "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&DAP=true" },
                "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&DAP=true");
            yield return (new RelationshipCheck { Domain = "contoso.onmicrosoft.com", Accepted = true, CompanyName = "Contoso" }, "contoso.onmicrosoft.com: accepted (Contoso)");
            yield return (new RelationshipCheck { Domain = "fabrikam.com" }, "fabrikam.com: not accepted");
            yield return (new NewCustomerResult { CompanyName = "Contoso", DefaultDomain = "contoso.onmicrosoft.com", AdminPassword = Secure(Password) },
                "Contoso (contoso.onmicrosoft.com)");
            yield return (new GdapAccessReport { CompanyName = "Contoso", IsReady = true }, "Contoso: ready");
            yield return (new GdapAccessReport { CompanyName = "Contoso", MissingRoles = new[] { "User Administrator", "License Administrator" } },
                "Contoso: missing User Administrator, License Administrator");
            yield return (new GdapAccessReport { CompanyName = "Contoso" }, "Contoso: not ready");
        }

        public static TheoryData<int> SampleIndexes()
        {
            var data = new TheoryData<int>();
            for (var i = 0; i < Samples().Count(); i++)
            {
                data.Add(i);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SampleIndexes))]
        public void ToStringReadsAsIntended(int index)
        {
            var (sample, expected) = Samples().ElementAt(index);
            Assert.Equal(expected, sample.ToString());
        }

        [Fact]
        public void ToStringNeverShowsAPassword()
        {
            var offenders = Samples().Select(s => s.Sample)
                .Select(o => (Type: o.GetType().Name, Text: o.ToString() ?? ""))
                .Where(x => x.Text.Contains(Password, StringComparison.Ordinal) || x.Text.Contains("SecureString", StringComparison.OrdinalIgnoreCase))
                .Select(x => $"{x.Type}: '{x.Text}'");
            Offenders.None("ToString must not show a password", offenders);
        }

        [Fact]
        public void EveryOutputTypeDeclaresToString()
        {
            Offenders.None(
                "every output type needs its own ToString() override, so it reads well in a string",
                CmdletSurface.Instance.OutputTypes().Where(t => !t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                        .Any(m => m.Name == nameof(ToString) && m.GetParameters().Length == 0))
                    .Select(t => t.FullName!));
        }

        [Fact]
        public void EveryOutputTypeHasASample()
        {
            var sampled = new HashSet<string>(Samples().Select(s => s.Sample.GetType().FullName!), StringComparer.Ordinal);
            Offenders.None(
                "OutputToStringTests.Samples needs an instance of every [OutputType]",
                CmdletSurface.Instance.OutputTypes().Where(t => !sampled.Contains(t.FullName!)).Select(t => t.FullName!));
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
