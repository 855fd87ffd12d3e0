using System;
using System.Linq;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Graph checks the bearer token first; the token's tid decides which directory a call reads.</summary>
    public sealed class GraphAuthTests
    {
        [Fact]
        public async Task NoTokenIsInvalidAuthenticationToken()
        {
            using var client = EmulatorClient.Create();

            var reply = await client.GetAsync("graph/v1.0/users");

            reply.AssertGraphError(401, "InvalidAuthenticationToken");
            Assert.StartsWith("Bearer", reply.RequiredHeader("WWW-Authenticate"));
            var inner = reply.Json.GetProperty("error").GetProperty("innerError");
            Assert.Equal(reply.RequiredHeader("request-id"), inner.GetProperty("request-id").GetString());
            Assert.True(Guid.TryParse(inner.GetProperty("request-id").GetString(), out _));
        }

        [Fact]
        public async Task MalformedOrPartnerCenterTokenIsRejected()
        {
            using var client = EmulatorClient.Create();
            var (_, token) = client.GraphCustomer(client.Eu);
            var tampered = token.Substring(0, token.Length - 2) + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA");

            var garbage = await client.GetAsync("graph/v1.0/users", "not-a-token");
            var badSignature = await client.GetAsync("graph/v1.0/users", tampered);
            var wrongAudience = await client.GetAsync("graph/v1.0/users", client.PartnerCenterToken(client.Eu));

            Assert.Equal(401, garbage.Status);
            Assert.Equal(401, badSignature.Status);
            wrongAudience.AssertGraphError(401, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task TheTokensTenantDecidesWhichDirectoryIsRead()
        {
            using var client = EmulatorClient.Create();
            var customers = client.CustomersOf(client.Eu);
            var a = customers[0];
            var b = customers[1];
            var tokenA = client.GraphToken(client.Eu, a.Id);
            var tokenB = client.GraphToken(client.Eu, b.Id);

            var usersA = await client.GetAsync("graph/v1.0/users?$select=id&$top=999", tokenA);
            var usersB = await client.GetAsync("graph/v1.0/users?$select=id&$top=999", tokenB);
            var crossById = await client.GetAsync("graph/v1.0/users/" + b.Users[0].Id, tokenA);
            var crossByUpn = await client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(b.Users[0].UserPrincipalName), tokenA);
            var ownByUpn = await client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape(a.Users[0].UserPrincipalName), tokenA);
            var organizationB = await client.GetAsync("graph/v1.0/organization/" + b.Id, tokenA);

            Assert.Equal(a.Users.Select(u => u.Id), usersA.Json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
            Assert.Equal(b.Users.Select(u => u.Id), usersB.Json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
            Assert.Empty(a.Users.Select(u => u.Id).Intersect(b.Users.Select(u => u.Id)));
            crossById.AssertGraphError(404, "Request_ResourceNotFound");
            Assert.Equal(404, crossByUpn.Status);
            Assert.Equal(200, ownByUpn.Status);
            Assert.Equal(a.Users[0].Id, ownByUpn.Json.GetProperty("id").GetString());
            Assert.Equal(404, organizationB.Status);
        }

        [Fact]
        public async Task TenantWithoutGdapIsForbidden()
        {
            using var client = EmulatorClient.Create();
            // A token minted for a tenant the partner has no relationship with (the token endpoint would refuse it).
            var token = client.GraphToken(client.Eu, client.OtherOnlyCustomer().Id);

            var reply = await client.GetAsync("graph/v1.0/users", token);

            reply.AssertGraphError(403, "Authorization_RequestDenied");
        }

        [Fact]
        public async Task ExpiredGdapRelationshipIsForbidden()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            Assert.Equal(200, (await client.GetAsync("graph/v1.0/subscribedSkus", token)).Status);

            client.Cloud.Mutate(s => s.FindTenant(customer.Id)!.RelationshipWith(client.Eu.TenantId)!.Gdap!.EndDateTime = client.Clock.GetUtcNow().AddDays(-1));
            var reply = await client.GetAsync("graph/v1.0/subscribedSkus", token);

            reply.AssertGraphError(403, "Authorization_RequestDenied");
        }

        [Fact]
        public async Task ExpiredTokenIsRejected()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var token = await client.AccessTokenAsync(customer.Id, EmulatorClient.ClientCredentials(client.Eu, EmulatorClient.GraphScope));
            var expires = DateTimeOffset.FromUnixTimeSeconds(EmulatorClient.Claims(token).GetProperty("exp").GetInt64());

            client.Clock.Advance(expires - client.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
            var justBefore = await client.GetAsync("graph/v1.0/organization", token);
            client.Clock.Advance(TimeSpan.FromSeconds(2));
            var after = await client.GetAsync("graph/v1.0/organization", token);

            Assert.Equal(200, justBefore.Status);
            Assert.Contains("expired", after.AssertGraphError(401, "InvalidAuthenticationToken"));
        }
    }
}
