using System;
using System.Threading;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>A TimeProvider that only moves when told to: token lifetimes, NCE windows and throttle windows without real waits.</summary>
    public sealed class ManualClock : TimeProvider
    {
        /// <summary>The instant every emulator test starts from.</summary>
        public static readonly DateTimeOffset Start = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

        private long _utcTicks;

        public ManualClock()
            : this(Start)
        {
        }

        public ManualClock(DateTimeOffset now) => _utcTicks = now.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
    }
}
