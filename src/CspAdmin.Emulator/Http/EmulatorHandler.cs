using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator.Faults;

namespace CspAdmin.Emulator.Http
{
    /// <summary>
    /// The emulated cloud as an HttpMessageHandler: picks the service by path prefix, applies latency and injected faults
    /// (before any processing), lets the service answer and records counters. Thread-safe; all state lives in the cloud.
    /// </summary>
    internal sealed class EmulatorHandler : HttpMessageHandler
    {
        private readonly EmulatedCloud _cloud;

        public EmulatorHandler(EmulatedCloud cloud) => _cloud = cloud;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            var request = await EmulatorRequest.ReadAsync(message, cancellationToken).ConfigureAwait(false);
            request.RequestId = _cloud.NewRequestId();
            var service = _cloud.Services.Resolve(request, out var path);
            service.Counters.CountRequest();

            var options = _cloud.Options;
            var plan = _cloud.Faults.Decide();
            var delay = options.Latency;
            if (plan.Slow)
            {
                service.Counters.CountSlow();
                delay += options.SlowResponseDelay;
            }

            delay = options.Scale(delay);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (plan.Drop)
            {
                service.Counters.CountFault();
                throw new HttpRequestException("An error occurred while sending the request.",
                    new IOException("Unable to read data from the transport connection: Connection reset by peer."));
            }

            var response = Answer(options, service, request, path, plan);
            service.Decorate(request, response);
            return response.ToHttpResponseMessage(message);
        }

        /// <summary>
        /// The service's answer once latency and dropped connections are dealt with: an injected 503, or the service's own
        /// response (counting 429s). JSON batch items go through here too, so they meet the same faults as top-level calls.
        /// </summary>
        internal static EmulatorResponse Answer(EmulatorOptions options, IEmulatedService service, EmulatorRequest request, string[] path, FaultPlan plan)
        {
            if (plan.ServerError)
            {
                service.Counters.CountFault();
                return service.Unavailable(request, plan.RetryAfter.HasValue ? options.Scale(plan.RetryAfter.Value) : (TimeSpan?)null);
            }

            var response = service.Handle(request, path);
            if (response.Status == 429)
            {
                service.Counters.CountThrottled();
            }

            return response;
        }
    }
}
