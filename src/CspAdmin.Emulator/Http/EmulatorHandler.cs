using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

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

            EmulatorResponse response;
            if (plan.ServerError)
            {
                service.Counters.CountFault();
                response = service.Unavailable(request, plan.RetryAfter.HasValue ? options.Scale(plan.RetryAfter.Value) : (TimeSpan?)null);
            }
            else
            {
                response = service.Handle(request, path);
                if (response.Status == 429)
                {
                    service.Counters.CountThrottled();
                }
            }

            service.Decorate(request, response);
            return response.ToHttpResponseMessage(message);
        }
    }
}
