using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    public sealed class SubscriptionTests
    {
        [Fact]
        public async Task OurSubscriptionsAndOtherPartnersAreTellApart()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 24 });
            var eu = session.Cloud.Partner("eu");
            var now = session.Cloud.Now;
            var sawOther = false;

            foreach (var tenant in Expected.CustomersOf(session.Cloud, "eu"))
            {
                var subscriptions = await SubscriptionReader.ReadAsync(session.Eu, tenant.Id, null, ProductCatalog.Default, _ => { }, CancellationToken.None);

                foreach (var state in tenant.Subscriptions.Where(s => s.Status != SubscriptionStatus.Deleted))
                {
                    var read = Assert.Single(subscriptions, s => string.Equals(s.SubscriptionId, state.Id, StringComparison.OrdinalIgnoreCase));
                    var ours = state.SellerTenantId == eu.TenantId;
                    Assert.Equal(ours, read.ProvidedByThisPartner);
                    Assert.Equal(state.SkuId, read.SkuId, ignoreCase: true);
                    Assert.Equal(state.Quantity, read.Quantity);
                    Assert.Equal(state.Status, read.Status);
                    Assert.Equal("emulator-eu", read.Profile);
                    Assert.Equal(ProductCatalog.Default.Find(state.SkuId)?.DisplayName, read.Product);
                    sawOther |= !ours;
                    if (!ours)
                    {
                        continue;
                    }

                    Assert.Equal(state.IsNce, read.IsNce);
                    Assert.Equal(state.ParentSubscriptionId, read.ParentSubscriptionId);
                    if (!state.IsNce)
                    {
                        Assert.Null(read.DecreaseAllowedUntil);
                        Assert.Equal(0, read.RefundableQuantity);
                    }
                    else
                    {
                        Assert.NotNull(read.DecreaseAllowedUntil);
                        var open = state.SeatEvents.Where(e => e.At.AddHours(168) > now).Sum(e => e.Quantity);
                        Assert.Equal(open, read.RefundableQuantity);
                        Assert.Equal(open > 0, read.DecreaseAllowedUntil > now);
                    }
                }
            }

            Assert.True(sawOther, "the seed should include subscriptions another partner provides");
        }

        [Fact]
        public async Task AddOnsPointAtTheirBaseSubscription()
        {
            using var session = new EmulatorSession(new EmulatorOptions { Customers = 24 });
            var tenant = Expected.CustomersOf(session.Cloud, "eu").First(t => t.Subscriptions.Any(s => s.ParentSubscriptionId != null));

            var subscriptions = await SubscriptionReader.ReadAsync(session.Eu, tenant.Id, null, ProductCatalog.Default, _ => { }, CancellationToken.None);

            var addOn = subscriptions.First(s => s.ParentSubscriptionId != null);
            Assert.Contains(subscriptions, s => string.Equals(s.SubscriptionId, addOn.ParentSubscriptionId, StringComparison.OrdinalIgnoreCase));
        }
    }
}
