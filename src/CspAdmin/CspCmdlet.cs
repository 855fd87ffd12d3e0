using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Operations;

namespace CspAdmin
{
    /// <summary>
    /// The one base class of CspAdmin cmdlets: the session's connections, cancellation (Ctrl+C cancels the
    /// HTTP calls), engine errors turned into ErrorRecords, and output from concurrent work written on the
    /// pipeline thread.
    /// </summary>
    public abstract class CspCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private WorkPump? _pump;

        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>The connections of this runspace, so parallel runspaces (ThreadJob, runbooks) do not share sessions.</summary>
        protected CspContext Context => SessionContexts.Current ?? throw new PSInvalidOperationException("CspAdmin cmdlets run in a PowerShell runspace.");

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Ends the command when nothing is connected: every item would fail the same way.</summary>
        protected void RequireConnection()
        {
            if (Context.Connections.Count == 0)
            {
                ThrowTerminatingError(ToErrorRecord(CspContext.NotConnected(), null));
            }
        }

        /// <summary>The trimmed tenant id, or null after writing a CustomerIdInvalid error for this item.</summary>
        protected string? ValidCustomerId(string? raw)
        {
            var customerId = raw?.Trim() ?? "";
            if (Guid.TryParse(customerId, out _))
            {
                return customerId;
            }

            WriteError(ToErrorRecord(new CspException("CustomerIdInvalid", CspErrorCategory.InvalidArgument,
                $"'{raw}' is not a customer tenant id (a GUID such as 0c39d6d5-c70d-4c55-bc02-f620844f3fd1).", raw)
            {
                RecommendedAction = "Pipe customers from Get-CspCustomer, or pass their CustomerId.",
            }, raw));
            return null;
        }

        /// <summary>Runs engine work synchronously on the pipeline thread; engine errors end the command.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            try
            {
                using (OperationTrace.Begin(new OperationTrace(_ => { }, includeBodies: false)))
                {
                    return work(CancellationToken).GetAwaiter().GetResult();
                }
            }
            catch (CspException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
                throw; // not reached: ThrowTerminatingError always throws
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Runs a synchronous engine call; an engine error ends the command.</summary>
        protected T Run<T>(Func<T> work) => Run(_ => Task.FromResult(work()));

        /// <summary>Runs a synchronous engine call; an engine error ends the command.</summary>
        protected void Run(Action work) => Run(() =>
        {
            work();
            return true;
        });

        /// <summary>Runs a synchronous engine call for one input item; an engine error is that item's non-terminating error.</summary>
        protected bool TryRun(Action work, object? target)
        {
            try
            {
                work();
                return true;
            }
            catch (CspException ex)
            {
                WriteError(ToErrorRecord(ex, target));
                return false;
            }
        }

        /// <summary>
        /// Starts <paramref name="work"/> for one input item alongside others, writing whatever the running
        /// items produced meanwhile. A failure becomes a non-terminating error for that item.
        /// </summary>
        protected void StartWork(object? target, Func<WorkSink, CancellationToken, Task> work)
        {
            _pump = _pump ?? new WorkPump(FanOut.CustomersInFlight, CancellationToken, traceBodies: IsDebugging);
            try
            {
                foreach (var workEvent in _pump.Start(target, work))
                {
                    Write(workEvent);
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch
            {
                // Writing ended the command (-ErrorAction Stop, a closed pipeline): stop the work still running too.
                _cancellation.Cancel();
                throw;
            }
        }

        /// <summary>Waits for all started work, writing its output as it arrives. Call from EndProcessing.</summary>
        protected void CompleteWork()
        {
            if (_pump == null)
            {
                return;
            }

            try
            {
                foreach (var workEvent in _pump.Complete())
                {
                    Write(workEvent);
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch
            {
                _cancellation.Cancel();
                throw;
            }
        }

        protected override void EndProcessing() => CompleteWork();

        protected ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            if (exception is CspException csp)
            {
                var category = Enum.TryParse<ErrorCategory>(csp.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
                var record = new ErrorRecord(csp, csp.ErrorId, category, csp.Target ?? target);
                if (csp.RecommendedAction != null)
                {
                    record.ErrorDetails = new ErrorDetails(csp.Message) { RecommendedAction = csp.RecommendedAction };
                }

                return record;
            }

            return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }

        private bool IsDebugging =>
            MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter on && on.IsPresent;

        private void Write(WorkEvent workEvent)
        {
            switch (workEvent.Kind)
            {
                case WorkEventKind.Output: WriteObject(workEvent.Payload); break;
                case WorkEventKind.Error: WriteError(ToErrorRecord((Exception)workEvent.Payload!, workEvent.Target)); break;
                case WorkEventKind.Warning: WriteWarning((string)workEvent.Payload!); break;
                case WorkEventKind.Verbose: WriteVerbose((string)workEvent.Payload!); break;
                case WorkEventKind.Debug: WriteDebug((string)workEvent.Payload!); break;
                case WorkEventKind.Progress:
                    var progress = (OperationProgress)workEvent.Payload!;
                    WriteProgress(new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
                    {
                        PercentComplete = progress.PercentComplete,
                        SecondsRemaining = progress.Remaining.HasValue ? (int)progress.Remaining.Value.TotalSeconds : -1,
                        RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                    });
                    break;
            }
        }
    }
}
