using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Operations
{
    /// <summary>
    /// Runs work items concurrently (a bounded number at a time) while one consumer thread — the
    /// PowerShell pipeline thread — receives their output, errors and messages as they happen.
    /// Workers never touch the host; they post to a <see cref="WorkSink"/>, and the consumer writes.
    /// Only the consumer calls Start, Complete and Ready.
    /// </summary>
    public sealed class WorkPump
    {
        private readonly BlockingCollection<WorkEvent> _events = new BlockingCollection<WorkEvent>();
        private readonly int _maxConcurrency;
        private readonly CancellationToken _cancellation;
        private readonly bool _traceBodies;
        private int _inFlight;

        public WorkPump(int maxConcurrency, CancellationToken cancellation, bool traceBodies = false)
        {
            _maxConcurrency = Math.Max(1, maxConcurrency);
            _cancellation = cancellation;
            _traceBodies = traceBodies;
        }

        /// <summary>Starts <paramref name="work"/> as soon as a slot is free, yielding the events that arrive meanwhile.</summary>
        public IEnumerable<WorkEvent> Start(object? target, Func<WorkSink, CancellationToken, Task> work)
        {
            while (_inFlight >= _maxConcurrency)
            {
                var next = Take();
                if (next != null)
                {
                    yield return next;
                }
            }

            _inFlight++;
            var sink = new WorkSink(this, target);
            Task.Run(async () =>
            {
                try
                {
                    using (OperationTrace.Begin(new OperationTrace(sink.Debug, _traceBodies)))
                    {
                        await work(sink, _cancellation).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && _cancellation.IsCancellationRequested))
                {
                    sink.Error(ex);
                }
                catch (OperationCanceledException)
                {
                    // Stopped by the user: nothing to report.
                }
                finally
                {
                    Post(new WorkEvent(WorkEventKind.Finished, null, target));
                }
            });
        }

        /// <summary>Yields events until every started work item has finished.</summary>
        public IEnumerable<WorkEvent> Complete()
        {
            while (_inFlight > 0)
            {
                var next = Take();
                if (next != null)
                {
                    yield return next;
                }
            }

            foreach (var ready in Ready())
            {
                yield return ready;
            }
        }

        /// <summary>Yields the events already waiting, without blocking.</summary>
        public IEnumerable<WorkEvent> Ready()
        {
            while (_events.TryTake(out var next))
            {
                if (next.Kind == WorkEventKind.Finished)
                {
                    _inFlight--;
                }
                else
                {
                    yield return next;
                }
            }
        }

        internal void Post(WorkEvent workEvent) => _events.Add(workEvent);

        private WorkEvent? Take()
        {
            var next = _events.Take(_cancellation);
            if (next.Kind == WorkEventKind.Finished)
            {
                _inFlight--;
                return null;
            }

            return next;
        }
    }

    public enum WorkEventKind
    {
        Output,
        Error,
        Warning,
        Verbose,
        Debug,
        Progress,
        Finished,
    }

    public sealed class WorkEvent
    {
        public WorkEvent(WorkEventKind kind, object? payload, object? target)
        {
            Kind = kind;
            Payload = payload;
            Target = target;
        }

        public WorkEventKind Kind { get; }
        /// <summary>The output object, the Exception, the message text, or the <see cref="OperationProgress"/>.</summary>
        public object? Payload { get; }
        /// <summary>The input item the work was for (used as the error's target).</summary>
        public object? Target { get; }
    }

    /// <summary>What a work item may report; safe to call from any thread.</summary>
    public sealed class WorkSink
    {
        private readonly WorkPump _pump;
        private readonly object? _target;

        internal WorkSink(WorkPump pump, object? target)
        {
            _pump = pump;
            _target = target;
        }

        public void Output(object item) => _pump.Post(new WorkEvent(WorkEventKind.Output, item, _target));

        public void Error(Exception error) => _pump.Post(new WorkEvent(WorkEventKind.Error, error, _target));

        public void Warning(string message) => _pump.Post(new WorkEvent(WorkEventKind.Warning, message, _target));

        public void Verbose(string message) => _pump.Post(new WorkEvent(WorkEventKind.Verbose, message, _target));

        public void Debug(string message) => _pump.Post(new WorkEvent(WorkEventKind.Debug, message, _target));

        public void Progress(OperationProgress progress) => _pump.Post(new WorkEvent(WorkEventKind.Progress, progress, _target));
    }

    /// <summary>A progress report, independent of PowerShell's ProgressRecord.</summary>
    public sealed class OperationProgress
    {
        public OperationProgress(int activityId, string activity, string status, int percentComplete = -1, bool completed = false)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            Completed = completed;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }
        /// <summary>0–100, or −1 when the total is unknown.</summary>
        public int PercentComplete { get; }
        public bool Completed { get; }
        public TimeSpan? Remaining { get; set; }
    }
}
