using System;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>One authorized Graph call: the request, the directory it reads (the token's tenant) and the emulator clock.</summary>
    internal sealed class GraphCall
    {
        public GraphCall(EmulatedCloud cloud, EmulatorRequest request, RouteValues route, TenantState tenant, TokenClaims claims, DateTimeOffset now)
        {
            Cloud = cloud;
            Request = request;
            Route = route;
            Tenant = tenant;
            Claims = claims;
            Now = now;
        }

        public EmulatedCloud Cloud { get; }
        public EmulatorRequest Request { get; }
        public RouteValues Route { get; }
        public TenantState Tenant { get; }
        public TokenClaims Claims { get; }
        public DateTimeOffset Now { get; }

        /// <summary>Absolute service root built from the incoming request, e.g. "https://emulator.cspadmin.test/graph/v1.0/".</summary>
        public string Root => Request.BaseUrl + "graph/v1.0/";

        public string Context(string fragment) => Root + "$metadata#" + fragment;

        /// <summary>@odata.nextLink: this request's absolute URL with its $skiptoken replaced by <paramref name="skipToken"/>.</summary>
        public string NextLink(string skipToken)
        {
            var path = new StringBuilder();
            for (var i = 2; i < Request.Segments.Length; i++)
            {
                path.Append(i == 2 ? "" : "/").Append(Uri.EscapeDataString(Request.Segments[i]));
            }

            var rest = Request.Query.RawWithout("$skiptoken");
            return Root + path + "?" + (rest.Length > 0 ? rest + "&" : "") + "$skiptoken=" + skipToken;
        }

        public EmulatorResponse Ok(Action<Utf8JsonWriter> write) => EmulatorResponse.Json(200, JsonBody.Write(write), GraphErrors.ContentType);

        public EmulatorResponse Created(string location, Action<Utf8JsonWriter> write) =>
            EmulatorResponse.Json(201, JsonBody.Write(write), GraphErrors.ContentType).WithHeader("Location", location);

        /// <summary>204 without a body (PATCH and DELETE).</summary>
        public EmulatorResponse NoContent() => new EmulatorResponse(204);

        public EmulatorResponse Error(int status, string code, string message) => GraphErrors.Error(Request, Now, status, code, message);

        /// <summary>The active user the route's {id} names (object id or UPN), or Graph's 404 for it.</summary>
        public bool TryRouteUser(out UserState user, out EmulatorResponse? notFound)
        {
            var id = Route["id"];
            var found = Tenant.FindUser(id);
            user = found!;
            notFound = found == null ? NotFound(id) : null;
            return found != null;
        }

        /// <summary>The request body as a JSON object, or the 400 Graph gives for an unreadable payload.</summary>
        public bool TryReadObject(out JsonElement body, out EmulatorResponse? error)
        {
            if (Request.TryReadJson(out body) && body.ValueKind == JsonValueKind.Object)
            {
                error = null;
                return true;
            }

            error = Error(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
            return false;
        }

        /// <summary>Graph's 400 for a missing or malformed property: "Invalid value specified for property 'x' of resource 'User'."</summary>
        public EmulatorResponse InvalidValue(string property, string resource = "User") =>
            BadRequest($"Invalid value specified for property '{property}' of resource '{resource}'.");

        public EmulatorResponse BadRequest(string message) => Error(400, "Request_BadRequest", message);

        public EmulatorResponse NotFound(string id) =>
            Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
    }
}
