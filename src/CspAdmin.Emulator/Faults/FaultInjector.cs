using System;

namespace CspAdmin.Emulator.Faults
{
    /// <summary>What goes wrong with one request, decided before any processing (so a fault never changes state).</summary>
    internal struct FaultPlan
    {
        public bool Drop;
        public bool ServerError;
        public bool Slow;
        /// <summary>Unscaled Retry-After for an injected 503, when it carries one.</summary>
        public TimeSpan? RetryAfter;
    }

    /// <summary>Seeded, thread-safe dice for <see cref="EmulatorOptions"/> fault rates.</summary>
    internal sealed class FaultInjector
    {
        private readonly EmulatorOptions _options;
        private readonly Random _random;
        private readonly object _gate = new object();

        public FaultInjector(EmulatorOptions options)
        {
            _options = options;
            _random = new Random(unchecked(options.Seed * 7919 + 17));
        }

        /// <summary>True with probability <paramref name="rate"/> (0..1), from the same seeded dice.</summary>
        public bool Roll(double rate)
        {
            if (rate <= 0)
            {
                return false;
            }

            if (rate >= 1)
            {
                return true;
            }

            lock (_gate)
            {
                return _random.NextDouble() < rate;
            }
        }

        public FaultPlan Decide()
        {
            var plan = default(FaultPlan);
            if (_options.DropConnectionRate <= 0 && _options.ServerErrorRate <= 0 && _options.SlowResponseRate <= 0)
            {
                return plan;
            }

            lock (_gate)
            {
                plan.Drop = _options.DropConnectionRate > 0 && _random.NextDouble() < _options.DropConnectionRate;
                plan.ServerError = !plan.Drop && _options.ServerErrorRate > 0 && _random.NextDouble() < _options.ServerErrorRate;
                plan.Slow = _options.SlowResponseRate > 0 && _random.NextDouble() < _options.SlowResponseRate;
                if (plan.ServerError && _random.NextDouble() < 0.5)
                {
                    // Half of the 503s say when to come back (1-3 s), the others leave it to the client's backoff.
                    plan.RetryAfter = TimeSpan.FromSeconds(1 + _random.Next(3));
                }
            }

            return plan;
        }
    }
}
