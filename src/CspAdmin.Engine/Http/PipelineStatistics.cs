using System.Threading;

namespace CspAdmin.Engine.Http
{
    /// <summary>Counts what a connection sent, for summaries and benchmarks.</summary>
    public sealed class PipelineStatistics
    {
        private long _requests;
        private long _throttled;
        private long _retries;

        /// <summary>Every attempt that went out, retries included.</summary>
        public long Requests => Interlocked.Read(ref _requests);
        /// <summary>429 answers received.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);
        public long Retries => Interlocked.Read(ref _retries);

        internal void CountRequest() => Interlocked.Increment(ref _requests);
        internal void CountThrottled() => Interlocked.Increment(ref _throttled);
        internal void CountRetry() => Interlocked.Increment(ref _retries);
    }
}
