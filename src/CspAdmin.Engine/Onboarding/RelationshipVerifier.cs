using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Onboarding
{
    /// <summary>
    /// The portals' "Verify Authorization": a customer has accepted once Partner Center lists it under its default
    /// domain for this partner. Partner Center only matches the default domain, so a miss says which of the two
    /// usual reasons applies.
    /// </summary>
    public static class RelationshipVerifier
    {
        public static async Task<RelationshipCheck> CheckAsync(CspContext context, IReadOnlyList<CspConnection> connections, string domain,
            CancellationToken cancellationToken)
        {
            domain = domain.Trim().TrimEnd('.');
            foreach (var connection in connections)
            {
                var query = new CustomerQuery { Domain = domain };
                var found = await CustomerReader.ReadAsync(context, connection, query, cancellationToken).ToListAsync().ConfigureAwait(false);
                if (found.Count > 0)
                {
                    var customer = await connection.PartnerCenter.GetCustomerAsync(found[0].CustomerId, cancellationToken).ConfigureAwait(false);
                    var relationship = customer.RelationshipToPartner ?? "reseller";
                    var canCheckout = !string.Equals(relationship, "none", StringComparison.OrdinalIgnoreCase);
                    return new RelationshipCheck
                    {
                        Domain = domain,
                        Accepted = true,
                        CanCheckout = canCheckout,
                        CustomerId = found[0].CustomerId,
                        CompanyName = found[0].CompanyName,
                        DefaultDomain = found[0].DefaultDomain,
                        RelationshipToPartner = relationship,
                        AllowDelegatedAccess = customer.AllowDelegatedAccess,
                        ResellerId = found[0].ResellerId,
                        Profile = connection.Name,
                        Message = canCheckout
                            ? $"{found[0].CompanyName} has accepted {connection.Name} as its {(found[0].ResellerId == null ? "" : "indirect ")}CSP; orders may be placed."
                            : $"{found[0].CompanyName} is known to {connection.Name}, but its relationship is '{relationship}'; it cannot be ordered for.",
                    };
                }
            }

            var first = connections[0];
            var exists = await first.PartnerCenter.DomainExistsAsync(domain, cancellationToken).ConfigureAwait(false);
            var partners = string.Join(", ", connections.Select(c => c.Name));
            return new RelationshipCheck
            {
                Domain = domain,
                Profile = first.Name,
                Message = exists
                    ? $"The tenant with domain {domain} has not accepted a relationship with {partners}, or {domain} is not its default domain. "
                        + "Ask the customer's global admin to open the link from New-CspRelationshipRequest, and check the domain marked Default under Settings > Domains in the customer's admin center."
                    : $"No Microsoft tenant has the domain {domain}. Check the spelling; a new customer is created with New-CspCustomer.",
            };
        }
    }
}
