using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace CspAdmin.Emulator.Server
{
    /// <summary>
    /// Relays every HTTP request to the emulator's handler and the answer back; an injected dropped connection aborts the
    /// connection. Saves the state after each request that changed it.
    /// </summary>
    internal sealed class EmulatorForwarder
    {
        private readonly EmulatedCloud _cloud;
        private readonly HttpMessageInvoker _invoker;
        private readonly string? _statePath;
        private readonly object _saveGate = new object();
        private long _savedChangeCount;

        public EmulatorForwarder(EmulatedCloud cloud, string? statePath)
        {
            _cloud = cloud;
            _statePath = statePath;
            _invoker = new HttpMessageInvoker(cloud.CreateHandler());
            _savedChangeCount = cloud.ChangeCount;
        }

        public async Task HandleAsync(HttpContext context)
        {
            using var request = await ToRequestMessageAsync(context.Request);
            HttpResponseMessage response;
            try
            {
                response = await _invoker.SendAsync(request, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
                context.Abort(); // the emulator dropped the connection
                return;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var header in response.Headers.Concat(response.Content.Headers))
                {
                    if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Headers[header.Key] = header.Value.ToArray();
                    }
                }

                await response.Content.CopyToAsync(context.Response.Body);
            }

            SaveIfChanged();
        }

        public void SaveIfChanged(bool force = false)
        {
            if (_statePath == null)
            {
                return;
            }

            lock (_saveGate)
            {
                var changes = _cloud.ChangeCount;
                if (force || changes != _savedChangeCount)
                {
                    _cloud.Save(_statePath);
                    _savedChangeCount = changes;
                }
            }
        }

        private static async Task<HttpRequestMessage> ToRequestMessageAsync(HttpRequest request)
        {
            var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.GetEncodedUrl()));
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0 || request.ContentType != null)
            {
                message.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var header in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                {
                    message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
                }
            }

            return message;
        }
    }
}
