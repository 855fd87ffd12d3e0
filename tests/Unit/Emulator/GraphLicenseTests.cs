using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>subscribedSkus and directory/subscriptions: the tenant's view over every partner's subscriptions.</summary>
    public sealed class GraphLicenseTests
    {
        [Fact]
        public async Task SubscribedSkusAreConsistentWithSubscriptionsAndUsers()
        {
            using var client = EmulatorClient.Create();
            var shared = client.SharedCustomer();
            // Seats that are not active: prepaidUnits.enabled must leave them out.
            client.Cloud.Mutate(s =>
            {
                var tenant = s.FindTenant(shared.Id)!;
                tenant.Subscriptions[0].Status = SubscriptionStatus.Suspended;
                tenant.Subscriptions[tenant.Subscriptions.Count - 1].Status = SubscriptionStatus.Expired;
            });

            var checkedPools = 0;
            foreach (var customer in client.CustomersOf(client.Eu).Concat(client.CustomersOf(client.Us)))
            {
                var reply = await client.GetAsync("graph/v1.0/subscribedSkus", client.GraphToken(Seller(client, customer), customer.Id));
                Assert.True(reply.Status == 200, reply.ToString());
                var values = reply.Json.GetProperty("value").EnumerateArray().ToList();
                Assert.Equal(customer.Subscriptions.Select(s => s.SkuId).Distinct().OrderBy(x => x), values.Select(v => v.GetProperty("skuId").GetString()).OrderBy(x => x));
                foreach (var value in values)
                {
                    var sku = value.GetProperty("skuId").GetString()!;
                    var subscriptions = customer.Subscriptions.Where(s => s.SkuId == sku).ToList();
                    var prepaid = value.GetProperty("prepaidUnits");
                    Assert.Equal(customer.Id + "_" + sku, value.GetProperty("id").GetString());
                    Assert.Equal(subscriptions.Where(s => s.Status == SubscriptionStatus.Active).Sum(s => s.Quantity), prepaid.GetProperty("enabled").GetInt32());
                    Assert.Equal(subscriptions.Where(s => s.Status == SubscriptionStatus.Suspended).Sum(s => s.Quantity), prepaid.GetProperty("suspended").GetInt32());
                    Assert.Equal(subscriptions.Where(s => s.Status == SubscriptionStatus.Expired).Sum(s => s.Quantity), prepaid.GetProperty("warning").GetInt32());
                    Assert.Equal(customer.Users.Count(u => u.AssignedLicenses.Any(l => l.SkuId == sku)), value.GetProperty("consumedUnits").GetInt32());
                    Assert.Equal(subscriptions.Select(s => s.DirectoryId).OrderBy(x => x),
                        value.GetProperty("subscriptionIds").EnumerateArray().Select(x => x.GetString()).OrderBy(x => x));
                    Assert.Equal(ProductCatalog.FindBySkuId(sku)!.SkuPartNumber, value.GetProperty("skuPartNumber").GetString());
                    checkedPools++;
                }
            }

            Assert.True(checkedPools > 30, checkedPools + " pools");
        }

        [Fact]
        public async Task SubscribedSkuById()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var pool = LicensePools.For(customer)[0];
            var token = client.GraphToken(client.Eu, customer.Id);

            var found = await client.GetAsync("graph/v1.0/subscribedSkus/" + customer.Id + "_" + pool.SkuId, token);
            var otherTenant = await client.GetAsync("graph/v1.0/subscribedSkus/" + client.CustomersOf(client.Eu)[1].Id + "_" + pool.SkuId, token);

            Assert.True(found.Status == 200, found.ToString());
            Assert.Equal(pool.Consumed, found.Json.GetProperty("consumedUnits").GetInt32());
            Assert.Equal(pool.Enabled, found.Json.GetProperty("prepaidUnits").GetProperty("enabled").GetInt32());
            Assert.Equal(404, otherTenant.Status);
        }

        [Fact]
        public async Task DirectorySubscriptionsListEveryPartnersSubscriptions()
        {
            using var client = EmulatorClient.Create();
            var shared = client.SharedCustomer();

            var graph = await client.GetAsync("graph/v1.0/directory/subscriptions", client.GraphToken(client.Eu, shared.Id));
            var ours = await client.GetAsync("partnercenter/v1/customers/" + shared.Id + "/subscriptions", client.PartnerCenterToken(client.Eu));
            var theirs = await client.GetAsync("partnercenter/v1/customers/" + shared.Id + "/subscriptions", client.PartnerCenterToken(client.Other));

            Assert.True(graph.Status == 200, graph.ToString());
            Assert.True(ours.Status == 200, ours.ToString());
            Assert.True(theirs.Status == 200, theirs.ToString());
            var values = graph.Json.GetProperty("value").EnumerateArray().ToList();
            var commerceIds = values.Select(v => v.GetProperty("commerceSubscriptionId").GetString()!).ToList();
            var oursIds = PcIds(ours.Json);
            var theirsIds = PcIds(theirs.Json);
            Assert.NotEmpty(oursIds);
            Assert.NotEmpty(theirsIds);
            Assert.Empty(oursIds.Intersect(theirsIds));
            Assert.Equal(oursIds.Concat(theirsIds).OrderBy(x => x), commerceIds.OrderBy(x => x));
            foreach (var value in values)
            {
                var subscription = shared.FindSubscription(value.GetProperty("commerceSubscriptionId").GetString())!;
                Assert.Equal(subscription.DirectoryId, value.GetProperty("id").GetString());
                Assert.NotEqual(subscription.Id, subscription.DirectoryId);
                Assert.Equal(subscription.Quantity, value.GetProperty("totalLicenses").GetInt32());
                Assert.Equal(subscription.SkuId, value.GetProperty("skuId").GetString());
            }

            // One subscription by either id.
            var other = shared.Subscriptions.First(s => s.SellerTenantId == client.Other.TenantId);
            var byCommerceId = await client.GetAsync("graph/v1.0/directory/subscriptions/" + other.Id, client.GraphToken(client.Eu, shared.Id));
            var byDirectoryId = await client.GetAsync("graph/v1.0/directory/subscriptions/" + other.DirectoryId, client.GraphToken(client.Eu, shared.Id));
            Assert.Equal(other.DirectoryId, byCommerceId.Json.GetProperty("id").GetString());
            Assert.Equal(other.Id, byDirectoryId.Json.GetProperty("commerceSubscriptionId").GetString());
        }

        [Fact]
        public async Task LicenseDetailsFollowTheUsersAssignments()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var user = customer.Users.First(u => u.AssignedLicenses.Count > 0);

            var reply = await client.GetAsync("graph/v1.0/users/" + user.Id + "/licenseDetails", client.GraphToken(client.Eu, customer.Id));

            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal(user.AssignedLicenses.Select(l => l.SkuId), reply.Json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("skuId").GetString()));
        }

        private static EmulatedPartner Seller(EmulatorClient client, TenantState customer) =>
            customer.RelationshipWith(client.Eu.TenantId) != null ? client.Eu : client.Us;

        private static List<string> PcIds(JsonElement collection) =>
            collection.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }
}
