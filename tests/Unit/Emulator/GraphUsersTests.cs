using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>GET users: paging ($top, absolute @odata.nextLink), $select, $filter and $count (CONTRACTS §0.1, §1.1).</summary>
    public sealed class GraphUsersTests
    {
        private static List<string> Ids(IEnumerable<JsonElement> pages) =>
            pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).Select(v => v.GetProperty("id").GetString()!).ToList();

        private static List<string> Ids(JsonElement page) =>
            page.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();

        [Fact]
        public async Task DefaultPageIs100AndNextLinkIsFollowedVerbatimToTheEnd()
        {
            using var client = EmulatorClient.Create(o =>
            {
                o.Customers = 2;
                o.UsersPerCustomer = 250;
            });
            var (customer, token) = client.GraphCustomer(client.Eu);

            var pages = await client.GraphPagesAsync("graph/v1.0/users", token);

            Assert.Equal(new[] { 100, 100, 50 }, pages.Select(p => p.GetProperty("value").GetArrayLength()));
            foreach (var page in pages.Take(2))
            {
                var next = page.GetProperty("@odata.nextLink").GetString()!;
                Assert.True(Uri.TryCreate(next, UriKind.Absolute, out _), next);
                Assert.StartsWith(EmulatorClient.BaseAddress + "graph/v1.0/users?", next);
                Assert.Contains("$skiptoken=", next);
            }

            Assert.False(pages[2].TryGetProperty("@odata.nextLink", out _));
            Assert.Equal(customer.Users.Select(u => u.Id), Ids(pages));
        }

        [Fact]
        public async Task TopSetsThePageSizeAndStaysInTheNextLink()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);

            var pages = await client.GraphPagesAsync("graph/v1.0/users?$top=7&$select=id,displayName", token);

            Assert.Equal(new[] { 7, 7, 6 }, pages.Select(p => p.GetProperty("value").GetArrayLength()));
            Assert.All(pages.Take(2), p => Assert.Contains("$top=7", p.GetProperty("@odata.nextLink").GetString()));
            Assert.Equal(customer.Users.Select(u => u.Id), Ids(pages));
            Assert.All(pages, p => Assert.All(p.GetProperty("value").EnumerateArray(), v => Assert.Equal(2, v.EnumerateObject().Count())));
        }

        [Fact]
        public async Task NextLinkIsBuiltFromTheRequestAuthority()
        {
            using var first = EmulatorClient.Create();
            using var client = EmulatorClient.For(first.Cloud, "http://127.0.0.1:5099/");
            var (_, token) = client.GraphCustomer(client.Eu);

            var pages = await client.GraphPagesAsync("graph/v1.0/users?$top=15", token);

            Assert.Equal(2, pages.Count);
            Assert.StartsWith("http://127.0.0.1:5099/graph/v1.0/users?", pages[0].GetProperty("@odata.nextLink").GetString());
            Assert.StartsWith("http://127.0.0.1:5099/graph/v1.0/$metadata#users", pages[0].GetProperty("@odata.context").GetString());
        }

        [Theory]
        [InlineData("0")]
        [InlineData("1000")]
        [InlineData("x")]
        public async Task TopOutOfRangeIsBadRequest(string top)
        {
            using var client = EmulatorClient.Create();
            var (_, token) = client.GraphCustomer(client.Eu);

            var reply = await client.GetAsync("graph/v1.0/users?$top=" + top, token);

            reply.AssertGraphError(400, "Request_BadRequest");
        }

        [Fact]
        public async Task SelectReturnsOnlyTheSelectedProperties()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);

            var selected = await client.GetAsync("graph/v1.0/users?$select=id,usageLocation,assignedLicenses,accountEnabled", token);
            var plain = await client.GetAsync("graph/v1.0/users", token);

            var values = selected.Json.GetProperty("value").EnumerateArray().ToList();
            Assert.Equal(customer.Users.Count, values.Count);
            Assert.All(values, v => Assert.Equal(
                new[] { "accountEnabled", "assignedLicenses", "id", "usageLocation" },
                v.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
            for (var i = 0; i < values.Count; i++)
            {
                var user = customer.Users[i];
                Assert.Equal(user.UsageLocation, values[i].GetProperty("usageLocation").GetString());
                Assert.Equal(user.AccountEnabled, values[i].GetProperty("accountEnabled").GetBoolean());
                Assert.Equal(user.AssignedLicenses.Select(l => l.SkuId),
                    values[i].GetProperty("assignedLicenses").EnumerateArray().Select(l => l.GetProperty("skuId").GetString()));
            }

            var defaults = new[]
            {
                "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation",
                "preferredLanguage", "surname", "userPrincipalName",
            };
            Assert.All(plain.Json.GetProperty("value").EnumerateArray(), v => Assert.Equal(
                defaults, v.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
        }

        [Fact]
        public async Task SelectOfAnUnknownOrProfileOnlyPropertyFails()
        {
            using var client = EmulatorClient.Create();
            var (_, token) = client.GraphCustomer(client.Eu);

            var unknown = await client.GetAsync("graph/v1.0/users?$select=id,shoeSize", token);
            var profile = await client.GetAsync("graph/v1.0/users?$select=id,skills", token);

            Assert.Equal(400, unknown.Status);
            Assert.Equal(501, profile.Status);
        }

        [Fact]
        public async Task FilterEqOnUserPrincipalNameFindsOneUser()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var user = customer.Users[5];

            var reply = await client.GetAsync(
                "graph/v1.0/users?$filter=" + EmulatorClient.Escape("userPrincipalName eq '" + user.UserPrincipalName.ToUpperInvariant() + "'"), token);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(user.Id, Assert.Single(Ids(reply.Json)));
        }

        [Fact]
        public async Task FilterStartsWithMatchesCaseInsensitively()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var prefix = customer.Users[3].DisplayName.Substring(0, 2).ToLowerInvariant();
            var expected = customer.Users.Where(u => u.DisplayName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(u => u.Id).ToList();

            var reply = await client.GetAsync("graph/v1.0/users?$filter=" + EmulatorClient.Escape("startswith(displayName,'" + prefix + "')"), token);

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(expected, Ids(reply.Json));
            Assert.True(expected.Count < customer.Users.Count, "the prefix should not match everybody");
        }

        [Fact]
        public async Task FilterAssignedLicensesAnyFindsTheHoldersAcrossPages()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var sku = customer.Users.SelectMany(u => u.AssignedLicenses).GroupBy(l => l.SkuId).OrderByDescending(g => g.Count()).First().Key;
            var expected = customer.Users.Where(u => u.AssignedLicenses.Any(l => l.SkuId == sku)).Select(u => u.Id).ToList();
            Assert.InRange(expected.Count, 2, customer.Users.Count - 1);

            var pages = await client.GraphPagesAsync(
                "graph/v1.0/users?$top=1&$select=id&$filter=" + EmulatorClient.Escape("assignedLicenses/any(x:x/skuId eq " + sku + ")"), token);

            Assert.Equal(expected, Ids(pages));
            Assert.Equal(expected.Count, pages.Count);
        }

        [Fact]
        public async Task CountNeedsConsistencyLevelEventual()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var enabled = customer.Users.Count(u => u.AccountEnabled);

            var without = await client.GetAsync("graph/v1.0/users?$count=true", token);
            var with = await client.GetAsync("graph/v1.0/users?$count=true&$top=5", token, ("ConsistencyLevel", "eventual"));
            var filtered = await client.GraphPagesAsync("graph/v1.0/users?$count=true&$top=3&$filter=accountEnabled%20eq%20true", token, ("ConsistencyLevel", "eventual"));
            var plain = await client.GetAsync("graph/v1.0/users?$top=5", token, ("ConsistencyLevel", "eventual"));

            without.AssertGraphError(400, "Request_UnsupportedQuery");
            Assert.True(with.Status == 200, with.ToString());
            Assert.Equal(customer.Users.Count, with.Json.GetProperty("@odata.count").GetInt32());
            Assert.Equal(5, with.Json.GetProperty("value").GetArrayLength());
            Assert.All(filtered, p => Assert.Equal(enabled, p.GetProperty("@odata.count").GetInt32()));
            Assert.Equal(enabled, filtered.Sum(p => p.GetProperty("value").GetArrayLength()));
            Assert.False(plain.Json.TryGetProperty("@odata.count", out _));
        }

        [Fact]
        public async Task AdvancedFiltersNeedEventualAndCount()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var filter = "$filter=" + EmulatorClient.Escape("endswith(userPrincipalName,'" + customer.DefaultDomain + "')");

            var without = await client.GetAsync("graph/v1.0/users?" + filter, token);
            var with = await client.GetAsync("graph/v1.0/users?$count=true&" + filter, token, ("ConsistencyLevel", "eventual"));

            without.AssertGraphError(400, "Request_UnsupportedQuery");
            Assert.Equal(200, with.Status);
            Assert.Equal(customer.Users.Count, with.Json.GetProperty("@odata.count").GetInt32());
        }

        [Fact]
        public async Task OrderByDisplayNameDescendingPagesInOrder()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);

            var pages = await client.GraphPagesAsync("graph/v1.0/users?$orderby=displayName%20desc&$top=6&$select=id,displayName", token);

            var names = pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).Select(v => v.GetProperty("displayName").GetString()!).ToList();
            Assert.Equal(4, pages.Count);
            Assert.Equal(customer.Users.Count, names.Count);
            Assert.Equal(customer.Users.Select(u => u.DisplayName).OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase), names);
        }

        [Fact]
        public async Task SearchNeedsEventual()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var surname = customer.Users[4].Surname!;
            var search = "$search=" + EmulatorClient.Escape("\"displayName:" + surname + "\"");

            var without = await client.GetAsync("graph/v1.0/users?" + search, token);
            var with = await client.GetAsync("graph/v1.0/users?$count=true&" + search, token, ("ConsistencyLevel", "eventual"));

            without.AssertGraphError(400, "Request_UnsupportedQuery");
            Assert.True(with.Status == 200, with.ToString());
            Assert.Contains(customer.Users[4].Id, Ids(with.Json));
            Assert.All(with.Json.GetProperty("value").EnumerateArray(),
                v => Assert.Contains(surname, v.GetProperty("displayName").GetString()!, StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task UserAddedThroughMutatePagesLast()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);
            var before = client.Cloud.ChangeCount;
            client.Cloud.Mutate(s =>
            {
                var tenant = s.FindTenant(customer.Id)!;
                tenant.Users.Add(new UserState { Id = s.NewId(), UserPrincipalName = "new.user@" + tenant.DefaultDomain, DisplayName = "New User" });
            });

            var pages = await client.GraphPagesAsync("graph/v1.0/users?$top=6&$select=id,userPrincipalName", token);
            var byUpn = await client.GetAsync("graph/v1.0/users/" + EmulatorClient.Escape("NEW.USER@" + customer.DefaultDomain), token);

            var upns = pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).Select(v => v.GetProperty("userPrincipalName").GetString()).ToList();
            Assert.Equal(21, upns.Count);
            Assert.Equal("new.user@" + customer.DefaultDomain, upns[20]);
            Assert.Equal(before + 1, client.Cloud.ChangeCount);
            Assert.Equal(200, byUpn.Status);
        }

        [Fact]
        public async Task UsersCountEndpointReturnsPlainText()
        {
            using var client = EmulatorClient.Create();
            var (customer, token) = client.GraphCustomer(client.Eu);

            var without = await client.GetAsync("graph/v1.0/users/$count", token);
            var with = await client.GetAsync("graph/v1.0/users/$count", token, ("ConsistencyLevel", "eventual"));

            Assert.Equal(400, without.Status);
            Assert.Equal(200, with.Status);
            Assert.StartsWith("text/plain", with.Message.Content.Headers.ContentType!.MediaType);
            Assert.Equal(customer.Users.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), with.Text);
        }
    }
}
