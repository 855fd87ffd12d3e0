using CspAdmin.Engine.Operations;
using Xunit;

namespace CspAdmin.Tests.Http
{
    public sealed class WildcardTests
    {
        [Theory]
        [InlineData("Contoso*", "contoso ltd", true)]
        [InlineData("Contoso*", "Fabrikam", false)]
        [InlineData("*Toys", "Tailspin Toys", true)]
        [InlineData("Co?oso", "Contoso", false)]
        [InlineData("Con?oso", "Contoso", true)]
        [InlineData("[A-C]*", "Adatum", true)]
        [InlineData("[A-C]*", "Northwind", false)]
        [InlineData("Price `[1`]", "Price [1]", true)]
        [InlineData("a.b", "axb", false)]
        public void MatchesLikePowerShell(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, new Wildcard(pattern).IsMatch(text));
        }

        [Theory]
        [InlineData("Contoso*", "Contoso")]
        [InlineData("*Toys", "")]
        [InlineData("North`*wind*", "North*wind")]
        public void LiteralPrefixFeedsTheServiceFilter(string pattern, string prefix)
        {
            Assert.Equal(prefix, new Wildcard(pattern).LiteralPrefix);
        }
    }
}
