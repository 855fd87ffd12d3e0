using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Auth
{
    /// <summary>The errors of a failed token request, worded for the tenant it was for.</summary>
    internal static class SignInErrors
    {
        public static CspException Failed(CspService service, string tenantId, string? serviceCode, string? description)
        {
            // The first line of an AADSTS description says what is wrong; the rest is trace noise.
            var reason = (description ?? serviceCode ?? "unknown error").Split('\n')[0].Trim();
            var isCustomerTenant = service == CspService.Graph;
            var message = isCustomerTenant
                ? $"Could not get a Microsoft Graph token for customer tenant {tenantId}: {reason}"
                : $"Could not sign in to Partner Center for partner tenant {tenantId}: {reason}";
            return new CspException(isCustomerTenant ? "CustomerAccessDenied" : "ConnectionSignInFailed", CspErrorCategory.AuthenticationError, message, tenantId)
            {
                ServiceCode = serviceCode,
                RecommendedAction = isCustomerTenant
                    ? "Check that the partner has an active GDAP relationship with this customer (Test-CspGdapAccess) and that the application is consented."
                    : "Check the profile's application id and its secret, certificate or refresh token (Get-CspProfile), then run Connect-CspService again.",
            };
        }
    }
}
