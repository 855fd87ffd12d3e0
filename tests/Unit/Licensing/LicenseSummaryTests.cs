using System.Collections.Generic;
using System.Linq;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Licensing;
using Xunit;

namespace CspAdmin.Tests.Licensing
{
    /// <summary>The aggregation maths of the license table, on hand-made subscribedSkus.</summary>
    public sealed class LicenseSummaryTests
    {
        private const string E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";

        [Fact]
        public void SameSkuUnderSeveralAccountsIsOneRow()
        {
            var skus = new List<GraphSubscribedSku>
            {
                Sku(E3, enabled: 10, suspended: 0, warning: 2, consumed: 9, "s1", "s2"),
                Sku(E3.ToUpperInvariant(), enabled: 5, suspended: 3, warning: 0, consumed: 4, "s3", "s2"),
            };

            var row = Assert.Single(LicenseOverview.Summarize(skus, "c", "Contoso", "p", ProductCatalog.Default));

            Assert.Equal("Office 365 E3", row.Product);
            Assert.Equal(15, row.Active);
            Assert.Equal(13, row.Assigned);
            Assert.Equal(2, row.Available);
            Assert.Equal(3, row.Suspended);
            Assert.Equal(2, row.Warning);
            Assert.Equal(new[] { "s1", "s2", "s3" }, row.SubscriptionIds);
        }

        [Fact]
        public void SuspendedSeatsAreNotAvailableAndOverAssignmentShowsNegative()
        {
            var skus = new List<GraphSubscribedSku> { Sku(E3, enabled: 0, suspended: 25, warning: 0, consumed: 14) };

            var row = Assert.Single(LicenseOverview.Summarize(skus, "c", "Contoso", "p", ProductCatalog.Default));

            Assert.Equal(0, row.Active);
            Assert.Equal(-14, row.Available);
            Assert.Equal(25, row.Suspended);
        }

        [Fact]
        public void EmptySkusAreLeftOutAndRowsAreSortedByProduct()
        {
            var skus = new List<GraphSubscribedSku>
            {
                Sku("05e9a617-0261-4cee-bb44-138d3ef5d965", 3, 0, 0, 1),
                Sku("3b555118-da6a-4418-894f-7df1e2096870", 0, 0, 0, 0),
                Sku(E3, 1, 0, 0, 0),
            };

            var rows = LicenseOverview.Summarize(skus, "c", "Contoso", "p", ProductCatalog.Default);

            Assert.Equal(new[] { "Microsoft 365 E3", "Office 365 E3" }, rows.Select(r => r.Product));
            Assert.All(rows, r => Assert.Equal("Contoso", r.CompanyName));
        }

        private static GraphSubscribedSku Sku(string skuId, int enabled, int suspended, int warning, int consumed, params string[] subscriptions) =>
            new GraphSubscribedSku
            {
                SkuId = skuId,
                SkuPartNumber = "PART",
                ConsumedUnits = consumed,
                PrepaidUnits = new GraphLicenseUnits { Enabled = enabled, Suspended = suspended, Warning = warning },
                SubscriptionIds = subscriptions.ToList(),
            };
    }
}
