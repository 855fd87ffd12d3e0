using System;
using System.Collections.Generic;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>The PowerShell data file reader that the manifest and role capability tests rely on.</summary>
    public sealed class ModuleManifestTests
    {
        [Fact]
        public void ReadsNestedHashtablesAndArrays()
        {
            var data = ModuleManifest.Parse(@"
<# a block
   comment #>
@{
    Name = 'it''s'   # a comment
    Count = 2; Enabled = $true; Nothing = $null
    Pair = 'a', 'b'
    Lines = @(
        'c'
        'd', 'e'
        @{ Name = 'Set-X'; Parameters = @{ Name = 'P1' }, @{ Name = 'P2'; ValidateSet = 'x', 'y' } }
    )
    Empty = @()
    Nested = @{ Inner = @{ Deep = ""double `""quoted`"""" } }
}");

            Assert.Equal("it's", data["name"]);
            Assert.Equal(2.0, data["Count"]);
            Assert.Equal(true, data["Enabled"]);
            Assert.Null(data["Nothing"]);
            Assert.Equal(new object?[] { "a", "b" }, ModuleManifest.Items(data["Pair"]));
            var lines = ModuleManifest.Items(data["Lines"]);
            Assert.Equal(new object?[] { "c", "d", "e" }, new[] { lines[0], lines[1], lines[2] });
            var entry = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(lines[3]);
            var parameters = ModuleManifest.Items(entry["Parameters"]);
            Assert.Equal(2, parameters.Count);
            Assert.Equal(new object?[] { "x", "y" }, ModuleManifest.Items(((IReadOnlyDictionary<string, object?>)parameters[1]!)["ValidateSet"]));
            Assert.Empty(ModuleManifest.Items(data["Empty"]));
            var inner = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)data["Nested"]!)["Inner"]!;
            Assert.Equal("double \"quoted\"", inner["Deep"]);
        }

        [Theory]
        [InlineData("@{ A = 'x' 'y' }", "line 1: expected a line break, ';' or '}' after the value of 'A'")]
        [InlineData("@{ A = Get-Date }", "line 1: the bare word 'Get-Date' is not a value")]
        [InlineData("@{\n A = $env:PATH\n}", "line 2: $env")]
        [InlineData("@{\n A = 1\n a = 2\n}", "line 3: the key 'a' appears twice")]
        [InlineData("@{ A = @( 'x'\n", "line 2: expected a value, found the end of the file")]
        [InlineData("@{ A = 'open }", "line 1: the string that starts here is not closed")]
        [InlineData("@{ A = 1 }\n@{ B = 2 }", "line 2: expected the end of the file")]
        [InlineData("'a', 'b'", "line 1: expected '@{'")]
        public void RejectsWhatIsNotPowerShellData(string text, string message)
        {
            var error = Assert.Throws<FormatException>(() => ModuleManifest.Parse(text));
            Assert.StartsWith(message, error.Message);
        }

        [Fact]
        public void ReadListTakesTheStringsOfAListOrOfOneValue()
        {
            const string Psd1 = "@{ CmdletsToExport = @(\n 'Get-A'\n 'Set-B'\n)\n RootModule = 'X.dll'\n PrivateData = @{ PSData = @{ Tags = 'a', 'b' } } }";
            Assert.Equal(new[] { "Get-A", "Set-B" }, ModuleManifest.ReadList(Psd1, "cmdletstoexport"));
            Assert.Equal(new[] { "X.dll" }, ModuleManifest.ReadList(Psd1, "RootModule"));
            Assert.Null(ModuleManifest.ReadList(Psd1, "FunctionsToExport"));
        }
    }
}
