using System;
using System.Threading;

namespace CspAdmin.Engine.Operations
{
    /// <summary>
    /// Where the HTTP pipeline sends its debug trace for the operation running on this async flow.
    /// Flows into every task the operation starts, so a cmdlet sees the trace of its own requests only.
    /// </summary>
    public sealed class OperationTrace
    {
        private static readonly AsyncLocal<OperationTrace?> CurrentTrace = new AsyncLocal<OperationTrace?>();
        private readonly Action<string> _debug;

        public OperationTrace(Action<string> debug, bool includeBodies)
        {
            _debug = debug;
            IncludeBodies = includeBodies;
        }

        public static OperationTrace? Current => CurrentTrace.Value;

        public bool IncludeBodies { get; }

        public void Debug(string message) => _debug(message);

        /// <summary>Makes <paramref name="trace"/> current until the returned scope is disposed.</summary>
        public static IDisposable Begin(OperationTrace? trace)
        {
            var previous = CurrentTrace.Value;
            CurrentTrace.Value = trace;
            return new Scope(previous);
        }

        private sealed class Scope : IDisposable
        {
            private readonly OperationTrace? _previous;

            public Scope(OperationTrace? previous) => _previous = previous;

            public void Dispose() => CurrentTrace.Value = _previous;
        }
    }
}
