using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;

namespace CspAdmin.Engine.Users
{
    /// <summary>
    /// Graph refuses a partner without the right GDAP role with a bare "Insufficient privileges"; these say
    /// which role the operation needs, as the partner portals do.
    /// </summary>
    public static class Gdap
    {
        public const string LicenseAdministrator = "License Administrator";
        public const string UserAdministrator = "User Administrator";

        public const string UserRead = "Directory Readers (or any GDAP role)";
        public const string LicenseWrite = LicenseAdministrator + " (or " + UserAdministrator + ")";
        public const string UserWrite = UserAdministrator;

        /// <summary>
        /// An assignLicense that changes nothing: it fails exactly as a real change would for want of a GDAP
        /// role, so seats are not bought for changes that would be refused.
        /// </summary>
        public static async Task ProbeLicenseWriteAsync(CspConnection connection, string customerId, string userId, CancellationToken cancellationToken)
        {
            try
            {
                await connection.Graph.AssignLicenseAsync(customerId, userId, new GraphLicenseChange(), cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                throw Explain(ex, customerId, LicenseWrite);
            }
        }

        /// <summary>A 403 becomes CustomerRoleMissing naming <paramref name="role"/>; other errors pass through.</summary>
        public static CspException Explain(CspException error, string customerId, string role)
        {
            if (error.StatusCode != 403)
            {
                return error;
            }

            var explained = error.WithTarget(customerId, "CustomerRoleMissing",
                $"The partner's GDAP access to customer {customerId} lacks the {role} role this needs. Nothing was changed. ({error.Message})");
            explained.RecommendedAction = $"Assign {role} to the partner's security group in the customer's GDAP relationship, then try again.";
            return explained;
        }
    }
}
