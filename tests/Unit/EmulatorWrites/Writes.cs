using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;
using Xunit;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>Write-route helpers over <see cref="EmulatorClient"/>: JSON requests, error texts and scenario arrangement.</summary>
    internal static class Writes
    {
        public const string StrongPassword = "Xw8!vQ2#mLp9";

        public static Task<EmulatorReply> JsonAsync(this EmulatorClient client, string method, string url, string token, string? json,
            params (string Name, string Value)[] headers) =>
            client.SendAsync(new HttpMethod(method), url, token, headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)),
                json == null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

        public static Task<EmulatorReply> GraphAsync(this EmulatorClient client, string method, string path, string token, string? json = null,
            params (string Name, string Value)[] headers) =>
            client.JsonAsync(method, "graph/v1.0/" + path, token, json, headers);

        public static Task<EmulatorReply> PartnerCenterAsync(this EmulatorClient client, string method, string path, string token, string? json = null,
            params (string Name, string Value)[] headers) =>
            client.JsonAsync(method, "partnercenter/v1/" + path, token, json, headers);

        public static string Json(object value) => JsonSerializer.Serialize(value);

        /// <summary>POST users.</summary>
        public static Task<EmulatorReply> CreateUserAsync(this EmulatorClient client, string token, string json) =>
            client.GraphAsync("POST", "users", token, json);

        /// <summary>PATCH users/{id|upn}.</summary>
        public static Task<EmulatorReply> PatchUserAsync(this EmulatorClient client, string token, string user, string json) =>
            client.GraphAsync("PATCH", "users/" + user, token, json);

        /// <summary>DELETE users/{id|upn} (to deleted items).</summary>
        public static Task<EmulatorReply> DeleteUserAsync(this EmulatorClient client, string token, string user) =>
            client.GraphAsync("DELETE", "users/" + user, token);

        /// <summary>POST directory/deletedItems/{id}/restore.</summary>
        public static Task<EmulatorReply> RestoreAsync(this EmulatorClient client, string token, string id) =>
            client.GraphAsync("POST", "directory/deletedItems/" + id + "/restore", token);

        /// <summary>POST users/{id|upn}/assignLicense with a body of <see cref="AssignLicenseJson"/> (or any other).</summary>
        public static Task<EmulatorReply> AssignLicenseAsync(this EmulatorClient client, string token, string user, string json) =>
            client.GraphAsync("POST", "users/" + user + "/assignLicense", token, json);

        /// <summary>POST roleManagement/directory/roleAssignments.</summary>
        public static Task<EmulatorReply> AssignRoleAsync(this EmulatorClient client, string token, string json) =>
            client.GraphAsync("POST", "roleManagement/directory/roleAssignments", token, json);

        /// <summary>An assignLicense body: each added SKU with the same disabled plans; both lists are always sent (empty when not given).</summary>
        public static string AssignLicenseJson(string[]? add = null, string[]? remove = null, string[]? disabledPlans = null) =>
            Json(new
            {
                addLicenses = (add ?? Array.Empty<string>()).Select(s => new { skuId = s, disabledPlans = disabledPlans ?? Array.Empty<string>() }),
                removeLicenses = remove ?? Array.Empty<string>(),
            });

        /// <summary>A role assignment body at directory scope "/" unless told otherwise.</summary>
        public static string RoleAssignmentJson(string principalId, string roleDefinitionId, string directoryScopeId = "/") =>
            Json(new { principalId, roleDefinitionId, directoryScopeId });

        /// <summary>Asserts a Partner Center ApiFault with a numeric or string code.</summary>
        public static void AssertPcError(this EmulatorReply reply, int status, string code)
        {
            Assert.True(reply.Status == status, $"expected {status}: {reply}");
            Assert.Equal(code, reply.Json.GetProperty("code").ToString());
            Assert.Equal("PartnerFD", reply.Json.GetProperty("source").GetString());
        }

        public static GdapRelationshipState Gdap(this EmulatorClient client, TenantState tenant, EmulatedPartner partner) =>
            client.Cloud.Read(_ => tenant.RelationshipWith(partner.TenantId)!.Gdap!);

        /// <summary>A customer of <paramref name="partner"/> whose GDAP roles satisfy <paramref name="roles"/>.</summary>
        public static TenantState Customer(this EmulatorClient client, EmulatedPartner partner, Func<GdapRelationshipState, bool> roles) =>
            client.CustomersOf(partner).First(t => roles(t.RelationshipWith(partner.TenantId)!.Gdap!));

        /// <summary>An "eu" customer with User Administrator and License Administrator.</summary>
        public static TenantState FullCustomer(this EmulatorClient client) =>
            client.Customer(client.Eu, g => g.HasRole(GdapRoles.UserAdministrator) && g.HasRole(GdapRoles.LicenseAdministrator));

        /// <summary>The <see cref="FullCustomer"/> and an app+user Graph token of "eu" for it.</summary>
        public static (TenantState Tenant, string Token) FullCustomerWithToken(this EmulatorClient client)
        {
            var tenant = client.FullCustomer();
            return (tenant, client.GraphToken(client.Eu, tenant.Id));
        }

        /// <summary>Adds an unlicensed user through Mutate.</summary>
        public static UserState AddUser(this EmulatorClient client, TenantState tenant, string? usageLocation = "DE", string? alias = null)
        {
            UserState? user = null;
            client.Cloud.Mutate(s =>
            {
                var local = alias ?? "test.user." + s.IdCounter;
                user = new UserState
                {
                    Id = s.NewId(),
                    UserPrincipalName = local + "@" + tenant.DefaultDomain,
                    DisplayName = "Test User",
                    MailNickname = local,
                    UsageLocation = usageLocation,
                    CreatedDateTime = client.Clock.GetUtcNow(),
                };
                tenant.AddUser(user);
            });
            return user!;
        }

        /// <summary>A SKU of the tenant with active seats, other than <paramref name="except"/>.</summary>
        public static LicensePool ActivePool(this EmulatorClient client, TenantState tenant, string? except = null) =>
            client.Cloud.Read(_ => LicensePools.For(tenant).First(p => p.Enabled > 0 && p.Product != null && p.Product.ServicePlans.Count > 1
                && !string.Equals(p.SkuId, except, StringComparison.OrdinalIgnoreCase)));

        public static LicensePool Pool(this EmulatorClient client, TenantState tenant, string skuId) =>
            client.Cloud.Read(_ => LicensePools.Find(tenant, skuId)!);

        /// <summary>Changes the first active subscription of the SKU so that exactly <paramref name="free"/> seats are left.</summary>
        public static void SetFreeSeats(this EmulatorClient client, TenantState tenant, string skuId, int free)
        {
            client.Cloud.Mutate(_ =>
            {
                var pool = LicensePools.Find(tenant, skuId)!;
                var subscription = tenant.Subscriptions.First(s => s.SkuId == skuId && s.Status == SubscriptionStatus.Active);
                subscription.Quantity += free - pool.Available;
                Assert.True(subscription.Quantity >= 0, "cannot reach " + free + " free seats");
            });
            Assert.Equal(free, client.Pool(tenant, skuId).Available);
        }

        /// <summary>prepaidUnits.enabled and consumedUnits of a SKU as Graph subscribedSkus reports them.</summary>
        public static async Task<(int Enabled, int Consumed)> GraphSeatsAsync(this EmulatorClient client, string token, string skuId)
        {
            var reply = await client.GetAsync("graph/v1.0/subscribedSkus", token);
            Assert.Equal(200, reply.Status);
            var sku = reply.Json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("skuId").GetString() == skuId);
            return (sku.GetProperty("prepaidUnits").GetProperty("enabled").GetInt32(), sku.GetProperty("consumedUnits").GetInt32());
        }

        public static void AssertConsistent(this EmulatorClient client) => Assert.Empty(client.Cloud.CheckInvariants());

        public static string[] Skus(this JsonElement user) =>
            user.GetProperty("assignedLicenses").EnumerateArray().Select(l => l.GetProperty("skuId").GetString()!).OrderBy(s => s).ToArray();

        public static string NewUserJson(string upn, string password = StrongPassword, string? usageLocation = null) =>
            Json(new Dictionary<string, object?>
            {
                ["accountEnabled"] = true,
                ["displayName"] = "Adele Vance",
                ["mailNickname"] = "nick" + new string(upn.Split('@')[0].Where(char.IsAsciiLetterOrDigit).ToArray()),
                ["userPrincipalName"] = upn,
                ["passwordProfile"] = new Dictionary<string, object> { ["forceChangePasswordNextSignIn"] = true, ["password"] = password },
                ["usageLocation"] = usageLocation,
            }.Where(p => p.Value != null).ToDictionary(p => p.Key, p => p.Value));
    }
}
