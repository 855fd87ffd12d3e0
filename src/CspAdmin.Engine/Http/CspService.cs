using System.Net.Http;

namespace CspAdmin.Engine.Http
{
    public enum CspService
    {
        Graph,
        PartnerCenter,
    }

    /// <summary>
    /// Which service and tenant a request is for. Attached to each request so the handlers can pick the
    /// token (Graph tokens are per customer tenant), the concurrency bucket and the error shape.
    /// </summary>
    public sealed class RequestTarget
    {
        private const string PropertyKey = "CspAdmin.RequestTarget";

        public RequestTarget(CspService service, string tenantId, bool repeatable = false)
        {
            Service = service;
            TenantId = tenantId;
            Repeatable = repeatable;
        }

        public CspService Service { get; }
        public string TenantId { get; }
        /// <summary>Safe to send again when its outcome is unknown, whatever the method (a $batch of reads, say).</summary>
        public bool Repeatable { get; }

        public void AttachTo(HttpRequestMessage request) => request.Properties[PropertyKey] = this;

        public static RequestTarget? Of(HttpRequestMessage request) =>
            request.Properties.TryGetValue(PropertyKey, out var value) ? value as RequestTarget : null;
    }
}
