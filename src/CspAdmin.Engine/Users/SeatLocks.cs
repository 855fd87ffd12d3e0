using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Users
{
    /// <summary>
    /// One lock per customer tenant for the whole process: a seat check and the change that uses the seat
    /// happen under it, so concurrent commands (or pipeline items) cannot both take the last free seat.
    /// </summary>
    public static class SeatLocks
    {
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);

        public static async Task<IDisposable> EnterAsync(string customerId, CancellationToken cancellationToken)
        {
            var gate = Locks.GetOrAdd(customerId, _ => new SemaphoreSlim(1, 1));
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
