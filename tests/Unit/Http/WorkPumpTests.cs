using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Operations;
using Xunit;

namespace CspAdmin.Tests.Http
{
    public sealed class WorkPumpTests
    {
        [Fact]
        public void RunsBoundedAndDeliversEverythingOnTheConsumer()
        {
            var pump = new WorkPump(3, CancellationToken.None);
            var running = 0;
            var peak = 0;
            var events = new List<WorkEvent>();
            for (var i = 0; i < 20; i++)
            {
                var item = i;
                events.AddRange(pump.Start(item, async (sink, ct) =>
                {
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref peak, now);
                    await Task.Delay(5, ct);
                    Interlocked.Decrement(ref running);
                    sink.Output(item);
                    if (item % 7 == 0)
                    {
                        throw new InvalidOperationException("item " + item);
                    }
                }));
            }

            events.AddRange(pump.Complete());

            Assert.InRange(peak, 1, 3);
            Assert.Equal(Enumerable.Range(0, 20), events.Where(e => e.Kind == WorkEventKind.Output).Select(e => (int)e.Payload!).OrderBy(x => x));
            Assert.Equal(new object[] { 0, 7, 14 }, events.Where(e => e.Kind == WorkEventKind.Error).Select(e => e.Target!).OrderBy(x => (int)x!));
        }

        [Fact]
        public void CancellationStopsTheWait()
        {
            using var cancellation = new CancellationTokenSource();
            var pump = new WorkPump(1, cancellation.Token);
            foreach (var _ in pump.Start(null, (sink, ct) => Task.Delay(Timeout.Infinite, ct)))
            {
            }

            cancellation.CancelAfter(50);

            Assert.ThrowsAny<OperationCanceledException>(() => pump.Complete().ToList());
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
