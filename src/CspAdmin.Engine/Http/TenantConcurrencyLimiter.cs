using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Http
{
    /// <summary>
    /// Bounds the requests in flight per tenant, because Graph and Partner Center throttle per tenant:
    /// a fan-out over many customers runs wide, while no single tenant is flooded.
    /// </summary>
    public sealed class TenantConcurrencyLimiter
    {
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private readonly int _limit;

        public TenantConcurrencyLimiter(int limit)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit));
            }

            _limit = limit;
        }

        public async Task<IDisposable> EnterAsync(string tenantId, CancellationToken cancellationToken)
        {
            var gate = _gates.GetOrAdd(tenantId, _ => new SemaphoreSlim(_limit, _limit));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Release(gate);
        }

        private sealed class Release : IDisposable
        {
            private SemaphoreSlim? _gate;

            public Release(SemaphoreSlim gate) => _gate = gate;

            public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }
}
