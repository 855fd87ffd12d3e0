using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using CspAdmin.HelpCompiler;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>tools/CspAdmin.HelpCompiler: PlatyPS markdown in, MAML and about-topic text out, malformed files named by line.</summary>
    public sealed class HelpCompilerTests : IDisposable
    {
        private static readonly string Sample = """
            ---
            external help file: CspAdmin.dll-Help.xml
            Module Name: CspAdmin
            online version: https://example.invalid/Get-CspSample
            schema: 2.0.0
            ---

            # Get-CspSample

            ## SYNOPSIS
            Gets samples.

            ## SYNTAX

            ### ByName (Default)
            ```
            Get-CspSample [[-Name] <String[]>] [-Force] [<CommonParameters>]
            ```

            ### ById
            ```
            Get-CspSample -Id <Guid> [-Force] [<CommonParameters>]
            ```

            ## DESCRIPTION
            The **Get-CspSample** cmdlet gets samples
            from the `emulator`.

            It pages \<automatically\>.

            ## EXAMPLES

            ### Example 1: Get every sample
            ```powershell
            PS C:\> Get-CspSample
            ```

            This gets & returns everything.

            ### Example 2: By id
            ```powershell
            Get-CspSample -Id 00000000-0000-0000-0000-000000000001
            ```

            Gets one.

            ## PARAMETERS

            ### -Name
            The names.

            ```yaml
            Type: String[]
            Parameter Sets: ByName
            Aliases: DisplayName

            Required: False
            Position: 0
            Default value: None
            Accept pipeline input: True (ByPropertyName)
            Accept wildcard characters: True
            ```

            ### -Id
            The id.

            ```yaml
            Type: Guid
            Parameter Sets: ById
            Aliases:

            Required: True
            Position: Named
            Default value: None
            Accept pipeline input: True (ByValue, ByPropertyName)
            Accept wildcard characters: False
            ```

            ### -Force
            Forces.

            ```yaml
            Type: SwitchParameter
            Parameter Sets: (All)
            Aliases:

            Required: False
            Position: Named
            Default value: False
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### CommonParameters
            This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

            ## INPUTS

            ### System.Guid
            An id.

            ## OUTPUTS

            ### CspAdmin.Engine.Model.Sample

            ## NOTES
            Needs a connection.

            ## RELATED LINKS

            [Get-CspOther](Get-CspOther.md)
            """.Replace("\r\n", "\n");

        private readonly string _root = Path.Combine(Path.GetTempPath(), "cspadmin-helpcompiler-" + Guid.NewGuid().ToString("N"));

        public HelpCompilerTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "docs"));
        }

        private string Docs => Path.Combine(_root, "docs");

        private string Output => Path.Combine(_root, "en-US");

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Fact]
        public void SampleCompilesToMaml()
        {
            Write("Get-CspSample.md", Sample);

            var result = HelpCompilation.Compile(Docs, Output);

            Assert.Equal(new[] { Path.Combine(Output, "CspAdmin.dll-Help.xml") }, result.WrittenFiles);
            var document = XDocument.Load(result.WrittenFiles[0]);
            XNamespace maml = MamlWriter.Maml, command = MamlWriter.Command, dev = MamlWriter.Dev;
            Assert.Equal("helpItems", document.Root!.Name.LocalName);
            Assert.Equal("maml", (string?)document.Root.Attribute("schema"));
            var cmd = Assert.Single(document.Root.Elements(command + "command"));

            var details = cmd.Element(command + "details")!;
            Assert.Equal("Get-CspSample", (string?)details.Element(command + "name"));
            Assert.Equal("Get", (string?)details.Element(command + "verb"));
            Assert.Equal("CspSample", (string?)details.Element(command + "noun"));
            Assert.Equal(new[] { "Gets samples." }, Paras(details.Element(maml + "description")));

            Assert.Equal(
                new[] { "The Get-CspSample cmdlet gets samples from the emulator.", "It pages <automatically>." },
                Paras(cmd.Element(maml + "description")));

            var syntax = cmd.Element(command + "syntax")!.Elements(command + "syntaxItem").ToList();
            Assert.Equal(2, syntax.Count);
            Assert.All(syntax, s => Assert.Equal("Get-CspSample", (string?)s.Element(maml + "name")));
            Assert.Equal(new[] { "Name", "Force" }, ParameterNames(syntax[0]));
            Assert.Equal(new[] { "Id", "Force" }, ParameterNames(syntax[1]));
            var forceInSyntax = syntax[0].Elements(command + "parameter").Single(p => (string?)p.Element(maml + "name") == "Force");
            Assert.Null(forceInSyntax.Element(command + "parameterValue"));

            var parameters = cmd.Element(command + "parameters")!.Elements(command + "parameter").ToList();
            Assert.Equal(new[] { "Name", "Id", "Force" }, parameters.Select(p => (string?)p.Element(maml + "name")));
            var name = parameters[0];
            Assert.Equal("false", (string?)name.Attribute("required"));
            Assert.Equal("0", (string?)name.Attribute("position"));
            Assert.Equal("True (ByPropertyName)", (string?)name.Attribute("pipelineInput"));
            Assert.Equal("true", (string?)name.Attribute("globbing"));
            Assert.Equal("DisplayName", (string?)name.Attribute("aliases"));
            Assert.Equal("String[]", (string?)name.Element(command + "parameterValue"));
            Assert.Equal("String[]", (string?)name.Element(dev + "type")!.Element(maml + "name"));
            Assert.Equal(new[] { "The names." }, Paras(name.Element(maml + "description")));
            var id = parameters[1];
            Assert.Equal("true", (string?)id.Attribute("required"));
            Assert.Equal("named", (string?)id.Attribute("position"));
            Assert.Equal("none", (string?)id.Attribute("aliases"));

            var input = Assert.Single(cmd.Element(command + "inputTypes")!.Elements(command + "inputType"));
            Assert.Equal("System.Guid", (string?)input.Element(dev + "type")!.Element(maml + "name"));
            Assert.Equal(new[] { "An id." }, Paras(input.Element(maml + "description")));
            var output = Assert.Single(cmd.Element(command + "returnValues")!.Elements(command + "returnValue"));
            Assert.Equal("CspAdmin.Engine.Model.Sample", (string?)output.Element(dev + "type")!.Element(maml + "name"));

            Assert.Equal(new[] { "Needs a connection." }, Paras(cmd.Element(maml + "alertSet")!.Element(maml + "alert")));

            var examples = cmd.Element(command + "examples")!.Elements(command + "example").ToList();
            Assert.Equal(2, examples.Count);
            Assert.Contains("Example 1: Get every sample", (string?)examples[0].Element(maml + "title"));
            Assert.Equal(@"PS C:\> Get-CspSample", (string?)examples[0].Element(dev + "code"));
            Assert.Equal(new[] { "This gets & returns everything." }, Paras(examples[0].Element(dev + "remarks")));
            Assert.Contains("Example 2: By id", (string?)examples[1].Element(maml + "title"));

            var links = cmd.Element(command + "relatedLinks")!.Elements(maml + "navigationLink").ToList();
            Assert.Equal(new[] { "Online Version:", "Get-CspOther" }, links.Select(l => (string?)l.Element(maml + "linkText")));
            Assert.Equal("https://example.invalid/Get-CspSample", (string?)links[0].Element(maml + "uri"));
        }

        [Fact]
        public void CommandsAreWrittenInNameOrder()
        {
            Write("Get-CspSample.md", Sample);
            Write("Add-CspSample.md", Sample.Replace("Get-CspSample", "Add-CspSample"));

            var result = HelpCompilation.Compile(Docs, Output);

            var names = XDocument.Load(result.WrittenFiles.Single()).Descendants(MamlWriter.Command + "details")
                .Select(d => (string?)d.Element(MamlWriter.Command + "name"));
            Assert.Equal(new[] { "Add-CspSample", "Get-CspSample" }, names);
        }

        [Fact]
        public void MissingSynopsisIsReportedAtTheTitle()
        {
            string text = Sample.Replace("## SYNOPSIS\nGets samples.\n\n", string.Empty);
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "# Get-CspSample"), error.Line);
            Assert.Contains("SYNOPSIS", error.Reason);
        }

        [Fact]
        public void ParameterWithoutYamlIsReportedAtItsHeading()
        {
            int start = Sample.IndexOf("```yaml\nType: Guid", StringComparison.Ordinal);
            int end = Sample.IndexOf("```\n", start + 3, StringComparison.Ordinal) + 4;
            string text = Sample.Remove(start, end - start);
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "### -Id"), error.Line);
            Assert.Contains("-Id", error.Reason);
            Assert.Contains("yaml", error.Reason);
        }

        [Fact]
        public void MissingExamplesAreAnError()
        {
            int start = Sample.IndexOf("### Example 1", StringComparison.Ordinal);
            int end = Sample.IndexOf("## PARAMETERS", StringComparison.Ordinal);
            string text = Sample.Remove(start, end - start);
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "## EXAMPLES"), error.Line);
            Assert.Contains("no example", error.Reason);
        }

        [Fact]
        public void ExampleWithoutCodeIsReportedAtItsHeading()
        {
            string text = Sample.Replace("```powershell\nGet-CspSample -Id 00000000-0000-0000-0000-000000000001\n```\n", string.Empty);
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "### Example 2"), error.Line);
        }

        [Fact]
        public void UnknownYamlKeyIsReportedAtItsLine()
        {
            string text = Sample.Replace("Type: Guid\n", "Type: Guid\nMandatory: True\n");
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "Mandatory: True"), error.Line);
            Assert.Contains("Mandatory", error.Reason);
        }

        [Fact]
        public void BadRequiredValueIsReportedAtItsLine()
        {
            string text = Sample.Replace("Type: Guid\nParameter Sets: ById\nAliases:\n\nRequired: True", "Type: Guid\nParameter Sets: ById\nAliases:\n\nRequired: Yes");
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "Required: Yes"), error.Line);
        }

        [Fact]
        public void UnclosedCodeBlockIsReportedWhereItOpens()
        {
            string text = Sample.Substring(0, Sample.IndexOf("## INPUTS", StringComparison.Ordinal)) + "```powershell\nGet-CspSample\n";
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(text.Split('\n').Length - 2, error.Line);
        }

        [Fact]
        public void UnknownParameterSetIsReportedAtItsYaml()
        {
            string text = Sample.Replace("Parameter Sets: ById", "Parameter Sets: ByIdentity");
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "Parameter Sets: ByIdentity") - 2, error.Line);
            Assert.Contains("ByIdentity", error.Reason);
        }

        [Fact]
        public void UnfilledPlatyPSPlaceholderIsAnError()
        {
            string text = Sample.Replace("Gets samples.", "{{ Fill in the Synopsis }}");
            var error = SingleError("Get-CspSample.md", text);

            Assert.Equal(LineOf(text, "{{ Fill in the Synopsis }}"), error.Line);
        }

        [Fact]
        public void TitleMustMatchFileName()
        {
            var error = SingleError("Get-CspOther.md", Sample);

            Assert.Equal(LineOf(Sample, "# Get-CspSample"), error.Line);
        }

        [Fact]
        public void EveryMalformedFileIsReported()
        {
            Write("Get-CspSample.md", Sample.Replace("## SYNOPSIS", "## SYNOPSYS"));
            Write("Get-CspOther.md", Sample.Replace("Get-CspSample", "Get-CspOther").Replace("schema: 2.0.0", "schema: 1.0.0"));

            var exception = Assert.Throws<HelpCompilationException>(() => HelpCompilation.Compile(Docs, Output));

            Assert.Equal(2, exception.Errors.Count);
            Assert.Contains(exception.Errors, e => e.File.EndsWith("Get-CspSample.md", StringComparison.Ordinal) && e.Line == LineOf(Sample, "## SYNOPSIS"));
            Assert.Contains(exception.Errors, e => e.File.EndsWith("Get-CspOther.md", StringComparison.Ordinal) && e.Line == 1);
            Assert.All(exception.Errors, e => Assert.Matches(@"^.+\.md\(\d+\): error HELP001: .+$", e.Message));
            Assert.False(Directory.Exists(Output));
        }

        [Fact]
        public void ConsoleExitsNonZeroNamingFileAndLine()
        {
            Write("Get-CspSample.md", Sample.Replace("## SYNOPSIS", "## SYNOPSYS"));
            var errors = new StringWriter();
            var original = Console.Error;
            int exitCode;
            Console.SetError(errors);
            try
            {
                exitCode = Program.Main(new[] { Docs, Output });
            }
            finally
            {
                Console.SetError(original);
            }

            Assert.Equal(1, exitCode);
            Assert.Contains($"Get-CspSample.md({LineOf(Sample, "## SYNOPSIS")}): error HELP001: unknown section '## SYNOPSYS'", errors.ToString());
            Assert.Equal(2, Program.Main(new[] { Docs }));
        }

        [Fact]
        public void AboutTopicBecomesHelpText()
        {
            Write("about_CspAdmin.md", """
                # about_CspAdmin

                ## Short description
                Manage **CSP** customers.

                ## Long description
                CspAdmin talks to Partner Center and Microsoft Graph for [CSP](https://example.invalid/csp) partners, routes every call by profile and journals every change so that bulk work can be resumed.

                - Connect with `Connect-CspService`.
                - Then read.

                ```powershell
                Connect-CspService -Emulator
                ```
                """);

            var result = HelpCompilation.Compile(Docs, Output);

            string path = Path.Combine(Output, "about_CspAdmin.help.txt");
            Assert.Contains(path, result.WrittenFiles);
            var lines = File.ReadAllText(path).Split('\n');
            Assert.Equal("TOPIC", lines[0]);
            Assert.Equal("    about_CspAdmin", lines[1]);
            Assert.Contains("SHORT DESCRIPTION", lines);
            Assert.Contains("    Manage CSP customers.", lines);
            Assert.Contains("LONG DESCRIPTION", lines);
            Assert.Contains("    - Connect with Connect-CspService.", lines);
            Assert.Contains("        Connect-CspService -Emulator", lines);
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"line longer than 80 columns: '{l}'"));
            Assert.Contains("CSP (https://example.invalid/csp)", string.Join(" ", lines.Select(l => l.Trim())));
        }

        [Fact]
        public void ModulePageAndReadmeAreNotCommands()
        {
            Write("Get-CspSample.md", Sample);
            Write("CspAdmin.md", "---\nModule Name: CspAdmin\nModule Guid: 5b0d6f3e-7c1a-4c2e-9f47-2d8e1b6a9c30\n---\n\n# CspAdmin Module\n");
            Write("README.md", "# Help sources\n");

            var result = HelpCompilation.Compile(Docs, Output);

            Assert.Equal(new[] { "Get-CspSample" }, result.Commands.Select(c => c.Name));
        }

        private static IEnumerable<string> ParameterNames(XElement syntaxItem) =>
            syntaxItem.Elements(MamlWriter.Command + "parameter").Select(p => (string)p.Element(MamlWriter.Maml + "name")!);

        private static string[] Paras(XElement? element) =>
            element?.Elements(MamlWriter.Maml + "para").Select(p => p.Value).ToArray() ?? Array.Empty<string>();

        private static int LineOf(string text, string lineStart)
        {
            var lines = text.Split('\n');
            int index = Array.FindIndex(lines, l => l.StartsWith(lineStart, StringComparison.Ordinal));
            Assert.True(index >= 0, $"'{lineStart}' is not in the text");
            return index + 1;
        }

        private HelpFormatException SingleError(string fileName, string text)
        {
            string path = Write(fileName, text);
            var exception = Assert.Throws<HelpCompilationException>(() => HelpCompilation.Compile(Docs, Output));
            var error = Assert.Single(exception.Errors);
            Assert.Equal(path, error.File);
            Assert.StartsWith($"{path}({error.Line}): error HELP001: ", error.Message);
            return error;
        }

        private string Write(string name, string text)
        {
            string path = Path.Combine(Docs, name);
            File.WriteAllText(path, text.Replace("\r\n", "\n"));
            return path;
        }
    }
}
