using System;
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

        public EmulatorResponse Ok(Action<Utf8JsonWriter> write) => EmulatorResponse.Json(200, JsonBody.Write(write), GraphErrors.ContentType);

        public EmulatorResponse Error(int status, string code, string message) => GraphErrors.Error(Request, Now, status, code, message);

        public EmulatorResponse BadRequest(string message) => Error(400, "Request_BadRequest", message);

        public EmulatorResponse NotFound(string id) =>
            Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
    }
}
