using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Users
{
    /// <summary>What Set-CspUserLicense changes for every user it is given.</summary>
    public sealed class LicenseChangeSpec
    {
        public IReadOnlyList<string> Add { get; set; } = new string[0];
        public IReadOnlyList<string> Remove { get; set; } = new string[0];
        /// <summary>Service plans (by name or id) to switch off in the added licenses.</summary>
        public IReadOnlyList<string> DisabledPlans { get; set; } = new string[0];
        /// <summary>Buy missing seats on this partner's active subscription of the SKU.</summary>
        public bool AutoIncrease { get; set; }

        /// <summary>Checks the request itself, before anything is read or changed.</summary>
        public void Validate()
        {
            if (Add.Count == 0 && Remove.Count == 0)
            {
                throw new CspException("LicenseChangeEmpty", CspErrorCategory.InvalidArgument, "Name at least one license to add (-Add) or remove (-Remove).")
                {
                    RecommendedAction = "For example: Set-CspUserLicense -Add SPE_E3 -Remove ENTERPRISEPACK.",
                };
            }

            if (DisabledPlans.Count > 0 && Add.Count == 0)
            {
                throw new CspException("LicenseChangeInvalid", CspErrorCategory.InvalidArgument,
                    "-DisabledPlan switches plans off in the licenses given with -Add; name those licenses with -Add.");
            }

            var both = Add.Intersect(Remove, StringComparer.OrdinalIgnoreCase).ToList();
            if (both.Count > 0)
            {
                throw new CspException("LicenseChangeInvalid", CspErrorCategory.InvalidArgument,
                    $"{string.Join(", ", both)} is both added and removed; name each license once.");
            }
        }
    }

    /// <summary>The outcome for one user of a batch: a result or an error, never both.</summary>
    public sealed class UserOutcome
    {
        public UserOutcome(string userId) => UserId = userId;

        public string UserId { get; }
        public LicenseChangeResult? Result { get; set; }
        public Exception? Error { get; set; }
    }

    /// <summary>
    /// Applies one license change to a customer's users, a batch at a time: reads who holds what, checks
    /// free seats for the whole batch (buying the deficit once with AutoIncrease), then sends one atomic
    /// assignLicense per user — adds and removes together, so no user is ever without service — in Graph
    /// $batch requests of 20. Every change is journalled before it is sent and with its outcome.
    /// </summary>
    public sealed class LicenseAssigner
    {
        private const string ContentType = "application/json";
        private readonly CspConnection _connection;
        private readonly string _customerId;
        private readonly LicenseChangeSpec _spec;
        private readonly ChangeJournal _journal;
        private readonly ProductCatalog _catalog;
        private readonly Action<string> _notice;
        private TenantSkus? _skus;
        private List<(GraphSubscribedSku Sku, IReadOnlyList<string> DisabledPlans)>? _adds;
        private List<GraphSubscribedSku>? _removes;
        private Dictionary<string, int>? _free;

        public LicenseAssigner(CspConnection connection, string customerId, LicenseChangeSpec spec, ChangeJournal journal, ProductCatalog catalog, Action<string> notice)
        {
            spec.Validate();
            _connection = connection;
            _customerId = customerId;
            _spec = spec;
            _journal = journal;
            _catalog = catalog;
            _notice = notice;
        }

        /// <summary>Changes these users (ids or UPNs). Batches of one customer run one after another, so seat counts stay true.</summary>
        public async Task<IReadOnlyList<UserOutcome>> ApplyAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
        {
            var outcomes = userIds.Select(id => new UserOutcome(id)).ToList();
            var seats = await SeatLocks.EnterAsync(_customerId, cancellationToken).ConfigureAwait(false);
            try
            {
                await PrepareAsync(cancellationToken).ConfigureAwait(false);
                var plans = await PlanAsync(outcomes, cancellationToken).ConfigureAwait(false);
                await ReserveSeatsAsync(plans, cancellationToken).ConfigureAwait(false);
                await SendAsync(plans.Where(p => p.Outcome.Error == null).ToList(), cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                // A failure of the whole batch (unknown SKU, no access, no seats to buy) is every user's error.
                foreach (var outcome in outcomes.Where(o => o.Result == null && o.Error == null))
                {
                    outcome.Error = ex;
                }
            }
            finally
            {
                seats.Dispose();
            }

            return outcomes;
        }

        /// <summary>Reads the seats afresh (others may have used some since the last batch); resolves the names once.</summary>
        private async Task PrepareAsync(CancellationToken cancellationToken)
        {
            var skus = await TenantSkus.ReadAsync(_connection, _customerId, _catalog, cancellationToken).ConfigureAwait(false);
            _free = skus.Skus.Where(s => s.SkuId != null).ToDictionary(s => s.SkuId!, s => skus.Free(s.SkuId!), StringComparer.OrdinalIgnoreCase);
            if (_skus != null)
            {
                _skus = skus;
                return;
            }

            var adds = _spec.Add.Select(skus.Resolve).ToList();
            var planNames = _spec.DisabledPlans.ToList();
            var resolvedAdds = adds.Select(sku =>
            {
                var here = planNames.Where(name => sku.ServicePlans.Any(p => PlanMatches(p, name))).ToList();
                return (sku, skus.ResolvePlans(sku, here));
            }).ToList();
            var unknownPlan = planNames.FirstOrDefault(name => !adds.Any(sku => sku.ServicePlans.Any(p => PlanMatches(p, name))));
            if (unknownPlan != null)
            {
                throw new CspException("ServicePlanNotFound", CspErrorCategory.ObjectNotFound,
                    $"None of the added licenses has a service plan '{unknownPlan}'.", unknownPlan)
                {
                    RecommendedAction = "Get-CspUserLicense shows plan names; use a service plan name such as EXCHANGE_S_ENTERPRISE.",
                };
            }

            _removes = _spec.Remove.Select(skus.Resolve).ToList();
            _adds = resolvedAdds;
            _skus = skus;
        }

        private bool PlanMatches(GraphServicePlan plan, string name) =>
            string.Equals(plan.ServicePlanId, name.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(plan.ServicePlanName, name.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(_catalog.ServicePlanName(plan.ServicePlanId), name.Trim(), StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads the users (in batches) and works out, per user, what really has to change.</summary>
        private async Task<List<UserPlan>> PlanAsync(List<UserOutcome> outcomes, CancellationToken cancellationToken)
        {
            var reads = outcomes.Select((o, i) => new GraphBatchRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Url = "/users/" + Uri.EscapeDataString(o.UserId) + "?$select=" + string.Join(",", UserReader.Properties),
            }).ToList();
            var answers = await GraphBatcher.SendAsync(_connection.Graph, _customerId, reads, _connection.Clock, cancellationToken).ConfigureAwait(false);

            var plans = new List<UserPlan>();
            for (var i = 0; i < outcomes.Count; i++)
            {
                var outcome = outcomes[i];
                var answer = answers[reads[i].Id];
                if (!GraphBatcher.IsSuccess(answer))
                {
                    var error = GraphBatcher.Error(answer, reads[i]);
                    outcome.Error = answer.Status == 404 ? UserReader.UserNotFound(_customerId, outcome.UserId, error) : Gdap.Explain(error, _customerId, Gdap.UserRead);
                    continue;
                }

                var user = Http.CspJson.Deserialize<GraphUser>(answer.Body!.Value.GetRawText());
                var held = user.AssignedLicenses.Where(l => l.SkuId != null).ToDictionary(l => l.SkuId!, StringComparer.OrdinalIgnoreCase);
                var change = new GraphLicenseChange
                {
                    AddLicenses = _adds!
                        .Where(a => !held.TryGetValue(a.Sku.SkuId!, out var current) || (a.DisabledPlans.Count > 0 && !SamePlans(current.DisabledPlans, a.DisabledPlans)))
                        .Select(a => new GraphAssignedLicense { SkuId = a.Sku.SkuId, DisabledPlans = a.DisabledPlans.ToList() })
                        .ToList(),
                    RemoveLicenses = _removes!.Where(r => held.ContainsKey(r.SkuId!)).Select(r => r.SkuId!).ToList(),
                };
                var plan = new UserPlan(outcome, user, change, change.AddLicenses.Where(a => !held.ContainsKey(a.SkuId!)).Select(a => a.SkuId!).ToList());
                if (change.AddLicenses.Count == 0 && change.RemoveLicenses.Count == 0)
                {
                    outcome.Result = Result(plan, user, "Unchanged");
                    continue;
                }

                plans.Add(plan);
            }

            return plans;
        }

        /// <summary>
        /// Seats for the whole batch: with too few free seats, AutoIncrease buys the deficit once (after making
        /// sure the partner may change these users' licenses at all, so nothing is bought for changes that would
        /// be refused); the users who still do not fit are refused, saying how many seats are free.
        /// </summary>
        private async Task ReserveSeatsAsync(List<UserPlan> plans, CancellationToken cancellationToken)
        {
            foreach (var (sku, _) in _adds!)
            {
                var wanting = plans.Where(p => p.Outcome.Error == null && p.NewSkus.Contains(sku.SkuId!, StringComparer.OrdinalIgnoreCase)).ToList();
                var free = _free!.TryGetValue(sku.SkuId!, out var count) ? count : 0;
                CspException? purchaseFailed = null;
                if (wanting.Count > free && _spec.AutoIncrease)
                {
                    await Gdap.ProbeLicenseWriteAsync(_connection, _customerId, wanting[0].User.Id ?? wanting[0].Outcome.UserId, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        free += await SeatPurchaser.BuyAsync(_connection, _customerId, sku, wanting.Count - free, _journal, _catalog, _notice, cancellationToken).ConfigureAwait(false);
                        _free[sku.SkuId!] = free;
                    }
                    catch (CspException ex)
                    {
                        // The users who fit in the free seats still go ahead; the others get the purchase's error.
                        purchaseFailed = ex;
                    }
                }

                foreach (var refused in wanting.Skip(free))
                {
                    refused.Outcome.Error = purchaseFailed?.WithTarget(refused.Outcome.UserId) ?? SeatsExhausted(sku, free, wanting.Count, refused.Outcome.UserId);
                }
            }
        }

        private async Task SendAsync(List<UserPlan> plans, CancellationToken cancellationToken)
        {
            var requests = plans.Select((p, i) => new GraphBatchRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Method = "POST",
                Url = "/users/" + Uri.EscapeDataString(p.User.Id ?? p.Outcome.UserId) + "/assignLicense",
                Headers = new Dictionary<string, string> { ["Content-Type"] = ContentType },
                Body = p.Change,
            }).ToList();
            var entries = plans.Select(p => _journal.Begin("LicensesChanged", _connection.Name, _customerId, p.User.UserPrincipalName ?? p.Outcome.UserId,
                new { licenses = PartNumbers(p.User) },
                new { add = p.Change.AddLicenses.Select(a => _skus!.PartNumber(a.SkuId!)), remove = p.Change.RemoveLicenses.Select(_skus!.PartNumber) })).ToList();

            // A batch lost in flight may or may not have been applied: the users' state says which, so nothing is done twice.
            var byRequest = requests.Select((r, i) => (r.Id, plans[i])).ToDictionary(x => x.Id, x => x.Item2);
            var answers = await GraphBatcher.SendChangesAsync(_connection.Graph, _customerId, requests,
                unknown => AppliedAsync(unknown.Select(r => (r.Id, byRequest[r.Id])).ToList(), cancellationToken), _connection.Clock, cancellationToken)
                .ConfigureAwait(false);

            for (var i = 0; i < plans.Count; i++)
            {
                var plan = plans[i];
                var answer = answers[requests[i].Id];
                if (GraphBatcher.IsSuccess(answer))
                {
                    // A change confirmed from the live state (after a lost batch) has no body: the result is the planned one.
                    var after = answer.Body.HasValue && answer.Body.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                        ? Http.CspJson.Deserialize<GraphUser>(answer.Body.Value.GetRawText())
                        : Planned(plan);
                    foreach (var added in plan.NewSkus)
                    {
                        _free![added] = (_free.TryGetValue(added, out var f) ? f : 0) - 1;
                    }

                    foreach (var removed in plan.Change.RemoveLicenses)
                    {
                        _free![removed] = (_free.TryGetValue(removed, out var f) ? f : 0) + 1;
                    }

                    plan.Outcome.Result = Result(plan, after, "Changed");
                    _journal.Succeeded(entries[i], new { licenses = PartNumbers(after) });
                }
                else
                {
                    plan.Outcome.Error = Explain(GraphBatcher.Error(answer, requests[i]), plan);
                    _journal.Failed(entries[i], plan.Outcome.Error);
                }
            }
        }

        /// <summary>After a lost batch: which of these users are already in the target state.</summary>
        private async Task<ISet<string>> AppliedAsync(List<(string RequestId, UserPlan Plan)> unknown, CancellationToken cancellationToken)
        {
            var applied = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (requestId, plan) in unknown)
            {
                var user = await UserReader.GetAsync(_connection, _customerId, plan.User.Id ?? plan.Outcome.UserId, cancellationToken).ConfigureAwait(false);
                var held = new HashSet<string>(user.AssignedLicenses.Select(l => l.SkuId ?? ""), StringComparer.OrdinalIgnoreCase);
                if (plan.Change.AddLicenses.All(a => held.Contains(a.SkuId!)) && plan.Change.RemoveLicenses.All(r => !held.Contains(r)))
                {
                    applied.Add(requestId);
                }
            }

            return applied;
        }

        private CspException Explain(CspException error, UserPlan plan)
        {
            var upn = plan.User.UserPrincipalName ?? plan.Outcome.UserId;
            if (error.Message.IndexOf("usage location", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return error.WithTarget(upn, "UserUsageLocationMissing",
                    $"User {upn} has no usage location, which Microsoft requires before a license is assigned. Nothing was changed.");
            }

            if (error.Message.IndexOf("does not have any available licenses", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return error.WithTarget(upn, "LicenseSeatsExhausted", $"No free seat was left for {upn} (another change took it). Nothing was changed for this user.");
            }

            return error.StatusCode == 404 ? UserReader.UserNotFound(_customerId, upn, error) : Gdap.Explain(error, _customerId, Gdap.LicenseWrite);
        }

        private CspException SeatsExhausted(GraphSubscribedSku sku, int free, int wanted, string userId) =>
            new CspException("LicenseSeatsExhausted", CspErrorCategory.QuotaExceeded,
                $"{_skus!.ProductName(sku)} ({sku.SkuPartNumber}) has {free} free seat(s) and {wanted} were needed; {userId} was not changed.", userId)
            {
                RecommendedAction = "Free seats first, buy more (Set-CspUserLicense -AutoIncrease, for a subscription this partner provides), or license fewer users.",
            };

        private LicenseChangeResult Result(UserPlan plan, GraphUser after, string status) => new LicenseChangeResult
        {
            CustomerId = _customerId,
            UserId = after.Id ?? plan.Outcome.UserId,
            UserPrincipalName = after.UserPrincipalName ?? plan.User.UserPrincipalName ?? plan.Outcome.UserId,
            Status = status,
            Added = status == "Unchanged" ? new string[0] : plan.Change.AddLicenses.Select(a => _skus!.PartNumber(a.SkuId!)).ToArray(),
            Removed = status == "Unchanged" ? new string[0] : plan.Change.RemoveLicenses.Select(_skus!.PartNumber).ToArray(),
            Licenses = PartNumbers(after),
            Profile = _connection.Name,
        };

        /// <summary>The user as the change leaves it: the removed licenses gone, the added ones (with their plans) in.</summary>
        private static GraphUser Planned(UserPlan plan)
        {
            var added = plan.Change.AddLicenses.Select(a => a.SkuId).ToList();
            return new GraphUser
            {
                Id = plan.User.Id,
                UserPrincipalName = plan.User.UserPrincipalName,
                AssignedLicenses = plan.User.AssignedLicenses
                    .Where(l => !plan.Change.RemoveLicenses.Contains(l.SkuId ?? "", StringComparer.OrdinalIgnoreCase) && !added.Contains(l.SkuId, StringComparer.OrdinalIgnoreCase))
                    .Concat(plan.Change.AddLicenses)
                    .ToList(),
            };
        }

        private string[] PartNumbers(GraphUser user) => user.AssignedLicenses.Where(l => l.SkuId != null).Select(l => _skus!.PartNumber(l.SkuId!)).ToArray();

        private static bool SamePlans(IEnumerable<string> current, IEnumerable<string> wanted) =>
            new HashSet<string>(current, StringComparer.OrdinalIgnoreCase).SetEquals(wanted);

        private sealed class UserPlan
        {
            public UserPlan(UserOutcome outcome, GraphUser user, GraphLicenseChange change, List<string> newSkus)
            {
                Outcome = outcome;
                User = user;
                Change = change;
                NewSkus = newSkus;
            }

            public UserOutcome Outcome { get; }
            public GraphUser User { get; }
            public GraphLicenseChange Change { get; }
            /// <summary>SKUs the user does not hold yet: each takes a seat.</summary>
            public List<string> NewSkus { get; }
        }
    }
}
