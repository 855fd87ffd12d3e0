using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Onboarding;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.PartnerCenter;
using CspAdmin.Engine.Users;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>
    /// No secret in anything we write: the full debug trace (request and response bodies, as -Debug shows them), the
    /// journal, and every object returned. The secrets are the partner's credentials, every bearer token sent, and
    /// every password the run created.
    /// </summary>
    public sealed class SecretLeakTests
    {
        [Fact]
        public async Task NoCredentialTokenOrPasswordReachesTheTraceTheJournalOrTheOutput()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 2, UsersPerCustomer = 3 });
            var trace = new List<string>();
            var outputs = new List<object>();
            var passwords = new List<string>();
            var customer = Expected.CustomersOf(session.Cloud, "eu")[0];
            var user = customer.Users[0];

            using (OperationTrace.Begin(new OperationTrace(line => { lock (trace) { trace.Add(line); } }, includeBodies: true)))
            {
                outputs.AddRange(await LicenseOverview.ReadAsync(session.Eu, customer.Id, CspAdmin.Engine.Licensing.ProductCatalog.Default, CancellationToken.None));
                var created = await UserWriter.CreateAsync(session.Eu, customer.Id, new NewUserRequest { UserPrincipalName = "leak.test@" + customer.DefaultDomain, DisplayName = "Leak Test" },
                    false, session.Journal, CspAdmin.Engine.Licensing.ProductCatalog.Default, _ => { }, CancellationToken.None);
                var reset = await UserWriter.ResetPasswordAsync(session.Eu, customer.Id, user.Id, null, true, null, session.Journal, CancellationToken.None);
                var tenant = await CustomerCreator.CreateAsync(session.Context, session.Eu, new NewCustomerRequest
                {
                    CompanyName = "Leak Check", DomainPrefix = "leakcheck", Email = "a@b.example",
                    Address = new PcAddress { FirstName = "A", LastName = "B", AddressLine1 = "1 Road", City = "Utrecht", PostalCode = "3511", Country = "NL" },
                }, CancellationToken.None);
                outputs.AddRange(new object[] { created, reset, tenant });
                outputs.Add(await RelationshipRequests.CreateAsync(session.Eu, null, true, _ => { }, CancellationToken.None));
                outputs.Add(await GdapAudit.AuditAsync(session.Eu, customer.Id, CancellationToken.None));
                passwords.AddRange(new[] { created.Password, reset.Password, tenant.AdminPassword }.Select(p => new System.Net.NetworkCredential("", p).Password));
            }

            var partner = session.Cloud.Partner("eu");
            var tokens = session.Recorder.Exchanges
                .Select(e => e.Headers.TryGetValue("Authorization", out var value) ? value.Substring("Bearer ".Length) : null)
                .Where(t => t != null).Distinct().ToList();
            var secrets = new[] { partner.ClientSecret, partner.RefreshToken }.Concat(tokens).Concat(passwords).ToList();
            var written = string.Join("\n", trace) + "\n" + File.ReadAllText(session.JournalPath) + "\n"
                + string.Join("\n", outputs.Select(o => o.ToString() + JsonSerializer.Serialize(o, o.GetType())));

            Assert.NotEmpty(tokens);
            Assert.Equal(3, passwords.Count(p => p.Length >= 8));
            Assert.Contains("POST", written); // the trace did record the writes, bodies included
            Assert.All(secrets, secret => Assert.DoesNotContain(secret!, written));
        }
    }
}
