using System;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>One authorized Partner Center call: the partner account of the token and, on customer routes, the customer.</summary>
    internal sealed class PcCall
    {
        public PcCall(EmulatedCloud cloud, EmulatorRequest request, RouteValues route, PartnerAccountState partner, TokenClaims claims,
            TenantState? customer, PartnerRelationshipState? relationship, DateTimeOffset now)
        {
            Cloud = cloud;
            Request = request;
            Route = route;
            Partner = partner;
            Claims = claims;
            Customer = customer;
            Relationship = relationship;
            Now = now;
        }

        public EmulatedCloud Cloud { get; }
        public EmulatorRequest Request { get; }
        public RouteValues Route { get; }
        public PartnerAccountState Partner { get; }
        public TokenClaims Claims { get; }
        /// <summary>The customer of a customers/{customerId}/... route (always one with a relationship to <see cref="Partner"/>).</summary>
        public TenantState? Customer { get; }
        public PartnerRelationshipState? Relationship { get; }
        public DateTimeOffset Now { get; }

        public EmulatorResponse Ok(Action<System.Text.Json.Utf8JsonWriter> write) => Json(200, write);

        public EmulatorResponse Json(int status, Action<System.Text.Json.Utf8JsonWriter> write) => EmulatorResponse.Json(status, JsonBody.Write(write));
    }
}
