using System.IO;
using System.Linq;
using CspAdmin.Engine.Licensing;
using Xunit;

namespace CspAdmin.Tests.Licensing
{
    public sealed class ProductCatalogTests
    {
        [Theory]
        [InlineData("6fd2c87f-b296-42f0-b197-1e91e994b900", "Office 365 E3")]
        [InlineData("05e9a617-0261-4cee-bb44-138d3ef5d965", "Microsoft 365 E3")]
        [InlineData("cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", "Microsoft 365 Business Premium")]
        [InlineData("f245ecc8-75af-4f8e-b61f-27d8114de5f3", "Microsoft 365 Business Standard")]
        [InlineData("3b555118-da6a-4418-894f-7df1e2096870", "Microsoft 365 Business Basic")]
        [InlineData("EFCCB6F7-5641-4E0E-BD10-B4976E1BF68E", "Enterprise Mobility + Security E3")]
        public void ShippedTableNamesProductsBySkuId(string skuId, string name)
        {
            Assert.Equal(name, ProductCatalog.Default.ProductName(skuId, "IGNORED"));
        }

        [Fact]
        public void ShippedTableIsComplete()
        {
            // Microsoft's file as shipped: 569 distinct product GUIDs.
            Assert.Equal(569, ProductCatalog.Default.Products.Count);
            Assert.True(ProductCatalog.Default.Find("6fd2c87f-b296-42f0-b197-1e91e994b900")!.ServicePlans.Count > 10);
        }

        [Fact]
        public void PartNumbersAreNotUniqueSoTheGuidDecides()
        {
            var pstn = ProductCatalog.Default.Products.Where(p => p.SkuPartNumber == "MCOPSTN5").ToList();

            Assert.Equal(2, pstn.Count);
            Assert.NotEqual(pstn[0].SkuId, pstn[1].SkuId);
        }

        [Fact]
        public void UnknownSkusFallBackToThePartNumber()
        {
            Assert.Equal("NEW_SKU_2027", ProductCatalog.Default.ProductName("00000000-0000-0000-0000-000000000001", "NEW_SKU_2027"));
            Assert.Equal("skuId-value", ProductCatalog.Default.ProductName("skuId-value", null));
        }

        [Fact]
        public void QuotedNamesWithCommasParse()
        {
            const string csv = "\uFEFFProduct_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\r\n"
                + "\"Dynamics 365, Plan \"\"A\"\"\",DYN_A,11111111-1111-1111-1111-111111111111,PLAN_X,22222222-2222-2222-2222-222222222222,\"Plan X, friendly\"\r\n";

            var catalog = ProductCatalog.Parse(new StringReader(csv));

            var product = Assert.Single(catalog.Products);
            Assert.Equal("Dynamics 365, Plan \"A\"", product.DisplayName);
            Assert.Equal("Plan X, friendly", catalog.ServicePlanName("22222222-2222-2222-2222-222222222222"));
        }
    }
}
