using System.Collections.Generic;
using CspAdmin.Packager;
using Xunit;

namespace CspAdmin.Tests.Packaging
{
    /// <summary>tools/CspAdmin.Packager reads .psd1 files as PowerShell's data language does, and refuses the rest by line.</summary>
    public sealed class PowerShellDataFileTests
    {
        [Fact]
        public void ReadsTheValuesManifestsUse()
        {
            var data = PowerShellDataFile.Parse("""
                # Module manifest
                @{
                    RootModule = 'Sample.dll'   # trailing comment
                    'Quoted Key' = "double ""quoted"" `t tab, a `$ sign and a lone $"
                    Single = 'it''s'
                    <# a block
                       comment #>
                    Count = 42; Ratio = -1.5
                    Flags = @($true, $false, $null)
                    Commas = 'a', 'b',
                        'c'
                    Lines = @(
                        'one'
                        'two', 'three'
                    )
                    Empty = @()
                    Nested = @{
                        Inner = @{ Deep = 'yes' }
                    }
                    Notes = @'
                first line
                  'quoted' and "double" and $notAVariable
                '@
                    Expanded = @"
                tab`there
                "@
                }
                """, "sample.psd1");

            Assert.Equal("Sample.dll", data["rootmodule"]);
            Assert.Equal("double \"quoted\" \t tab, a $ sign and a lone $", data["Quoted Key"]);
            Assert.Equal("it's", data["Single"]);
            Assert.Equal(42L, data["Count"]);
            Assert.Equal(-1.5, data["Ratio"]);
            Assert.Equal(new object?[] { true, false, null }, data["Flags"]);
            Assert.Equal(new object?[] { "a", "b", "c" }, data["Commas"]);
            Assert.Equal(new object?[] { "one", "two", "three" }, data["Lines"]);
            Assert.Empty((IReadOnlyList<object?>)data["Empty"]!);
            var inner = (DataHashtable)((DataHashtable)data["Nested"]!)["Inner"]!;
            Assert.Equal("yes", inner["deep"]);
            Assert.Equal("first line\n  'quoted' and \"double\" and $notAVariable", data["Notes"]);
            Assert.Equal("tab\there", data["Expanded"]);
            Assert.Equal(3, data.LineOf("RootModule"));
            Assert.Equal(0, data.LineOf("Missing"));
        }

        [Fact]
        public void WindowsLineEndsAndAByteOrderMarkChangeNothing()
        {
            var data = PowerShellDataFile.Parse("\uFEFF@{\r\n  Notes = @'\r\nA\r\nB\r\n'@\r\n  Tags = @('x',\r\n 'y')\r\n}\r\n", "crlf.psd1");

            Assert.Equal("A\nB", data["Notes"]);
            Assert.Equal(new object?[] { "x", "y" }, data["Tags"]);
        }

        [Theory]
        [InlineData("@{\n  A = $env:USERNAME\n}", 2, "the variable '$env' is not allowed")]
        [InlineData("@{\n  A = \"hello $name\"\n}", 2, "a variable or sub-expression in double quotes is not allowed")]
        [InlineData("@{\n  A = 'x'\n  a = 'y'\n}", 3, "the key 'a' is given twice")]
        [InlineData("@{\n  A = [version]'1.0'\n}", 2, "'[' cannot start a value")]
        [InlineData("@{\n  A = 'x' 'y'\n}", 2, "expected a new line, ';' or '}' after the value of 'A'")]
        [InlineData("@{\n  A = @('x'\n", 2, "the array opened on line 2 is not closed")]
        [InlineData("@{\n  A = 'open\n}", 2, "the string opened on line 2 is not closed")]
        [InlineData("@{\n  A = @'\nno end\n}", 2, "the here-string opened on line 2 is not closed")]
        [InlineData("@{\n  A = 1.2.3\n}", 2, "quote a version")]
        [InlineData("'not a hashtable'", 1, "must hold one hashtable")]
        [InlineData("@{ A = 1 }\n@{ B = 2 }", 2, "after the hashtable")]
        public void RefusesWhatADataFileCannotHold(string text, int line, string reason)
        {
            var error = Assert.Throws<PackagingException>(() => PowerShellDataFile.Parse(text, "bad.psd1"));

            string message = Assert.Single(error.Errors);
            Assert.StartsWith($"bad.psd1({line}): error PACK001: ", message);
            Assert.Contains(reason, message);
        }
    }
}
