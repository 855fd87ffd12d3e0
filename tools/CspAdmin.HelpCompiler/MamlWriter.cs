using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CspAdmin.HelpCompiler
{
    /// <summary>
    /// Writes commands' help as MAML (the helpItems schema="maml" file Get-Help reads), in the shape
    /// PlatyPS's New-ExternalHelp produces. Get-Help matches elements by local name, so the prefixes
    /// are for people and tools that read the file.
    /// </summary>
    public static class MamlWriter
    {
        public static readonly XNamespace Msh = "http://msh";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

        public static XDocument ToDocument(IEnumerable<CommandHelp> commands)
        {
            var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
            foreach (var command in commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            {
                root.Add(CommandElement(command));
            }

            return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        }

        public static void Write(IEnumerable<CommandHelp> commands, string path)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(false),
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
            };
            using var stream = File.Create(path);
            using var writer = XmlWriter.Create(stream, settings);
            ToDocument(commands).Save(writer);
        }

        private static XElement CommandElement(CommandHelp help)
        {
            var element = new XElement(
                Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp));

            element.Add(new XElement(
                Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(help.Synopsis)));
            element.Add(Description(help.Description));
            element.Add(Syntax(help));
            element.Add(new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))));
            element.Add(new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))));
            element.Add(new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))));
            element.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))));
            element.Add(new XElement(Command + "examples", help.Examples.Select((e, i) => Example(e))));
            element.Add(RelatedLinks(help));
            return element;
        }

        private static XElement Description(IEnumerable<string> paragraphs) => new XElement(Maml + "description", Paras(paragraphs));

        private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));

        private static XElement Syntax(CommandHelp help)
        {
            var syntax = new XElement(Command + "syntax");
            foreach (var set in help.SyntaxSets)
            {
                var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", help.Name));
                var members = new List<(ParameterHelp Parameter, ParameterMetadata Metadata, int Order)>();
                for (int i = 0; i < help.Parameters.Count; i++)
                {
                    var parameter = help.Parameters[i];
                    var metadata = set.Name == MarkdownHelpParser.AllParameterSets
                        ? parameter.Metadata[0]
                        : parameter.Metadata.FirstOrDefault(m => m.AppliesTo(set.Name));
                    if (metadata is not null)
                    {
                        members.Add((parameter, metadata, i));
                    }
                }

                // Get-Help prints the syntax in the order given: positional parameters first (by position),
                // then mandatory named ones, then the rest, each group in the document's order.
                foreach (var member in members
                    .OrderBy(m => m.Metadata.Position == "Named" ? int.MaxValue : int.Parse(m.Metadata.Position, CultureInfo.InvariantCulture))
                    .ThenBy(m => m.Metadata.Required ? 0 : 1)
                    .ThenBy(m => m.Order))
                {
                    item.Add(Parameter(member.Parameter, member.Metadata, inSyntax: true));
                }

                syntax.Add(item);
            }

            return syntax;
        }

        private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
        {
            string type = metadata.IsSwitch ? "SwitchParameter" : metadata.Type;
            bool isArray = type.EndsWith("[]", StringComparison.Ordinal);
            var element = new XElement(
                Command + "parameter",
                new XAttribute("required", metadata.Required ? "true" : "false"),
                new XAttribute("variableLength", isArray ? "true" : "false"),
                new XAttribute("globbing", metadata.AcceptsWildcards ? "true" : "false"),
                new XAttribute("pipelineInput", metadata.PipelineInput),
                new XAttribute("position", metadata.Position.ToLowerInvariant()),
                new XAttribute("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none"),
                new XElement(Maml + "name", parameter.Name),
                Description(parameter.Description));

            if (inSyntax && metadata.AcceptedValues.Count > 0)
            {
                element.Add(new XElement(
                    Command + "parameterValueGroup",
                    metadata.AcceptedValues.Select(v => new XElement(
                        Command + "parameterValue",
                        new XAttribute("required", "false"),
                        new XAttribute("variableLength", "false"),
                        v))));
            }

            // As in PlatyPS's output: a switch shows no value in the syntax line.
            if (!inSyntax || !metadata.IsSwitch)
            {
                element.Add(new XElement(
                    Command + "parameterValue",
                    new XAttribute("required", metadata.IsSwitch ? "false" : "true"),
                    new XAttribute("variableLength", isArray ? "true" : "false"),
                    type));
            }

            element.Add(new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")));
            element.Add(new XElement(Dev + "defaultValue", metadata.DefaultValue ?? (metadata.IsSwitch ? "False" : "None")));
            return element;
        }

        private static XElement TypeElement(string name, TypeEntry entry) =>
            new XElement(
                Command + name,
                new XElement(Dev + "type", new XElement(Maml + "name", entry.TypeName)),
                Description(entry.Description));

        private static XElement Example(HelpExample example)
        {
            return new XElement(
                Command + "example",
                new XElement(Maml + "title", ExampleTitle(example.Title)),
                new XElement(Dev + "code", string.Join("\n\n", example.Code)),
                new XElement(Dev + "remarks", Paras(example.Remarks)));
        }

        /// <summary>Get-Help prints the title as it is; dashes set it apart the way built-in help does.</summary>
        internal static string ExampleTitle(string title)
        {
            const int Width = 64;
            int dashes = Math.Max(10, (Width - title.Length - 2) / 2);
            string rule = new string('-', dashes);
            return rule + " " + title + " " + rule;
        }

        private static XElement RelatedLinks(CommandHelp help)
        {
            var links = new XElement(Command + "relatedLinks");
            if (help.OnlineVersion is not null)
            {
                links.Add(NavigationLink("Online Version:", help.OnlineVersion));
            }

            foreach (var link in help.RelatedLinks)
            {
                // PlatyPS links sibling commands as 'Get-Foo.md'; in MAML a command is linked by name alone.
                bool local = link.Uri.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && link.Uri.IndexOf("://", StringComparison.Ordinal) < 0;
                links.Add(NavigationLink(link.Text, local ? string.Empty : link.Uri));
            }

            return links;
        }

        private static XElement NavigationLink(string text, string uri) =>
            new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));
    }
}
