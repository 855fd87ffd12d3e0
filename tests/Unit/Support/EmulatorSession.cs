using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Http;

namespace CspAdmin.Tests.Support
{
    /// <summary>
    /// An emulated cloud plus the real engine connected to it the way Connect-CspService -Emulator does,
    /// with every request recorded on its way to the emulator.
    /// </summary>
    public sealed class EmulatorSession : IDisposable
    {
        public EmulatorSession(EmulatorOptions? options = null, RetryPolicy? retryPolicy = null, bool includeOtherPartner = false,
            Func<HttpMessageHandler, DelegatingHandler>? interpose = null)
        {
            Cloud = EmulatedCloud.Create(options ?? new EmulatorOptions());
            // Between the engine and the emulator: a test's own handler (to cut a run off, say), then the recorder.
            Recorder = new RecordingHandler(Cloud.CreateHandler());
            HttpMessageHandler transport = interpose == null ? (HttpMessageHandler)Recorder : interpose(Recorder);
            Context = new CspContext();
            JournalPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cspadmin-test-" + Guid.NewGuid().ToString("N") + ".jsonl");
            Context.Journal = new CspAdmin.Engine.Journal.ChangeJournal(JournalPath, Cloud.Options.Clock);
            Policy = retryPolicy ?? FastRetries();
            foreach (var partner in Cloud.Partners.Where(p => includeOtherPartner || p.Name != EmulatorConnector.OtherPartner))
            {
                Context.Add(EmulatorConnector.Connect(EmulatorConnector.Account.From(partner), EmulatorConnector.InProcessAddress, transport, Cloud.Options.Clock, Policy));
            }
        }

        public EmulatedCloud Cloud { get; }
        /// <summary>A journal of this session's own, deleted with it.</summary>
        public string JournalPath { get; }
        public CspAdmin.Engine.Journal.ChangeJournal Journal => Context.Journal;
        public RecordingHandler Recorder { get; }
        public CspContext Context { get; }
        public RetryPolicy Policy { get; }

        public CspConnection Eu => Context.Get("emulator-eu");
        public CspConnection Us => Context.Get("emulator-us");

        /// <summary>Short backoffs: tests exercise the retry paths without waiting on real-world delays.</summary>
        public static RetryPolicy FastRetries() => new RetryPolicy
        {
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            MaxAttempts = 12,
        };

        public void Dispose()
        {
            Context.Dispose();
            System.IO.File.Delete(JournalPath);
        }
    }

    /// <summary>Passes requests through and keeps what was sent and answered.</summary>
    public sealed class RecordingHandler : DelegatingHandler
    {
        public RecordingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public ConcurrentQueue<Exchange> Exchanges { get; } = new ConcurrentQueue<Exchange>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                Exchanges.Enqueue(new Exchange(request.Method.Method, request.RequestUri!, headers, (int)response.StatusCode));
                return response;
            }
            catch (Exception)
            {
                Exchanges.Enqueue(new Exchange(request.Method.Method, request.RequestUri!, headers, 0));
                throw;
            }
        }

        public IReadOnlyList<Exchange> To(string pathPart) => Exchanges.Where(e => e.Uri.AbsolutePath.Contains(pathPart)).ToList();
    }

    public sealed class Exchange
    {
        public Exchange(string method, Uri uri, IReadOnlyDictionary<string, string> headers, int status)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Status = status;
        }

        public string Method { get; }
        public Uri Uri { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        /// <summary>0 when the connection dropped.</summary>
        public int Status { get; }
    }
}
