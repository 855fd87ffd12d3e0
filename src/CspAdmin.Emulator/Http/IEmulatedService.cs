using System;

namespace CspAdmin.Emulator.Http
{
    /// <summary>One emulated service behind a path prefix (login, graph/v1.0, partnercenter/v1).</summary>
    internal interface IEmulatedService
    {
        ServiceCounters Counters { get; }

        /// <summary>Answers a request; <paramref name="path"/> are the decoded segments after the service prefix.</summary>
        EmulatorResponse Handle(EmulatorRequest request, string[] path);

        /// <summary>An injected 503 in the service's own error shape.</summary>
        EmulatorResponse Unavailable(EmulatorRequest request, TimeSpan? retryAfter);

        /// <summary>Headers every response of the service carries (request ids).</summary>
        void Decorate(EmulatorRequest request, EmulatorResponse response);
    }
}
