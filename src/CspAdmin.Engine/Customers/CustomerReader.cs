using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.PartnerCenter;

namespace CspAdmin.Engine.Customers
{
    /// <summary>What Get-CspCustomer asks for; at most one of the criteria is set.</summary>
    public sealed class CustomerQuery
    {
        /// <summary>Company name, with wildcards.</summary>
        public string? Name { get; set; }
        /// <summary>The exact default domain (e.g. contoso.onmicrosoft.com).</summary>
        public string? Domain { get; set; }
        public string? CustomerId { get; set; }
    }

    /// <summary>Reads customers through one connection and remembers which profile serves them.</summary>
    public static class CustomerReader
    {
        public static async IAsyncEnumerable<Customer> ReadAsync(CspContext context, CspConnection connection, CustomerQuery query,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(query.CustomerId))
            {
                var single = ToModel(await connection.PartnerCenter.GetCustomerAsync(query.CustomerId!, cancellationToken).ConfigureAwait(false), connection.Name);
                context.Remember(connection, single);
                yield return single;
                yield break;
            }

            // Partner Center filters customers by prefix only; the exact match and wildcards are ours.
            PcCustomerFilter? filter = null;
            Func<Customer, bool> matches = _ => true;
            if (!string.IsNullOrEmpty(query.Domain))
            {
                filter = new PcCustomerFilter("Domain", query.Domain!);
                matches = c => string.Equals(c.DefaultDomain, query.Domain, StringComparison.OrdinalIgnoreCase);
            }
            else if (!string.IsNullOrEmpty(query.Name))
            {
                var pattern = new Wildcard(query.Name!);
                var prefix = pattern.LiteralPrefix;
                filter = prefix.Length == 0 ? null : new PcCustomerFilter("CompanyName", prefix);
                matches = c => pattern.IsMatch(c.CompanyName);
            }

            await foreach (var item in connection.PartnerCenter.ListCustomersAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                var customer = ToModel(item, connection.Name);
                if (matches(customer))
                {
                    context.Remember(connection, customer);
                    yield return customer;
                }
            }
        }

        /// <summary>Streams the customers to a work sink as pages arrive.</summary>
        public static async Task Emit(CspContext context, CspConnection connection, CustomerQuery query, WorkSink sink, CancellationToken cancellationToken)
        {
            await foreach (var customer in ReadAsync(context, connection, query, cancellationToken).ConfigureAwait(false))
            {
                sink.Output(customer);
            }
        }

        public static Customer ToModel(PcCustomer customer, string profile)
        {
            var reseller = string.IsNullOrWhiteSpace(customer.AssociatedPartnerId) ? null : customer.AssociatedPartnerId;
            return new Customer
            {
                CustomerId = customer.Id ?? customer.CompanyProfile?.TenantId ?? "",
                CompanyName = customer.CompanyProfile?.CompanyName ?? "",
                DefaultDomain = customer.CompanyProfile?.Domain ?? "",
                Relationship = reseller == null ? CustomerRelationship.Direct : CustomerRelationship.IndirectReseller,
                ResellerId = reseller,
                Profile = profile,
            };
        }
    }
}
