using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Tests.Support;
using Xunit;
using ProductCatalog = CspAdmin.Engine.Licensing.ProductCatalog;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>Get-CspOffer and New-CspSubscription engines: catalog, cart, checkout, fulfilment.</summary>
    public sealed class OrderTests
    {
        private const string Microsoft365E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

        [Fact]
        public async Task TheCatalogNamesOffersByProductAndPartNumber()
        {
            using var session = new EmulatorSession();

            var offers = await OfferCatalog.ListAsync(session.Eu, "DE", ProductCatalog.Default, CancellationToken.None);

            var e3 = Assert.Single(offers, o => o.SkuPartNumber == "SPE_E3");
            Assert.Equal("Microsoft 365 E3", e3.Product);
            Assert.Equal(Microsoft365E3, e3.SkuId, ignoreCase: true);
            Assert.Equal(3, e3.OfferId.Split(':').Length);
            Assert.Contains("P1Y", e3.TermDurations);
            Assert.Contains("monthly", e3.BillingCycles);
            Assert.Equal("DE", e3.Country);
        }

        [Fact]
        public async Task AnOrderIsWaitedForUntilTheSubscriptionIsActiveAndItsSeatsCount()
        {
            using var session = new EmulatorSession(new EmulatorOptions { TimeScale = 200 });
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var before = Expected.SeatsBySku(tenant).TryGetValue(Microsoft365E3, out var seats) ? seats.Active : 0;

            var subscription = await SubscriptionOrder.OrderAsync(session.Eu, tenant.Id, new OrderRequest { Offer = "SPE_E3", Quantity = 7 }, session.Journal,
                ProductCatalog.Default, _ => { }, null, CancellationToken.None);

            Assert.Equal("active", subscription.Status);
            Assert.Equal(7, subscription.Quantity);
            Assert.True(subscription.IsNce);
            Assert.Equal(7, subscription.RefundableQuantity);
            Assert.Equal(before + 7, Expected.SeatsBySku(session.Cloud.Read(s => s.FindTenant(tenant.Id)!))[Microsoft365E3].Active);
            Assert.Equal("Succeeded", Assert.Single(session.Journal.Read(), e => e.Operation == "SubscriptionOrdered").Outcome);
        }

        [Fact]
        public async Task NoWaitReturnsThePendingSubscription()
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];

            var subscription = await SubscriptionOrder.OrderAsync(session.Eu, tenant.Id, new OrderRequest { Offer = "Microsoft 365 E3", Quantity = 2, NoWait = true },
                session.Journal, ProductCatalog.Default, _ => { }, null, CancellationToken.None);

            Assert.Equal("pending", subscription.Status);
        }

        [Theory]
        [InlineData("NO_SUCH_OFFER", 1, "P1Y", "monthly", "OfferNotFound")]
        [InlineData("SPE_E3", 0, "P1Y", "monthly", "SubscriptionQuantityInvalid")]
        [InlineData("SPE_E3", 1000000, "P1Y", "monthly", "SubscriptionQuantityInvalid")]
        [InlineData("SPE_E3", 1, "P1M", "annual", "OfferBillingCycleInvalid")]
        public async Task BadOrdersBuyNothing(string offer, int quantity, string term, string billing, string errorId)
        {
            using var session = new EmulatorSession();
            var tenant = Expected.CustomersOf(session.Cloud, "eu")[0];
            var count = tenant.Subscriptions.Count;

            var error = await Assert.ThrowsAsync<CspException>(() => SubscriptionOrder.OrderAsync(session.Eu, tenant.Id,
                new OrderRequest { Offer = offer, Quantity = quantity, TermDuration = term, BillingCycle = billing }, session.Journal, ProductCatalog.Default, _ => { }, null,
                CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(count, session.Cloud.Read(s => s.FindTenant(tenant.Id)!.Subscriptions.Count));
        }
    }
}
