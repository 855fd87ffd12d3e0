using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;
using CspAdmin.Engine.Users;

namespace CspAdmin.Engine.Transfers
{
    /// <summary>What Move-CspUserLicense moves.</summary>
    public sealed class TransferRequest
    {
        public string CustomerId { get; set; } = "";
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        /// <summary>Only these users (ids or UPNs); every holder of From when null.</summary>
        public IReadOnlyList<string>? UserIds { get; set; }
        /// <summary>Carry switched-off service plans over to To, by plan name.</summary>
        public bool KeepDisabledPlans { get; set; }
        public bool AutoIncrease { get; set; }
        public string? CheckpointPath { get; set; }
        /// <summary>The most batches of 20 in flight for this tenant.</summary>
        public int ThrottleLimit { get; set; } = 6;
    }

    /// <summary>
    /// Mass license transfer for one customer: plan first (who, how many seats, what to buy — bought once),
    /// then one atomic assignLicense per user (add To, remove From) in Graph batches of 20, several in flight
    /// with concurrency adapted to throttling, a checkpoint after every batch so a cut-off run resumes and
    /// changes every user exactly once, and a result per user.
    /// </summary>
    public sealed class LicenseTransfer
    {
        private const string ContentType = "application/json";
        private readonly CspConnection _connection;
        private readonly TransferRequest _request;
        private readonly ChangeJournal _journal;
        private readonly ProductCatalog _catalog;
        private readonly Action<string> _notice;
        private TenantSkus? _skus;
        private GraphSubscribedSku? _from;
        private GraphSubscribedSku? _to;

        public LicenseTransfer(CspConnection connection, TransferRequest request, ChangeJournal journal, ProductCatalog catalog, Action<string> notice)
        {
            _connection = connection;
            _request = request;
            _journal = journal;
            _catalog = catalog;
            _notice = notice;
        }

        private string CustomerId => _request.CustomerId;

        /// <summary>Reads who holds what and what seats it takes; changes nothing.</summary>
        public async Task<TransferPlan> PlanAsync(CancellationToken cancellationToken)
        {
            var (plan, _, _) = await PrepareAsync(forRun: false, cancellationToken).ConfigureAwait(false);
            return plan;
        }

        public async Task<TransferSummary> RunAsync(Action<TransferResult> report, Action<int, int> progress, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            TransferPlan plan;
            List<Mover> moving;
            TransferCheckpoint checkpoint;
            var summary = new TransferSummary { CustomerId = CustomerId, Profile = _connection.Name };
            using (await SeatLocks.EnterAsync(CustomerId, cancellationToken).ConfigureAwait(false))
            {
                (plan, moving, checkpoint) = await PrepareAsync(forRun: true, cancellationToken).ConfigureAwait(false);
                summary.CompanyName = plan.CompanyName;
                summary.SeatsBought = await BuyDeficitAsync(plan, moving, cancellationToken).ConfigureAwait(false);
            }

            foreach (var skipped in _skipped)
            {
                report(skipped);
                summary.Skipped++;
            }

            var statistics = new BatchStatistics();
            var concurrency = new AdaptiveConcurrency(Math.Min(2, _request.ThrottleLimit), _request.ThrottleLimit);
            var batches = new Queue<List<Mover>>(moving.Select((m, i) => (m, i)).GroupBy(x => x.i / GraphClient.MaxBatchSize).Select(g => g.Select(x => x.m).ToList()));
            var running = new List<Task<(List<Mover> Batch, bool Throttled)>>();
            var done = 0;
            while (batches.Count > 0 || running.Count > 0)
            {
                while (batches.Count > 0 && running.Count < concurrency.Current)
                {
                    var batch = batches.Dequeue();
                    running.Add(MoveBatchAsync(batch, statistics, cancellationToken));
                }

                var finished = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(finished);
                var (moved, throttled) = await finished.ConfigureAwait(false);
                concurrency.Report(throttled);
                checkpoint.Record(moved.Where(m => m.Result.Status == "Moved").Select(m => m.User.Id!));
                foreach (var mover in moved)
                {
                    report(mover.Result);
                    switch (mover.Result.Status)
                    {
                        case "Moved": summary.Moved++; break;
                        case "Failed": summary.Failed++; break;
                        default: summary.Skipped++; break;
                    }
                }

                done += moved.Count;
                progress(done, moving.Count);
            }

            summary.Elapsed = watch.Elapsed;
            // Counted per transfer (not per connection), as several customers' transfers share a connection.
            summary.Requests = statistics.Batches;
            summary.Throttled = statistics.Throttled;
            await SuggestReductionAsync(summary.Moved, cancellationToken).ConfigureAwait(false);
            return summary;
        }

        /// <summary>
        /// The seats the move lacks, bought once (after checking the partner may change licenses at all). The
        /// live seat count decides, so a resumed run never buys again what the first run bought.
        /// </summary>
        private async Task<int> BuyDeficitAsync(TransferPlan plan, List<Mover> moving, CancellationToken cancellationToken)
        {
            var deficit = plan.SeatsToBuy;
            if (deficit == 0 || moving.Count == 0)
            {
                return 0;
            }

            if (!_request.AutoIncrease)
            {
                throw new CspException("TransferSeatsShort", CspErrorCategory.QuotaExceeded,
                    $"Moving {plan.Users} user(s) to {_skus!.ProductName(_to!)} ({_to!.SkuPartNumber}) needs {plan.SeatsNeeded} seat(s); {plan.SeatsFree} are free. Nothing was changed.", CustomerId)
                {
                    RecommendedAction = $"Buy {deficit} seat(s) first, or add -AutoIncrease to buy them once on the subscription this partner provides.",
                };
            }

            await Gdap.ProbeLicenseWriteAsync(_connection, CustomerId, moving[0].User.Id!, cancellationToken).ConfigureAwait(false);
            return await SeatPurchaser.BuyAsync(_connection, CustomerId, _to!, deficit, _journal, _catalog, _notice, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Resolves the SKUs, reads the users and the checkpoint, and counts the seats.</summary>
        private readonly List<TransferResult> _skipped = new List<TransferResult>();

        private async Task<(TransferPlan Plan, List<Mover> Moving, TransferCheckpoint Checkpoint)> PrepareAsync(bool forRun, CancellationToken cancellationToken)
        {
            _skipped.Clear();
            _skus = await TenantSkus.ReadAsync(_connection, CustomerId, _catalog, cancellationToken).ConfigureAwait(false);
            _from = _skus.Resolve(_request.From);
            _to = _skus.Resolve(_request.To);
            if (string.Equals(_from.SkuId, _to.SkuId, StringComparison.OrdinalIgnoreCase))
            {
                throw new CspException("TransferInvalid", CspErrorCategory.InvalidArgument, $"-From and -To both name {_from.SkuPartNumber}.", _request.To);
            }

            var checkpoint = _request.CheckpointPath == null
                ? TransferCheckpoint.None()
                : TransferCheckpoint.Open(_request.CheckpointPath, CustomerId, _from.SkuId!, _to.SkuId!, create: forRun);
            var users = _request.UserIds == null ? await HoldersAsync(cancellationToken).ConfigureAwait(false) : await ReadAsync(_request.UserIds, cancellationToken).ConfigureAwait(false);

            var moving = new List<Mover>();
            var already = 0;
            foreach (var user in users)
            {
                var held = user.AssignedLicenses.Select(l => l.SkuId ?? "").ToList();
                var holdsFrom = held.Contains(_from.SkuId!, StringComparer.OrdinalIgnoreCase);
                var holdsTo = held.Contains(_to.SkuId!, StringComparer.OrdinalIgnoreCase);
                if (!holdsFrom || checkpoint.IsDone(user.Id!))
                {
                    // Moved by an earlier run (or by hand): the live state decides, and nothing is done twice.
                    already++;
                    _skipped.Add(Result(user, "Skipped", holdsFrom ? "moved by an earlier run (in the checkpoint)"
                        : holdsTo ? $"already holds {_to.SkuPartNumber}" : $"does not hold {_from.SkuPartNumber}"));
                    continue;
                }

                moving.Add(new Mover(user, needsSeat: !holdsTo, Result(user, "Moved", null)));
            }

            var needed = moving.Count(m => m.NeedsSeat);
            var free = _skus.Free(_to.SkuId!);
            var plan = new TransferPlan
            {
                CustomerId = CustomerId,
                CompanyName = await _connection.CompanyNameAsync(CustomerId, cancellationToken).ConfigureAwait(false),
                From = _from.SkuPartNumber ?? "",
                To = _to.SkuPartNumber ?? "",
                Users = moving.Count,
                AlreadyMoved = already,
                SeatsNeeded = needed,
                SeatsFree = free,
                SeatsToBuy = Math.Max(0, needed - free),
                Profile = _connection.Name,
            };
            return (plan, moving, checkpoint);
        }

        private async Task<List<GraphUser>> HoldersAsync(CancellationToken cancellationToken)
        {
            var query = new GraphUserQuery { Select = UserReader.Properties, Filter = $"assignedLicenses/any(x:x/skuId eq {_from!.SkuId})", Top = 999 };
            return await _connection.Graph.ListUsersAsync(CustomerId, query, cancellationToken).ToListAsync().ConfigureAwait(false);
        }

        private async Task<List<GraphUser>> ReadAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
        {
            var reads = userIds.Select((id, i) => new GraphBatchRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Url = "/users/" + Uri.EscapeDataString(UserReader.ValidUserId(id)) + "?$select=" + string.Join(",", UserReader.Properties),
            }).ToList();
            var answers = await GraphBatcher.SendAsync(_connection.Graph, CustomerId, reads, _connection.Clock, cancellationToken).ConfigureAwait(false);
            var users = new List<GraphUser>();
            foreach (var read in reads)
            {
                var answer = answers[read.Id];
                if (!GraphBatcher.IsSuccess(answer))
                {
                    var error = GraphBatcher.Error(answer, read);
                    throw answer.Status == 404 ? UserReader.UserNotFound(CustomerId, userIds[int.Parse(read.Id, System.Globalization.CultureInfo.InvariantCulture)], error) : error;
                }

                users.Add(Http.CspJson.Deserialize<GraphUser>(answer.Body!.Value.GetRawText()));
            }

            return users;
        }

        private async Task<(List<Mover>, bool)> MoveBatchAsync(List<Mover> batch, BatchStatistics total, CancellationToken cancellationToken)
        {
            // This batch's own count, so one batch's 429 does not slow the others down.
            var statistics = new BatchStatistics();
            var requests = batch.Select((m, i) => new GraphBatchRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Method = "POST",
                Url = "/users/" + Uri.EscapeDataString(m.User.Id!) + "/assignLicense",
                Headers = new Dictionary<string, string> { ["Content-Type"] = ContentType },
                Body = Change(m.User),
            }).ToList();
            var entries = batch.Select(m => _journal.Begin("LicenseMoved", _connection.Name, CustomerId, m.User.UserPrincipalName ?? m.User.Id!,
                new { license = _from!.SkuPartNumber }, new { license = _to!.SkuPartNumber })).ToList();

            var byRequest = requests.Select((r, i) => (r.Id, batch[i])).ToDictionary(x => x.Id, x => x.Item2);
            var answers = await GraphBatcher.SendChangesAsync(_connection.Graph, CustomerId, requests,
                unknown => MovedAsync(unknown.Select(r => (r.Id, byRequest[r.Id])).ToList(), cancellationToken), _connection.Clock, cancellationToken, statistics)
                .ConfigureAwait(false);

            for (var i = 0; i < batch.Count; i++)
            {
                var answer = answers[requests[i].Id];
                if (GraphBatcher.IsSuccess(answer))
                {
                    _journal.Succeeded(entries[i], new { license = _to!.SkuPartNumber });
                    continue;
                }

                var error = Gdap.Explain(GraphBatcher.Error(answer, requests[i]), CustomerId, Gdap.LicenseWrite);
                batch[i].Result.Status = "Failed";
                batch[i].Result.Reason = error.Message;
                _journal.Failed(entries[i], error);
            }

            total.Add(statistics);
            return (batch, statistics.Throttled > 0);
        }

        /// <summary>After a lost batch: which of these users the live state shows as moved.</summary>
        private async Task<ISet<string>> MovedAsync(List<(string RequestId, Mover Mover)> unknown, CancellationToken cancellationToken)
        {
            var current = await ReadAsync(unknown.Select(u => u.Mover.User.Id!).ToList(), cancellationToken).ConfigureAwait(false);
            var moved = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < unknown.Count; i++)
            {
                var held = current[i].AssignedLicenses.Select(l => l.SkuId ?? "").ToList();
                if (held.Contains(_to!.SkuId!, StringComparer.OrdinalIgnoreCase) && !held.Contains(_from!.SkuId!, StringComparer.OrdinalIgnoreCase))
                {
                    moved.Add(unknown[i].RequestId);
                }
            }

            return moved;
        }

        private GraphLicenseChange Change(GraphUser user)
        {
            var disabled = new List<string>();
            if (_request.KeepDisabledPlans)
            {
                // Plans carry over by name: the same service in both products keeps its switch.
                var off = user.AssignedLicenses.FirstOrDefault(l => string.Equals(l.SkuId, _from!.SkuId, StringComparison.OrdinalIgnoreCase))?.DisabledPlans ?? new List<string>();
                var names = _from!.ServicePlans.Where(p => off.Contains(p.ServicePlanId ?? "", StringComparer.OrdinalIgnoreCase)).Select(p => p.ServicePlanName).ToList();
                disabled = _to!.ServicePlans.Where(p => names.Contains(p.ServicePlanName, StringComparer.OrdinalIgnoreCase)).Select(p => p.ServicePlanId!).ToList();
            }

            var holdsTo = user.AssignedLicenses.Any(l => string.Equals(l.SkuId, _to!.SkuId, StringComparison.OrdinalIgnoreCase));
            return new GraphLicenseChange
            {
                AddLicenses = holdsTo ? new List<GraphAssignedLicense>() : new List<GraphAssignedLicense> { new GraphAssignedLicense { SkuId = _to!.SkuId, DisabledPlans = disabled } },
                RemoveLicenses = new List<string> { _from!.SkuId! },
            };
        }

        /// <summary>Says (does not do) what the optimisation would now take off From.</summary>
        private async Task SuggestReductionAsync(int moved, CancellationToken cancellationToken)
        {
            if (moved == 0)
            {
                return;
            }

            var subscriptions = await Subscriptions.SubscriptionReader.ReadAsync(_connection, CustomerId, null, _catalog, _ => { }, cancellationToken).ConfigureAwait(false);
            var pools = await LicenseOverview.ReadAsync(_connection, CustomerId, _catalog, cancellationToken).ConfigureAwait(false);
            var lines = Optimization.LicenseOptimizer.Plan(subscriptions.Where(s => string.Equals(s.SkuId, _from!.SkuId, StringComparison.OrdinalIgnoreCase)).ToList(),
                pools, new Optimization.Headroom(), _connection.Clock.GetUtcNow());
            var saved = lines.Where(l => l.Saved > 0).ToList();
            if (saved.Count > 0)
            {
                _notice($"{_from!.SkuPartNumber} now has unused seats: Invoke-CspOptimization would reduce " +
                    string.Join(", ", saved.Select(l => $"subscription {l.SubscriptionId} from {l.CurrentQuantity} to {l.ProposedQuantity}")) + ".");
            }
        }

        private TransferResult Result(GraphUser user, string status, string? reason) => new TransferResult
        {
            CustomerId = CustomerId,
            UserId = user.Id ?? "",
            UserPrincipalName = user.UserPrincipalName ?? "",
            From = _from?.SkuPartNumber ?? _request.From,
            To = _to?.SkuPartNumber ?? _request.To,
            Status = status,
            Reason = reason,
            Profile = _connection.Name,
        };

        private sealed class Mover
        {
            public Mover(GraphUser user, bool needsSeat, TransferResult result)
            {
                User = user;
                NeedsSeat = needsSeat;
                Result = result;
            }

            public GraphUser User { get; }
            public bool NeedsSeat { get; }
            public TransferResult Result { get; }
        }
    }
}
