using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Graph
{
    /// <summary>What batches met: how many went out and how many inner requests were throttled.</summary>
    public sealed class BatchStatistics
    {
        private long _batches;
        private long _throttled;

        public long Batches => Interlocked.Read(ref _batches);
        public long Throttled => Interlocked.Read(ref _throttled);

        internal void CountBatch() => Interlocked.Increment(ref _batches);

        internal void CountThrottled() => Interlocked.Increment(ref _throttled);

        public void Add(BatchStatistics other)
        {
            Interlocked.Add(ref _batches, other.Batches);
            Interlocked.Add(ref _throttled, other.Throttled);
        }
    }

    /// <summary>
    /// Sends many Graph requests for one tenant as JSON batches of 20, resending the inner requests that
    /// were throttled or unavailable (after the longest Retry-After among them), and returns each final
    /// response by request id.
    /// </summary>
    public static class GraphBatcher
    {
        private const int MaxRounds = 8;

        public static async Task<IReadOnlyDictionary<string, GraphBatchResponse>> SendAsync(GraphClient graph, string tenantId, IReadOnlyList<GraphBatchRequest> requests,
            TimeProvider clock, CancellationToken cancellationToken, BatchStatistics? statistics = null)
        {
            var final = new Dictionary<string, GraphBatchResponse>(StringComparer.OrdinalIgnoreCase);
            var pending = requests.ToList();
            for (var round = 1; pending.Count > 0; round++)
            {
                var retry = new List<GraphBatchRequest>();
                var wait = TimeSpan.Zero;
                foreach (var chunk in Chunk(pending, GraphClient.MaxBatchSize))
                {
                    var responses = await graph.BatchAsync(tenantId, chunk, cancellationToken).ConfigureAwait(false);
                    statistics?.CountBatch();
                    var byId = responses.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
                    foreach (var request in chunk)
                    {
                        if (!byId.TryGetValue(request.Id, out var response))
                        {
                            throw new CspException("BatchResponseMissing", CspErrorCategory.ProtocolError,
                                $"Graph answered a batch without a response for request {request.Id}.", request.Url);
                        }

                        if (response.Status == 429)
                        {
                            statistics?.CountThrottled();
                        }

                        if (IsTransient(response.Status) && round < MaxRounds)
                        {
                            retry.Add(request);
                            var hinted = RetryAfter.Parse(Header(response, "Retry-After"), clock.GetUtcNow()) ?? TimeSpan.FromMilliseconds(250 * Math.Pow(2, round - 1));
                            wait = hinted > wait ? hinted : wait;
                        }
                        else
                        {
                            final[request.Id] = response;
                        }
                    }
                }

                if (retry.Count > 0 && wait > TimeSpan.Zero)
                {
                    await clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                pending = retry;
            }

            return final;
        }

        /// <summary>
        /// Sends changes that must not be applied twice: when a batch's connection is lost (its outcome unknown),
        /// <paramref name="applied"/> checks the live state for which of those requests took effect, and only
        /// the others go again.
        /// </summary>
        public static async Task<IReadOnlyDictionary<string, GraphBatchResponse>> SendChangesAsync(GraphClient graph, string tenantId, IReadOnlyList<GraphBatchRequest> requests,
            Func<IReadOnlyList<GraphBatchRequest>, Task<ISet<string>>> applied, TimeProvider clock, CancellationToken cancellationToken, BatchStatistics? statistics = null)
        {
            var result = new Dictionary<string, GraphBatchResponse>(StringComparer.OrdinalIgnoreCase);
            var pending = requests.ToList();
            for (var round = 1; pending.Count > 0; round++)
            {
                try
                {
                    foreach (var answer in await SendAsync(graph, tenantId, pending, clock, cancellationToken, statistics).ConfigureAwait(false))
                    {
                        result[answer.Key] = answer.Value;
                    }

                    break;
                }
                catch (CspException ex) when (ex.ErrorId == "ServiceUnreachable" && round < MaxRounds)
                {
                    var done = await applied(pending).ConfigureAwait(false);
                    foreach (var request in pending.Where(r => done.Contains(r.Id)))
                    {
                        result[request.Id] = new GraphBatchResponse { Id = request.Id, Status = 200 };
                    }

                    pending = pending.Where(r => !done.Contains(r.Id)).ToList();
                }
            }

            return result;
        }

        /// <summary>The error an inner response stands for.</summary>
        public static CspException Error(GraphBatchResponse response, GraphBatchRequest request) =>
            ServiceErrors.FromBody(response.Status, response.Body?.GetRawText() ?? "", CspService.Graph, Header(response, "request-id"),
                new HttpRequestMessage(new HttpMethod(request.Method), new Uri("https://graph.invalid/v1.0" + request.Url)));

        public static bool IsSuccess(GraphBatchResponse response) => response.Status >= 200 && response.Status < 300;

        private static bool IsTransient(int status) => status == 429 || status == 503 || status == 504;

        private static string? Header(GraphBatchResponse response, string name) =>
            response.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        private static IEnumerable<List<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            for (var i = 0; i < items.Count; i += size)
            {
                yield return items.Skip(i).Take(size).ToList();
            }
        }
    }
}
