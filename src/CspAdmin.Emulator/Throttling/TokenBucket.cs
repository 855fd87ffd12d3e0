using System;

namespace CspAdmin.Emulator.Throttling
{
    /// <summary>
    /// A token bucket on the emulator clock: <c>capacity</c> units that refill evenly over <c>window</c>.
    /// Not thread-safe; the owning throttle locks.
    /// </summary>
    internal sealed class TokenBucket
    {
        private double _tokens;
        private DateTimeOffset _last;
        private double _capacity;
        private TimeSpan _window;

        public TokenBucket(double capacity, TimeSpan window, DateTimeOffset now)
        {
            _capacity = capacity;
            _window = window;
            _tokens = capacity;
            _last = now;
        }

        /// <summary>Limits can change at run time (options, tenant size): keep what has been used, change the rest.</summary>
        public void Configure(double capacity, TimeSpan window)
        {
            if (capacity != _capacity)
            {
                _tokens = Math.Max(0, capacity - (_capacity - _tokens));
                _capacity = capacity;
            }

            _window = window;
        }

        /// <summary>Null when <paramref name="cost"/> fits now; otherwise how long until it will.</summary>
        public TimeSpan? WaitFor(double cost, DateTimeOffset now)
        {
            Refill(now);
            var needed = Math.Min(cost, _capacity) - _tokens;
            if (needed <= 0)
            {
                return null;
            }

            var seconds = needed * Math.Max(_window.TotalSeconds, 0.000001) / _capacity;
            return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)));
        }

        public void Take(double cost) => _tokens -= cost;

        /// <summary>Share of the limit in use, 0..1 (for x-ms-throttle-limit-percentage).</summary>
        public double UsedFraction => _capacity <= 0 ? 1 : (_capacity - _tokens) / _capacity;

        private void Refill(DateTimeOffset now)
        {
            var elapsed = (now - _last).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_capacity, _tokens + elapsed * _capacity / Math.Max(_window.TotalSeconds, 0.000001));
                _last = now;
            }
        }
    }
}
