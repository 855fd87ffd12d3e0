using System.Threading;

namespace CspAdmin.Emulator
{
    /// <summary>What the emulator has seen and done, per service. Thread-safe; <see cref="Reset"/> starts over.</summary>
    public sealed class EmulatorCounters
    {
        public ServiceCounters Graph { get; } = new ServiceCounters("graph");
        public ServiceCounters PartnerCenter { get; } = new ServiceCounters("partnercenter");
        public ServiceCounters Login { get; } = new ServiceCounters("login");
        /// <summary>Requests to no known service prefix.</summary>
        public ServiceCounters Other { get; } = new ServiceCounters("other");

        public long Requests => Graph.Requests + PartnerCenter.Requests + Login.Requests + Other.Requests;
        public long Throttled => Graph.Throttled + PartnerCenter.Throttled + Login.Throttled + Other.Throttled;
        public long FaultsInjected => Graph.FaultsInjected + PartnerCenter.FaultsInjected + Login.FaultsInjected + Other.FaultsInjected;

        public void Reset()
        {
            Graph.Reset();
            PartnerCenter.Reset();
            Login.Reset();
            Other.Reset();
        }

        public override string ToString() => $"requests={Requests} throttled={Throttled} faults={FaultsInjected}";
    }

    public sealed class ServiceCounters
    {
        private long _requests;
        private long _throttled;
        private long _faults;
        private long _slow;

        internal ServiceCounters(string service) => Service = service;

        public string Service { get; }
        public long Requests => Interlocked.Read(ref _requests);
        /// <summary>429 responses sent.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);
        /// <summary>Injected 503s and dropped connections.</summary>
        public long FaultsInjected => Interlocked.Read(ref _faults);
        /// <summary>Requests delayed by <see cref="EmulatorOptions.SlowResponseRate"/> (not counted as faults).</summary>
        public long SlowResponses => Interlocked.Read(ref _slow);

        internal void CountRequest() => Interlocked.Increment(ref _requests);
        internal void CountThrottled() => Interlocked.Increment(ref _throttled);
        internal void CountFault() => Interlocked.Increment(ref _faults);
        internal void CountSlow() => Interlocked.Increment(ref _slow);

        public void Reset()
        {
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _throttled, 0);
            Interlocked.Exchange(ref _faults, 0);
            Interlocked.Exchange(ref _slow, 0);
        }

        public override string ToString() => $"{Service}: requests={Requests} throttled={Throttled} faults={FaultsInjected}";
    }
}
