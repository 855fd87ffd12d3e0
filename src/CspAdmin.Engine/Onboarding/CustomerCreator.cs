using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.PartnerCenter;
using CspAdmin.Engine.Users;

namespace CspAdmin.Engine.Onboarding
{
    /// <summary>What New-CspCustomer asks for: the company, its initial domain, and the billing contact and address Partner Center requires.</summary>
    public sealed class NewCustomerRequest
    {
        public string CompanyName { get; set; } = "";
        /// <summary>The part before .onmicrosoft.com of the tenant's initial domain.</summary>
        public string DomainPrefix { get; set; } = "";
        public string Email { get; set; } = "";
        public string Culture { get; set; } = "en-US";
        public string Language { get; set; } = "en";
        public PcAddress Address { get; set; } = new PcAddress();
        /// <summary>An indirect reseller of the profile (name, tenant id or MPN id) the customer is sold through.</summary>
        public string? Reseller { get; set; }
    }

    /// <summary>Creates customer tenants: checks the domain is free first, journals the creation, returns the admin password once.</summary>
    public static class CustomerCreator
    {
        private static readonly Regex ValidPrefix = new Regex("^[a-zA-Z0-9]{1,27}$", RegexOptions.CultureInvariant);

        /// <summary>The initial domain for a prefix, or an error explaining what a prefix may hold.</summary>
        public static string InitialDomain(string prefix)
        {
            var trimmed = prefix.Trim();
            if (trimmed.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed.Substring(0, trimmed.Length - ".onmicrosoft.com".Length);
            }

            if (!ValidPrefix.IsMatch(trimmed))
            {
                throw new CspException("CustomerDomainPrefixInvalid", CspErrorCategory.InvalidArgument,
                    $"'{prefix}' cannot be a domain prefix: use 1 to 27 letters and digits (it becomes <prefix>.onmicrosoft.com).", prefix);
            }

            return trimmed.ToLowerInvariant() + ".onmicrosoft.com";
        }

        public static async Task<NewCustomerResult> CreateAsync(CspContext context, CspConnection connection, NewCustomerRequest request,
            CancellationToken cancellationToken)
        {
            var domain = InitialDomain(request.DomainPrefix);
            var countries = connection.Profile.Countries;
            if (countries.Count > 0 && !countries.Contains(request.Address.Country ?? "", StringComparer.OrdinalIgnoreCase))
            {
                throw new CspException("CustomerCountryNotInRegion", CspErrorCategory.InvalidArgument,
                    $"Profile '{connection.Name}' sells into {string.Join(", ", countries)}, not {request.Address.Country}. Nothing was created.", request.Address.Country)
                {
                    RecommendedAction = "Create the customer through the profile of the region that serves its country (-Profile).",
                };
            }

            var reseller = request.Reseller == null ? null
                : connection.Profile.FindReseller(request.Reseller) ?? throw RelationshipRequests.UnknownReseller(connection.Profile, request.Reseller);
            if (await connection.PartnerCenter.DomainExistsAsync(domain, cancellationToken).ConfigureAwait(false))
            {
                throw new CspException("CustomerDomainTaken", CspErrorCategory.ResourceExists,
                    $"The domain {domain} is already taken by another Microsoft tenant. Nothing was created.", domain)
                {
                    RecommendedAction = "Choose another -DomainPrefix. If the company already has a tenant, onboard it with New-CspRelationshipRequest instead.",
                };
            }

            var journal = context.Journal;
            var entry = journal.Begin("CustomerCreated", connection.Name, "", domain, null,
                new { request.CompanyName, Domain = domain, ResellerId = reseller?.TenantId, request.Address.Country });
            PcCustomer created;
            try
            {
                created = await connection.PartnerCenter.CreateCustomerAsync(new PcCustomer
                {
                    CompanyProfile = new PcCompanyProfile { Domain = domain },
                    BillingProfile = new PcBillingProfile
                    {
                        CompanyName = request.CompanyName.Trim(),
                        Email = request.Email.Trim(),
                        Culture = request.Culture,
                        Language = request.Language,
                        DefaultAddress = request.Address,
                    },
                    AssociatedPartnerId = reseller?.TenantId,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                journal.Failed(entry, ex);
                throw;
            }

            var customer = CustomerReader.ToModel(created, connection.Name);
            context.Remember(connection, customer);
            entry.CustomerId = customer.CustomerId; // known only now; Get-CspActivity -CustomerId finds the creation by it
            journal.Succeeded(entry, new { customer.CustomerId, customer.DefaultDomain });
            var credentials = created.UserCredentials;
            return new NewCustomerResult
            {
                CustomerId = customer.CustomerId,
                CompanyName = customer.CompanyName,
                DefaultDomain = customer.DefaultDomain,
                Relationship = customer.Relationship,
                ResellerId = customer.ResellerId,
                AdminUserPrincipalName = AdminPrincipalName(credentials?.UserName, customer.DefaultDomain),
                AdminPassword = credentials?.Password == null ? null : Passwords.ToSecureString(credentials.Password),
                Profile = connection.Name,
            };
        }

        /// <summary>Partner Center gives the admin's bare user name ("admin"); the sign-in name adds the initial domain.</summary>
        private static string AdminPrincipalName(string? userName, string domain) =>
            string.IsNullOrEmpty(userName) ? "" : userName!.Contains("@") ? userName : userName + "@" + domain;
    }
}
