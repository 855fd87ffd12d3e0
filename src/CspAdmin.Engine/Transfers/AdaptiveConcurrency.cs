using System;

namespace CspAdmin.Engine.Transfers
{
    /// <summary>
    /// How many batches to keep in flight for one tenant: one more after every clean batch, half as many after
    /// a throttled one (additive increase, multiplicative decrease), so a tenant runs near Graph's write limit
    /// without tripping it again and again. Retry-After itself is honoured by the batcher.
    /// </summary>
    public sealed class AdaptiveConcurrency
    {
        private readonly object _gate = new object();
        private readonly int _maximum;
        private int _current;

        public AdaptiveConcurrency(int initial, int maximum)
        {
            _maximum = Math.Max(1, maximum);
            _current = Math.Max(1, Math.Min(initial, _maximum));
        }

        public int Current
        {
            get
            {
                lock (_gate)
                {
                    return _current;
                }
            }
        }

        public void Report(bool throttled)
        {
            lock (_gate)
            {
                _current = throttled ? Math.Max(1, _current / 2) : Math.Min(_maximum, _current + 1);
            }
        }
    }
}
