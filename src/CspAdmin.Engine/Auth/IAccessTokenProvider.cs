using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Auth
{
    /// <summary>Gives the bearer token for a service in a tenant (Graph: the customer tenant; Partner Center: the partner tenant).</summary>
    public interface IAccessTokenProvider
    {
        Task<string> GetTokenAsync(CspService service, string tenantId, bool forceRefresh, CancellationToken cancellationToken);
    }
}
