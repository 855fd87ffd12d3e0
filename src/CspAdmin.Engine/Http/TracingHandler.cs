using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Writes each attempt to the current operation's debug stream (method, URL, status, time, request
    /// ids, and bodies when asked), with Authorization headers and secret fields redacted.
    /// </summary>
    public sealed class TracingHandler : DelegatingHandler
    {
        private const int MaxBodyChars = 4000;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var trace = OperationTrace.Current;
            if (trace == null)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var text = new StringBuilder();
            text.Append("HTTP ").Append(request.Method).Append(' ').Append(Redactor.Redact(request.RequestUri?.ToString()));
            foreach (var header in request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                text.Append("\n  ").Append(header.Key).Append(": ").Append(Redactor.Redact(string.Join(",", header.Value)));
            }

            if (request.Headers.Authorization != null)
            {
                text.Append("\n  Authorization: ").Append(request.Headers.Authorization.Scheme).Append(' ').Append(Redactor.Mask);
            }

            if (trace.IncludeBodies && request.Content != null)
            {
                text.Append("\n  ").Append(Truncate(Redactor.Redact(await request.Content.ReadAsStringAsync().ConfigureAwait(false))));
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                text.Append("\n  -> ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase)
                    .Append(" in ").Append(watch.ElapsedMilliseconds).Append(" ms");
                foreach (var header in response.Headers.Where(h => IsWorthTracing(h.Key)))
                {
                    text.Append("\n  ").Append(header.Key).Append(": ").Append(string.Join(",", header.Value));
                }

                if (trace.IncludeBodies && response.Content != null)
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    text.Append("\n  ").Append(Truncate(Redactor.Redact(await response.Content.ReadAsStringAsync().ConfigureAwait(false))));
                }

                return response;
            }
            catch (Exception ex)
            {
                text.Append("\n  -> ").Append(ex.GetType().Name).Append(" after ").Append(watch.ElapsedMilliseconds).Append(" ms: ").Append(Redactor.Redact(ex.Message));
                throw;
            }
            finally
            {
                trace.Debug(text.ToString());
            }
        }

        private static bool IsWorthTracing(string header) =>
            header.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
            || header.Equals("request-id", StringComparison.OrdinalIgnoreCase)
            || header.Equals("client-request-id", StringComparison.OrdinalIgnoreCase)
            || header.StartsWith("MS-", StringComparison.OrdinalIgnoreCase)
            || header.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase);

        private static string Truncate(string text) => text.Length <= MaxBodyChars ? text : text.Substring(0, MaxBodyChars) + "…";
    }
}
