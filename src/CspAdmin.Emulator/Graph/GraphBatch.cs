using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Faults;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// POST $batch (CONTRACTS §1.9). The envelope costs nothing; each inner request is sent through the same pipeline as a
    /// top-level call (counters, injected faults, token of the outer request, routing, GDAP, throttling), in an order that
    /// honours dependsOn. A request whose prerequisite failed is answered 424 without running. The outer status is 200; the
    /// responses come back in a shuffled (deterministic) order. A malformed batch is a 400 for the whole batch.
    /// </summary>
    internal sealed class GraphBatch
    {
        public const int MaxRequests = 20;

        private static readonly string[] Methods = { "GET", "POST", "PATCH", "PUT", "DELETE" };

        private readonly EmulatedCloud _cloud;

        public GraphBatch(EmulatedCloud cloud) => _cloud = cloud;

        public EmulatorResponse Handle(EmulatorRequest request, DateTimeOffset now)
        {
            EmulatorResponse Invalid(string message) => GraphErrors.Error(request, now, 400, "BadRequest", message);

            if (request.IsBatchItem)
            {
                return Invalid("A batch request cannot contain another batch request.");
            }

            if (!request.TryReadJson(out var root) || root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("requests", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return Invalid("Invalid batch payload format: expected {\"requests\":[...]}.");
            }

            var count = list.GetArrayLength();
            if (count == 0 || count > MaxRequests)
            {
                return Invalid($"The batch must contain between 1 and {MaxRequests} requests; it contains {count}.");
            }

            var items = new List<Item>();
            foreach (var element in list.EnumerateArray())
            {
                var item = Item.Read(element, out var problem);
                if (item == null)
                {
                    return Invalid(problem!);
                }

                if (items.Any(i => string.Equals(i.Id, item.Id, StringComparison.OrdinalIgnoreCase)))
                {
                    return Invalid($"Batch request ids must be unique; '{item.Id}' is used more than once.");
                }

                items.Add(item);
            }

            var order = ExecutionOrder(items, out var orderProblem);
            if (order == null)
            {
                return Invalid(orderProblem!);
            }

            var failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in order)
            {
                var inner = InnerRequest(request, item);
                if (item.DependsOn.Any(failed.Contains))
                {
                    item.Response = GraphErrors.Error(inner, now, 424, "FailedDependency",
                        "The request was not run because a request it depends on (dependsOn) failed.");
                }
                else
                {
                    item.Response = Run(inner);
                }

                if (item.Response.Status >= 400)
                {
                    failed.Add(item.Id);
                }
            }

            Shuffle(items);
            return EmulatorResponse.Json(200, JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("responses");
                foreach (var item in items)
                {
                    WriteResponse(w, item);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }), GraphErrors.ContentType);
        }

        /// <summary>One inner request as if it had come over the wire: counted, maybe faulted (a drop becomes a 503), then handled.</summary>
        private EmulatorResponse Run(EmulatorRequest inner)
        {
            var service = _cloud.Services.Resolve(inner, out var path);
            service.Counters.CountRequest();
            var plan = _cloud.Faults.Decide();
            if (plan.Drop)
            {
                // An inner request has no connection of its own to lose.
                plan = new FaultPlan { ServerError = true, Slow = plan.Slow };
            }

            return EmulatorHandler.Answer(_cloud.Options, service, inner, path, plan);
        }

        /// <summary>The inner request: the url below graph/v1.0/ of the outer request's host, its headers plus the outer token.</summary>
        private EmulatorRequest InnerRequest(EmulatorRequest outer, Item item)
        {
            var headers = new Dictionary<string, string>(item.Headers, StringComparer.OrdinalIgnoreCase);
            headers.Remove("Authorization");
            var authorization = outer.Header("Authorization");
            if (authorization != null)
            {
                headers["Authorization"] = authorization;
            }

            var uri = new Uri(outer.BaseUrl + "graph/v1.0/" + item.Url.TrimStart('/'));
            var inner = EmulatorRequest.BatchItem(item.Method, uri, headers, item.Body, outer.Cancellation);
            inner.RequestId = _cloud.NewRequestId();
            return inner;
        }

        /// <summary>Requests in array order, each after the ones it depends on; null for unknown ids or cycles.</summary>
        private static List<Item>? ExecutionOrder(List<Item> items, out string? problem)
        {
            problem = null;
            var byId = items.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
            var order = new List<Item>();
            var state = new Dictionary<Item, int>(); // 1 visiting, 2 done
            string? error = null;

            bool Visit(Item item)
            {
                if (state.TryGetValue(item, out var mark))
                {
                    if (mark == 1)
                    {
                        error = $"The dependsOn of request '{item.Id}' forms a cycle.";
                        return false;
                    }

                    return true;
                }

                state[item] = 1;
                foreach (var dependency in item.DependsOn)
                {
                    if (!byId.TryGetValue(dependency, out var prerequisite))
                    {
                        error = $"Request '{item.Id}' depends on '{dependency}', which is not in the batch.";
                        return false;
                    }

                    if (!Visit(prerequisite))
                    {
                        return false;
                    }
                }

                state[item] = 2;
                order.Add(item);
                return true;
            }

            foreach (var item in items)
            {
                if (!Visit(item))
                {
                    problem = error;
                    return null;
                }
            }

            return order;
        }

        /// <summary>Fisher-Yates seeded by the emulator seed and the ids; never the request order when there are two or more.</summary>
        private void Shuffle(List<Item> items)
        {
            var hash = 2166136261u;
            foreach (var c in string.Join("\n", items.Select(i => i.Id)))
            {
                hash = (hash ^ c) * 16777619u;
            }

            var random = new Random(unchecked((int)hash ^ _cloud.Options.Seed));
            var original = items.ToList();
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }

            if (items.Count > 1 && items.SequenceEqual(original))
            {
                items.Add(items[0]);
                items.RemoveAt(0);
            }
        }

        /// <summary>{"id","status","headers":{...},"body":json, text or null}.</summary>
        private static void WriteResponse(Utf8JsonWriter w, Item item)
        {
            var response = item.Response!;
            w.WriteStartObject();
            w.WriteString("id", item.Id);
            w.WriteNumber("status", response.Status);
            w.WriteStartObject("headers");
            if (response.ContentType != null)
            {
                w.WriteString("Content-Type", response.ContentType);
            }

            foreach (var header in response.Headers)
            {
                w.WriteString(header.Key, header.Value);
            }

            w.WriteEndObject();
            if (response.Body.Length == 0)
            {
                w.WriteNull("body");
            }
            else if (response.ContentType != null && response.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                using (var document = JsonDocument.Parse(response.Body))
                {
                    w.WritePropertyName("body");
                    document.RootElement.WriteTo(w);
                }
            }
            else
            {
                w.WriteString("body", Encoding.UTF8.GetString(response.Body));
            }

            w.WriteEndObject();
        }

        private sealed class Item
        {
            private Item(string id, string method, string url, Dictionary<string, string> headers, byte[] body, List<string> dependsOn)
            {
                Id = id;
                Method = method;
                Url = url;
                Headers = headers;
                Body = body;
                DependsOn = dependsOn;
            }

            public string Id { get; }
            public string Method { get; }
            /// <summary>Relative to the version root ("/users?$top=5" or "users/{id}").</summary>
            public string Url { get; }
            public Dictionary<string, string> Headers { get; }
            public byte[] Body { get; }
            public List<string> DependsOn { get; }
            public EmulatorResponse? Response { get; set; }

            public static Item? Read(JsonElement element, out string? problem)
            {
                problem = null;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problem = "Each batch request must be a JSON object.";
                    return null;
                }

                var id = element.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
                var method = element.TryGetProperty("method", out var methodValue) && methodValue.ValueKind == JsonValueKind.String
                    ? methodValue.GetString()!.ToUpperInvariant() : null;
                var url = element.TryGetProperty("url", out var urlValue) && urlValue.ValueKind == JsonValueKind.String ? urlValue.GetString() : null;
                if (string.IsNullOrEmpty(id) || method == null || string.IsNullOrEmpty(url))
                {
                    problem = "Each batch request needs a string 'id', 'method' and 'url'.";
                    return null;
                }

                if (!Methods.Contains(method))
                {
                    problem = $"Request '{id}': method '{method}' is not supported in a batch.";
                    return null;
                }

                if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
                {
                    problem = $"Request '{id}': the url must be relative to the version root (e.g. /users), not '{url}'.";
                    return null;
                }

                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (element.TryGetProperty("headers", out var headerValues) && headerValues.ValueKind != JsonValueKind.Null)
                {
                    if (headerValues.ValueKind != JsonValueKind.Object || headerValues.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String))
                    {
                        problem = $"Request '{id}': 'headers' must be an object of strings.";
                        return null;
                    }

                    foreach (var header in headerValues.EnumerateObject())
                    {
                        headers[header.Name] = header.Value.GetString()!;
                    }
                }

                var body = Array.Empty<byte>();
                if (element.TryGetProperty("body", out var bodyValue) && bodyValue.ValueKind != JsonValueKind.Null)
                {
                    if (!headers.ContainsKey("Content-Type"))
                    {
                        problem = $"Request '{id}': a request with a body needs a Content-Type header.";
                        return null;
                    }

                    body = Encoding.UTF8.GetBytes(bodyValue.GetRawText());
                }

                var dependsOn = new List<string>();
                if (element.TryGetProperty("dependsOn", out var dependsValue) && dependsValue.ValueKind != JsonValueKind.Null)
                {
                    if (dependsValue.ValueKind != JsonValueKind.Array || dependsValue.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
                    {
                        problem = $"Request '{id}': 'dependsOn' must be an array of request ids.";
                        return null;
                    }

                    dependsOn.AddRange(dependsValue.EnumerateArray().Select(d => d.GetString()!));
                }

                return new Item(id!, method, url!, headers, body, dependsOn);
            }
        }
    }
}
