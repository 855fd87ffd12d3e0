using System.Linq;
using CspAdmin.Engine.Completion;
using Xunit;

namespace CspAdmin.Tests.Completion
{
    /// <summary>How the typed word is read (quotes, wildcards) and how a chosen value is written back.</summary>
    public sealed class CompletionWordTests
    {
        private static readonly string[] Names = { "Northwind Traders", "Contoso", "Woodgrove Contoso", "contoso west" };

        [Theory]
        [InlineData("Con", null, "Con")]
        [InlineData("'Con", '\'', "Con")]
        [InlineData("'Con'", '\'', "Con")]
        [InlineData("\"Con", '"', "Con")]
        [InlineData("\u2018Con", '\'', "Con")]
        [InlineData("'O''Ne", '\'', "O'Ne")]
        [InlineData("", null, "")]
        public void AWordOpenedWithAQuoteIsMatchedWithoutIt(string typed, char? quote, string text)
        {
            var word = new CompletionWord(typed);

            Assert.Equal(quote, word.Quote);
            Assert.Equal(text, word.Text);
        }

        [Fact]
        public void ValuesStartingWithTheWordComeFirstThenThoseContainingIt()
        {
            var chosen = Choose("con");

            Assert.Equal(new[] { "Contoso", "contoso west", "Woodgrove Contoso" }, chosen);
        }

        [Fact]
        public void WildcardsMatchAsPrefixFirstAndAnywhereAfter()
        {
            Assert.Equal(new[] { "Contoso", "contoso west", "Woodgrove Contoso" }, Choose("C*o"));
            Assert.Equal(new[] { "Northwind Traders" }, Choose("N?rth"));
            Assert.Equal(new[] { "Northwind Traders" }, Choose("Tr*s"));
            Assert.Equal(new[] { "Contoso", "contoso west", "Woodgrove Contoso" }, Choose("[cw]o*s"));
        }

        [Fact]
        public void AnEmptyWordTakesEverythingInMenuOrder()
        {
            Assert.Equal(Names.OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase), Choose(""));
        }

        [Fact]
        public void IdsMatchOnlyAsPrefix()
        {
            var word = new CompletionWord("c39");
            var ids = new[] { ("0c39d6d5-c70d-4c55-bc02-f620844f3fd1", "Contoso"), ("c39e0000-0000-0000-0000-000000000001", "Fabrikam") };

            var chosen = word.Choose(ids, x => new CompletionItem(x.Item1, x.Item2), x => new[] { x.Item2 }, x => new[] { x.Item1 });

            Assert.Equal("Fabrikam", Assert.Single(chosen).ListItemText);
        }

        [Fact]
        public void TheSameCompletionAndMenuTextIsOfferedOnce()
        {
            var word = new CompletionWord("");

            var chosen = word.Choose(new[] { "SPE_E3", "SPE_E3", "ENTERPRISEPACK" }, n => new CompletionItem(n, n), n => new[] { n });

            Assert.Equal(new[] { "ENTERPRISEPACK", "SPE_E3" }, chosen.Select(c => c.CompletionText));
        }

        [Theory]
        [InlineData("Contoso", "Contoso")]
        [InlineData("contoso.onmicrosoft.com", "contoso.onmicrosoft.com")]
        [InlineData("SPE_E3", "SPE_E3")]
        [InlineData("Microsoft 365 E3", "'Microsoft 365 E3'")]
        [InlineData("O'Neil & Sons", "'O''Neil & Sons'")]
        [InlineData("Kim\u2019s", "'Kim\u2019\u2019s'")]
        [InlineData("a$b", "'a$b'")]
        [InlineData("x,y", "'x,y'")]
        [InlineData("-dash", "'-dash'")]
        [InlineData("(c)", "'(c)'")]
        [InlineData("CFQ7TTC0LF8Q:0001:CFQ7TTC0LF8S", "CFQ7TTC0LF8Q:0001:CFQ7TTC0LF8S")]
        public void ValuesWithSpacesOrSpecialCharactersAreSingleQuoted(string value, string expected)
        {
            Assert.Equal(expected, new CompletionWord("").Format(value));
        }

        [Fact]
        public void TheQuoteTheWordWasOpenedWithIsKept()
        {
            Assert.Equal("'Contoso'", new CompletionWord("'Con").Format("Contoso"));
            Assert.Equal("'O''Neil'", new CompletionWord("'O").Format("O'Neil"));
            Assert.Equal("\"Contoso Ltd\"", new CompletionWord("\"Con").Format("Contoso Ltd"));
            Assert.Equal("\"a`$b \"\"c\"\"\"", new CompletionWord("\"a").Format("a$b \"c\""));
        }

        [Fact]
        public void WildcardParametersGetTheWildcardCharactersEscaped()
        {
            Assert.Equal("'Fabrikam `[EU`]'", new CompletionWord("Fab").Format("Fabrikam [EU]", escapeWildcards: true));
            Assert.Equal("Contoso", new CompletionWord("Con").Format("Contoso", escapeWildcards: true));
            Assert.True(new CspAdmin.Engine.Operations.Wildcard("Fabrikam `[EU`]").IsMatch("Fabrikam [EU]"));
        }

        [Fact]
        public void ATrailingEscapeDoesNotSwallowThePrefixWildcard()
        {
            Assert.Equal(new[] { "Contoso", "contoso west", "Woodgrove Contoso" }, Choose("con`"));
        }

        private static string[] Choose(string typed)
        {
            var word = new CompletionWord(typed);
            return word.Choose(Names, n => new CompletionItem(n, n), n => new[] { n }).Select(i => i.ListItemText).ToArray();
        }
    }
}
