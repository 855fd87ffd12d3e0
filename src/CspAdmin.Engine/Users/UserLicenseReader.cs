using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;

namespace CspAdmin.Engine.Users
{
    /// <summary>The licenses of one user, with the switched-off service plans by name.</summary>
    public static class UserLicenseReader
    {
        public static async Task<IReadOnlyList<UserLicense>> ReadAsync(CspConnection connection, string customerId, string userId, ProductCatalog catalog,
            CancellationToken cancellationToken)
        {
            var skus = TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken);
            var user = await UserReader.GetAsync(connection, customerId, UserReader.ValidUserId(userId), cancellationToken).ConfigureAwait(false);
            var tenant = await skus.ConfigureAwait(false);
            return user.AssignedLicenses.Where(l => l.SkuId != null).Select(license =>
            {
                var plans = tenant.Find(license.SkuId)?.ServicePlans ?? new List<Graph.GraphServicePlan>();
                return new UserLicense
                {
                    CustomerId = customerId,
                    UserId = user.Id ?? userId,
                    UserPrincipalName = user.UserPrincipalName ?? userId,
                    SkuId = license.SkuId!,
                    SkuPartNumber = tenant.PartNumber(license.SkuId!),
                    Product = tenant.ProductName(license.SkuId!),
                    DisabledPlans = license.DisabledPlans
                        .Select(id => plans.FirstOrDefault(p => string.Equals(p.ServicePlanId, id, System.StringComparison.OrdinalIgnoreCase))?.ServicePlanName ?? catalog.ServicePlanName(id) ?? id)
                        .ToArray(),
                    Profile = connection.Name,
                };
            }).ToList();
        }
    }
}
