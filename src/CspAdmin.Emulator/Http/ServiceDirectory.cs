using System;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Graph;
using CspAdmin.Emulator.PartnerCenter;

namespace CspAdmin.Emulator.Http
{
    /// <summary>
    /// Routes by path prefix, whatever the host: login/… (and {tenant}/oauth2/… at the root), emulator/managedidentity/…,
    /// graph/v1.0/…, partnercenter/v1/….
    /// </summary>
    internal sealed class ServiceDirectory
    {
        private readonly IEmulatedService _login;
        private readonly IEmulatedService _managedIdentity;
        private readonly IEmulatedService _graph;
        private readonly IEmulatedService _partnerCenter;
        private readonly IEmulatedService _unknown;

        public ServiceDirectory(EmulatedCloud cloud)
        {
            _login = new LoginService(cloud);
            _managedIdentity = new ManagedIdentityService(cloud);
            _graph = new GraphService(cloud);
            _partnerCenter = new PartnerCenterService(cloud);
            _unknown = new UnknownService(cloud);
        }

        public IEmulatedService Resolve(EmulatorRequest request, out string[] path)
        {
            var segments = request.Segments;
            // Entra's layout ({tenant}/oauth2/...) at the root, where MSAL and Azure.Identity expect it; also under login/.
            if (segments.Length >= 2 && Is(segments[1], "oauth2"))
            {
                path = segments;
                return _login;
            }

            if (segments.Length >= 2 && Is(segments[0], "emulator") && Is(segments[1], "managedidentity"))
            {
                path = request.SegmentsAfter(2);
                return _managedIdentity;
            }

            if (segments.Length >= 1 && Is(segments[0], "login"))
            {
                path = request.SegmentsAfter(1);
                return _login;
            }

            if (segments.Length >= 2 && Is(segments[0], "graph") && Is(segments[1], "v1.0"))
            {
                path = request.SegmentsAfter(2);
                return _graph;
            }

            if (segments.Length >= 2 && Is(segments[0], "partnercenter") && Is(segments[1], "v1"))
            {
                path = request.SegmentsAfter(2);
                return _partnerCenter;
            }

            path = segments;
            return _unknown;
        }

        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>Anything outside the three services: 404 with a Graph-like error body.</summary>
        private sealed class UnknownService : IEmulatedService
        {
            private readonly EmulatedCloud _cloud;

            public UnknownService(EmulatedCloud cloud) => _cloud = cloud;

            public ServiceCounters Counters => _cloud.Counters.Other;

            public EmulatorResponse Handle(EmulatorRequest request, string[] path) =>
                GraphErrors.Error(request, _cloud.Now, 404, "NotFound",
                    $"No emulated service at '{request.Uri.AbsolutePath}'. Use login/, emulator/managedidentity/, graph/v1.0/ or partnercenter/v1/.");

            public EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter) =>
                GraphErrors.Error(request, _cloud.Now, 503, "serviceNotAvailable", "The service is temporarily unavailable.");

            public void Decorate(EmulatorRequest request, EmulatorResponse response) => response.WithHeader("request-id", request.RequestId);
        }
    }
}
