using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CspAdmin.HelpCompiler
{
    /// <summary>
    /// Reads the markdown that PlatyPS's New-MarkdownHelp writes (schema 2.0.0) into a <see cref="CommandHelp"/>.
    /// A line parser rather than a general markdown library: the format is small and fixed, and every
    /// complaint has to name the line it is about.
    /// </summary>
    public static class MarkdownHelpParser
    {
        public const string AllParameterSets = "__AllParameterSets";

        private static readonly string[] KnownSections =
        {
            "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS" };

        private static readonly string[] RequiredYamlKeys = { "Type", "Parameter Sets", "Required", "Position", "Accept pipeline input" };

        private static readonly string[] KnownYamlKeys =
        {
            "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input",
            "Accept wildcard characters", "Accepted values", "Applicable",
        };

        private static readonly Regex Heading = new Regex(@"^(#{1,6})\s+(.*?)\s*#*\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex FenceOpen = new Regex(@"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)", RegexOptions.CultureInvariant);
        private static readonly Regex ListItem = new Regex(@"^\s*([-*+]|\d+[.)])\s+", RegexOptions.CultureInvariant);
        private static readonly Regex Placeholder = new Regex(@"\{\{\s*(Fill|Add)\b[^}]*\}\}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex CommandName = new Regex(@"^[A-Za-z]+-[A-Za-z0-9_]+$", RegexOptions.CultureInvariant);
        private static readonly Regex MarkdownEscape = new Regex(@"\\([\\`*_{}\[\]()#+\-.!<>|])", RegexOptions.CultureInvariant);
        private static readonly Regex Link = new Regex(@"\[([^\]]*)\]\(([^)\s]*)\)", RegexOptions.CultureInvariant);
        private static readonly Regex Emphasis = new Regex(@"(\*\*|__)(\S(?:.*?\S)?)\1", RegexOptions.CultureInvariant);
        private static readonly Regex InlineCode = new Regex(@"`([^`]+)`", RegexOptions.CultureInvariant);
        private static readonly Regex PipelineInput = new Regex(
            @"^(False|True(\s*\(\s*(ByValue|ByPropertyName|ByRemainingArguments)(\s*,\s*(ByValue|ByPropertyName|ByRemainingArguments))*\s*\))?)$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static CommandHelp ParseFile(string path) => Parse(path, File.ReadAllText(path));

        /// <param name="file">Used in error messages only.</param>
        /// <param name="markdown">The file's text.</param>
        public static CommandHelp Parse(string file, string markdown)
        {
            var lines = SplitLines(markdown);
            int index = 0;
            var metadata = ReadFrontMatter(file, lines, ref index);
            var blocks = Tokenize(file, lines, index);

            foreach (var block in blocks)
            {
                CheckPlaceholder(file, block);
            }

            int position = 0;
            while (position < blocks.Count && blocks[position].Kind == BlockKind.Blank)
            {
                position++;
            }

            if (position == blocks.Count || blocks[position].Kind != BlockKind.Heading || blocks[position].Level != 1)
            {
                int line = position < blocks.Count ? blocks[position].Line : lines.Count;
                throw new HelpFormatException(file, line, "expected the command's title ('# Verb-Noun') after the front matter");
            }

            var title = blocks[position];
            if (!CommandName.IsMatch(title.Text))
            {
                throw new HelpFormatException(file, title.Line, $"title '{title.Text}' is not a command name of the form Verb-Noun");
            }

            var help = new CommandHelp(file, title.Text);
            foreach (var pair in metadata)
            {
                help.Metadata[pair.Key] = pair.Value;
            }

            ValidateFrontMatter(file, help);

            var sections = SplitSections(file, blocks, position + 1);
            foreach (var required in RequiredSections)
            {
                if (!sections.ContainsKey(required))
                {
                    throw new HelpFormatException(file, title.Line, $"'{title.Text}' has no '## {required}' section");
                }
            }

            ReadSynopsis(file, help, sections["SYNOPSIS"]);
            ReadSyntax(file, help, sections["SYNTAX"]);
            ReadDescription(file, help, sections["DESCRIPTION"]);
            ReadExamples(file, help, sections["EXAMPLES"]);
            ReadParameters(file, help, sections["PARAMETERS"]);
            if (sections.TryGetValue("INPUTS", out var inputs))
            {
                ReadTypes(file, help.Inputs, inputs);
            }

            if (sections.TryGetValue("OUTPUTS", out var outputs))
            {
                ReadTypes(file, help.Outputs, outputs);
            }

            if (sections.TryGetValue("NOTES", out var notes))
            {
                help.Notes.AddRange(Paragraphs(notes.Body));
            }

            if (sections.TryGetValue("RELATED LINKS", out var links))
            {
                ReadLinks(help, links);
            }

            CheckParameterSets(file, help);
            return help;
        }

        /// <summary>Paragraphs of plain markdown (front matter, headings and fences as plain blocks), for about topics.</summary>
        internal static List<Block> TokenizeDocument(string file, string markdown)
        {
            var lines = SplitLines(markdown);
            int index = 0;
            if (lines.Count > 0 && lines[0].Trim() == "---")
            {
                ReadFrontMatter(file, lines, ref index);
            }

            return Tokenize(file, lines, index);
        }

        internal static List<string> SplitLines(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            return text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();
        }

        private static Dictionary<string, string> ReadFrontMatter(string file, List<string> lines, ref int index)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (lines.Count == 0 || lines[0].Trim() != "---")
            {
                throw new HelpFormatException(file, 1, "expected YAML front matter ('---' ... '---') at the top of the file");
            }

            for (int i = 1; i < lines.Count; i++)
            {
                string line = lines[i];
                if (line.Trim() == "---")
                {
                    index = i + 1;
                    return result;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new HelpFormatException(file, i + 1, $"front matter line '{line.Trim()}' is not 'key: value'");
                }

                result[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            throw new HelpFormatException(file, 1, "front matter is not closed by a '---' line");
        }

        private static void ValidateFrontMatter(string file, CommandHelp help)
        {
            if (!help.Metadata.TryGetValue("schema", out var schema) || schema != "2.0.0")
            {
                throw new HelpFormatException(file, 1, "front matter must say 'schema: 2.0.0' (the PlatyPS markdown schema this compiler reads)");
            }

            string target = help.ExternalHelpFile;
            if (target.Length == 0)
            {
                throw new HelpFormatException(file, 1, "front matter has no 'external help file:' (e.g. CspAdmin.dll-Help.xml)");
            }

            if (target.IndexOfAny(new[] { '/', '\\' }) >= 0 || !target.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(file, 1, $"'external help file: {target}' must be a file name ending in -Help.xml");
            }
        }

        internal enum BlockKind
        {
            Blank,
            Text,
            Heading,
            Fence,
        }

        internal sealed class Block
        {
            public Block(BlockKind kind, int line, string text, int level = 0, string language = "")
            {
                Kind = kind;
                Line = line;
                Text = text;
                Level = level;
                Language = language;
            }

            public BlockKind Kind { get; }

            /// <summary>One-based line number (for a fence: the opening line).</summary>
            public int Line { get; }

            /// <summary>Heading text, the text line, or a fence's content (lines joined by '\n').</summary>
            public string Text { get; }

            public int Level { get; }

            public string Language { get; }
        }

        private static List<Block> Tokenize(string file, List<string> lines, int start)
        {
            var blocks = new List<Block>();
            for (int i = start; i < lines.Count; i++)
            {
                string line = lines[i];
                var fence = FenceOpen.Match(line);
                if (fence.Success)
                {
                    string marker = fence.Groups[1].Value;
                    int open = i;
                    var content = new List<string>();
                    bool closed = false;
                    for (i++; i < lines.Count; i++)
                    {
                        string candidate = lines[i].Trim();
                        if (candidate.StartsWith(marker, StringComparison.Ordinal) && candidate.Trim(marker[0]).Length == 0)
                        {
                            closed = true;
                            break;
                        }

                        content.Add(lines[i].TrimEnd());
                    }

                    if (!closed)
                    {
                        throw new HelpFormatException(file, open + 1, $"code block opened with {marker} is never closed");
                    }

                    blocks.Add(new Block(BlockKind.Fence, open + 1, string.Join("\n", content).Trim('\n'), language: fence.Groups[2].Value.ToLowerInvariant()));
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    blocks.Add(new Block(BlockKind.Blank, i + 1, string.Empty));
                    continue;
                }

                var heading = Heading.Match(line);
                if (heading.Success)
                {
                    blocks.Add(new Block(BlockKind.Heading, i + 1, heading.Groups[2].Value, heading.Groups[1].Value.Length));
                    continue;
                }

                blocks.Add(new Block(BlockKind.Text, i + 1, line.TrimEnd()));
            }

            return blocks;
        }

        private static void CheckPlaceholder(string file, Block block)
        {
            foreach (var (text, offset) in BlockLines(block))
            {
                var match = Placeholder.Match(text);
                if (match.Success)
                {
                    throw new HelpFormatException(file, block.Line + offset, $"PlatyPS placeholder '{match.Value}' was never filled in");
                }
            }
        }

        private static IEnumerable<(string Text, int Offset)> BlockLines(Block block)
        {
            if (block.Kind != BlockKind.Fence)
            {
                yield return (block.Text, 0);
                yield break;
            }

            var content = block.Text.Split('\n');
            for (int i = 0; i < content.Length; i++)
            {
                yield return (content[i], i + 1);
            }
        }

        private sealed class Section
        {
            public Section(string name, int line)
            {
                Name = name;
                Line = line;
            }

            public string Name { get; }

            public int Line { get; }

            public List<Block> Body { get; } = new List<Block>();
        }

        private static Dictionary<string, Section> SplitSections(string file, List<Block> blocks, int start)
        {
            var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
            Section? current = null;
            for (int i = start; i < blocks.Count; i++)
            {
                var block = blocks[i];
                if (block.Kind == BlockKind.Heading && block.Level == 1)
                {
                    throw new HelpFormatException(file, block.Line, $"a second '# {block.Text}' title; one command per file");
                }

                if (block.Kind == BlockKind.Heading && block.Level == 2)
                {
                    string name = block.Text.Trim().ToUpperInvariant();
                    if (Array.IndexOf(KnownSections, name) < 0)
                    {
                        throw new HelpFormatException(file, block.Line, $"unknown section '## {block.Text}'; expected one of: {string.Join(", ", KnownSections)}");
                    }

                    if (sections.ContainsKey(name))
                    {
                        throw new HelpFormatException(file, block.Line, $"section '## {name}' appears twice");
                    }

                    current = new Section(name, block.Line);
                    sections.Add(name, current);
                    continue;
                }

                if (current is null)
                {
                    if (block.Kind != BlockKind.Blank)
                    {
                        throw new HelpFormatException(file, block.Line, "unexpected content between the title and '## SYNOPSIS'");
                    }

                    continue;
                }

                current.Body.Add(block);
            }

            return sections;
        }

        private static void ReadSynopsis(string file, CommandHelp help, Section section)
        {
            help.Synopsis.AddRange(Paragraphs(section.Body));
            if (help.Synopsis.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, "'## SYNOPSIS' is empty");
            }
        }

        private static void ReadDescription(string file, CommandHelp help, Section section)
        {
            help.Description.AddRange(Paragraphs(section.Body));
            if (help.Description.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, "'## DESCRIPTION' is empty");
            }
        }

        private static void ReadSyntax(string file, CommandHelp help, Section section)
        {
            string? setName = null;
            bool isDefault = false;
            int setLine = section.Line;
            bool pending = false;
            var unnamed = new List<Block>();
            foreach (var block in section.Body)
            {
                if (block.Kind == BlockKind.Heading)
                {
                    if (pending)
                    {
                        throw new HelpFormatException(file, setLine, $"syntax set '### {setName}' has no code block");
                    }

                    string text = block.Text.Trim();
                    isDefault = text.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                    setName = isDefault ? text.Substring(0, text.Length - "(Default)".Length).Trim() : text;
                    if (setName.Length == 0)
                    {
                        throw new HelpFormatException(file, block.Line, "syntax heading has no parameter set name");
                    }

                    setLine = block.Line;
                    pending = true;
                }
                else if (block.Kind == BlockKind.Fence)
                {
                    if (setName is null)
                    {
                        unnamed.Add(block);
                        continue;
                    }

                    if (!pending)
                    {
                        throw new HelpFormatException(file, block.Line, $"syntax set '### {setName}' has more than one code block");
                    }

                    if (help.SyntaxSets.Exists(s => string.Equals(s.Name, setName, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpFormatException(file, setLine, $"syntax set '{setName}' appears twice");
                    }

                    help.SyntaxSets.Add(new SyntaxSet(setName, isDefault, block.Text, setLine));
                    pending = false;
                }
            }

            if (pending)
            {
                throw new HelpFormatException(file, setLine, $"syntax set '### {setName}' has no code block");
            }

            if (unnamed.Count > 0 && help.SyntaxSets.Count > 0)
            {
                throw new HelpFormatException(file, unnamed[0].Line, "syntax code block without a '### SetName' heading while other sets have one");
            }

            if (unnamed.Count > 1)
            {
                throw new HelpFormatException(file, unnamed[1].Line, "several syntax code blocks need '### SetName' headings");
            }

            if (unnamed.Count == 1)
            {
                help.SyntaxSets.Add(new SyntaxSet(AllParameterSets, true, unnamed[0].Text, unnamed[0].Line));
            }

            if (help.SyntaxSets.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, "'## SYNTAX' has no code block");
            }

            if (help.SyntaxSets.Count(s => s.IsDefault) > 1)
            {
                throw new HelpFormatException(file, help.SyntaxSets.Where(s => s.IsDefault).ElementAt(1).Line, "more than one syntax set is marked (Default)");
            }
        }

        private static void ReadExamples(string file, CommandHelp help, Section section)
        {
            HelpExample? current = null;
            var remarks = new List<Block>();

            void Finish()
            {
                if (current is null)
                {
                    return;
                }

                if (current.Code.Count == 0)
                {
                    throw new HelpFormatException(file, current.Line, $"example '{current.Title}' has no code block");
                }

                current.Remarks.AddRange(Paragraphs(remarks));
                remarks.Clear();
                help.Examples.Add(current);
            }

            foreach (var block in section.Body)
            {
                if (block.Kind == BlockKind.Heading && block.Level == 3)
                {
                    Finish();
                    current = new HelpExample(block.Text.Trim(), block.Line);
                    continue;
                }

                if (current is null)
                {
                    if (block.Kind != BlockKind.Blank)
                    {
                        throw new HelpFormatException(file, block.Line, "text under '## EXAMPLES' before the first '### Example 1: ...' heading");
                    }

                    continue;
                }

                if (block.Kind == BlockKind.Fence)
                {
                    current.Code.Add(block.Text);
                }
                else
                {
                    remarks.Add(block);
                }
            }

            Finish();
            if (help.Examples.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, "'## EXAMPLES' has no example ('### Example 1: ...' with a code block)");
            }
        }

        private static void ReadParameters(string file, CommandHelp help, Section section)
        {
            ParameterHelp? current = null;
            bool inCommon = false;
            var description = new List<Block>();

            void Finish()
            {
                if (current is null)
                {
                    return;
                }

                if (current.Metadata.Count == 0)
                {
                    throw new HelpFormatException(file, current.Line, $"parameter -{current.Name} has no ```yaml block (Type, Parameter Sets, Required, Position, ...)");
                }

                current.Description.AddRange(Paragraphs(description));
                description.Clear();
                if (current.Description.Count == 0)
                {
                    throw new HelpFormatException(file, current.Line, $"parameter -{current.Name} has no description");
                }

                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var metadata in current.Metadata)
                {
                    foreach (var set in metadata.ParameterSets)
                    {
                        if (!seen.Add(set))
                        {
                            throw new HelpFormatException(file, metadata.Line, $"parameter -{current.Name} describes parameter set '{set}' twice");
                        }
                    }
                }

                if (current.Metadata.Count > 1 && current.Metadata.Exists(m => m.InAllSets))
                {
                    throw new HelpFormatException(file, current.Line, $"parameter -{current.Name} has a yaml block for (All) sets and others besides");
                }

                help.Parameters.Add(current);
                current = null;
            }

            foreach (var block in section.Body)
            {
                if (block.Kind == BlockKind.Heading && block.Level == 3)
                {
                    Finish();
                    string text = block.Text.Trim();
                    inCommon = false;
                    if (string.Equals(text, "CommonParameters", StringComparison.OrdinalIgnoreCase)
                        || string.Equals(text, "WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase))
                    {
                        help.SupportsCommonParameters = true;
                        inCommon = true;
                        continue;
                    }

                    if (!text.StartsWith("-", StringComparison.Ordinal) || text.Length < 2 || text.IndexOf(' ') >= 0)
                    {
                        throw new HelpFormatException(file, block.Line, $"parameter heading '### {text}' must be '### -Name' or '### CommonParameters'");
                    }

                    string name = text.Substring(1);
                    if (help.Parameters.Exists(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpFormatException(file, block.Line, $"parameter -{name} is described twice");
                    }

                    current = new ParameterHelp(name, block.Line);
                    continue;
                }

                if (current is null)
                {
                    if (block.Kind != BlockKind.Blank && !inCommon)
                    {
                        throw new HelpFormatException(file, block.Line, "text under '## PARAMETERS' before the first '### -Name' heading");
                    }

                    continue;
                }

                if (block.Kind == BlockKind.Fence && block.Language == "yaml")
                {
                    current.Metadata.Add(ReadYaml(file, current.Name, block));
                }
                else
                {
                    description.Add(block);
                }
            }

            Finish();
        }

        private static ParameterMetadata ReadYaml(string file, string parameter, Block block)
        {
            var metadata = new ParameterMetadata(block.Line);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var content = block.Text.Split('\n');
            for (int i = 0; i < content.Length; i++)
            {
                string raw = content[i];
                int line = block.Line + 1 + i;
                if (raw.Trim().Length == 0)
                {
                    continue;
                }

                int colon = raw.IndexOf(':');
                if (colon <= 0)
                {
                    throw new HelpFormatException(file, line, $"parameter -{parameter}: yaml line '{raw.Trim()}' is not 'Key: value'");
                }

                string key = raw.Substring(0, colon).Trim();
                string value = raw.Substring(colon + 1).Trim();
                string? known = KnownYamlKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    throw new HelpFormatException(file, line, $"parameter -{parameter}: unknown yaml key '{key}'; expected one of: {string.Join(", ", KnownYamlKeys)}");
                }

                if (!seen.Add(known))
                {
                    throw new HelpFormatException(file, line, $"parameter -{parameter}: yaml key '{known}' appears twice");
                }

                switch (known)
                {
                    case "Type":
                        if (value.Length == 0)
                        {
                            throw new HelpFormatException(file, line, $"parameter -{parameter}: 'Type:' is empty");
                        }

                        metadata.Type = value;
                        break;
                    case "Parameter Sets":
                        metadata.ParameterSets.AddRange(SplitList(value));
                        if (metadata.ParameterSets.Count == 0)
                        {
                            throw new HelpFormatException(file, line, $"parameter -{parameter}: 'Parameter Sets:' is empty (use '(All)')");
                        }

                        if (metadata.ParameterSets.Count > 1 && metadata.ParameterSets.Contains(ParameterMetadata.AllSets))
                        {
                            throw new HelpFormatException(file, line, $"parameter -{parameter}: '(All)' cannot be combined with set names");
                        }

                        if (metadata.ParameterSets.Count == 1 && metadata.ParameterSets[0] == AllParameterSets)
                        {
                            metadata.ParameterSets[0] = ParameterMetadata.AllSets;
                        }

                        break;
                    case "Aliases":
                        metadata.Aliases.AddRange(SplitList(value));
                        break;
                    case "Required":
                        metadata.Required = ParseBool(file, line, parameter, known, value);
                        break;
                    case "Position":
                        if (!string.Equals(value, "Named", StringComparison.OrdinalIgnoreCase)
                            && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int position) && position >= 0))
                        {
                            throw new HelpFormatException(file, line, $"parameter -{parameter}: 'Position: {value}' must be 'Named' or a number");
                        }

                        metadata.Position = string.Equals(value, "Named", StringComparison.OrdinalIgnoreCase) ? "Named" : value;
                        break;
                    case "Default value":
                        metadata.DefaultValue = value.Length == 0 ? null : value;
                        break;
                    case "Accept pipeline input":
                        if (!PipelineInput.IsMatch(value))
                        {
                            throw new HelpFormatException(file, line, $"parameter -{parameter}: 'Accept pipeline input: {value}' must be False or True (ByValue, ByPropertyName)");
                        }

                        metadata.PipelineInput = value;
                        break;
                    case "Accept wildcard characters":
                        metadata.AcceptsWildcards = ParseBool(file, line, parameter, known, value);
                        break;
                    case "Accepted values":
                        metadata.AcceptedValues.AddRange(SplitList(value));
                        break;
                }
            }

            foreach (var required in RequiredYamlKeys)
            {
                if (!seen.Contains(required))
                {
                    throw new HelpFormatException(file, block.Line, $"parameter -{parameter}: yaml block has no '{required}:'");
                }
            }

            return metadata;
        }

        private static bool ParseBool(string file, int line, string parameter, string key, string value)
        {
            if (string.Equals(value, "True", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(value, "False", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw new HelpFormatException(file, line, $"parameter -{parameter}: '{key}: {value}' must be True or False");
        }

        private static IEnumerable<string> SplitList(string value) =>
            value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0);

        private static void ReadTypes(string file, List<TypeEntry> entries, Section section)
        {
            TypeEntry? current = null;
            var description = new List<Block>();

            void Finish()
            {
                if (current is not null)
                {
                    current.Description.AddRange(Paragraphs(description));
                    description.Clear();
                    entries.Add(current);
                }
            }

            foreach (var block in section.Body)
            {
                if (block.Kind == BlockKind.Heading && block.Level == 3)
                {
                    Finish();
                    current = new TypeEntry(Unescape(block.Text.Trim()));
                    continue;
                }

                if (current is null)
                {
                    if (block.Kind != BlockKind.Blank)
                    {
                        throw new HelpFormatException(file, block.Line, $"text under '## {section.Name}' before the first '### TypeName' heading");
                    }

                    continue;
                }

                description.Add(block);
            }

            Finish();
        }

        private static void ReadLinks(CommandHelp help, Section section)
        {
            foreach (var block in section.Body)
            {
                if (block.Kind != BlockKind.Text)
                {
                    continue;
                }

                var matches = Link.Matches(block.Text);
                if (matches.Count == 0)
                {
                    string text = Unescape(ListItem.Replace(block.Text, string.Empty).Trim());
                    if (text.Length > 0)
                    {
                        help.RelatedLinks.Add(new RelatedLink(text, string.Empty));
                    }

                    continue;
                }

                foreach (Match match in matches)
                {
                    string text = Unescape(match.Groups[1].Value.Trim());
                    string uri = match.Groups[2].Value.Trim();
                    help.RelatedLinks.Add(new RelatedLink(text.Length > 0 ? text : uri, uri));
                }
            }
        }

        /// <summary>Every set a parameter names must be one of the SYNTAX section's sets.</summary>
        private static void CheckParameterSets(string file, CommandHelp help)
        {
            bool named = !(help.SyntaxSets.Count == 1 && help.SyntaxSets[0].Name == AllParameterSets);
            foreach (var parameter in help.Parameters)
            {
                foreach (var metadata in parameter.Metadata)
                {
                    if (metadata.InAllSets)
                    {
                        continue;
                    }

                    foreach (var set in metadata.ParameterSets)
                    {
                        if (named && !help.SyntaxSets.Exists(s => string.Equals(s.Name, set, StringComparison.OrdinalIgnoreCase)))
                        {
                            throw new HelpFormatException(
                                file,
                                metadata.Line,
                                $"parameter -{parameter.Name} names parameter set '{set}', which has no '### {set}' under '## SYNTAX'");
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Paragraphs of a section: lines joined by a space, a blank line or a list item starting a new one;
        /// a code block is one paragraph with its line breaks kept; a sub-heading is a paragraph of its own.
        /// </summary>
        internal static List<string> Paragraphs(IEnumerable<Block> blocks)
        {
            var result = new List<string>();
            var current = new StringBuilder();

            void Flush()
            {
                if (current.Length > 0)
                {
                    result.Add(current.ToString());
                    current.Clear();
                }
            }

            foreach (var block in blocks)
            {
                switch (block.Kind)
                {
                    case BlockKind.Blank:
                        Flush();
                        break;
                    case BlockKind.Fence:
                        Flush();
                        if (block.Text.Length > 0)
                        {
                            result.Add(block.Text);
                        }

                        break;
                    case BlockKind.Heading:
                        Flush();
                        result.Add(Inline(block.Text.Trim()));
                        break;
                    default:
                        string text = block.Text.Trim();
                        if (ListItem.IsMatch(block.Text))
                        {
                            Flush();
                        }

                        if (current.Length > 0)
                        {
                            current.Append(' ');
                        }

                        current.Append(Inline(text));
                        break;
                }
            }

            Flush();
            return result;
        }

        internal static string Unescape(string text) => MarkdownEscape.Replace(text, "$1");

        /// <summary>
        /// Plain text of a markdown line for Get-Help: '**bold**' and '`code`' lose their markers, a link
        /// keeps its text (and its address unless it points at a sibling .md file), escapes are undone.
        /// </summary>
        internal static string Inline(string text)
        {
            text = Link.Replace(text, m => m.Groups[2].Value.Length == 0 || m.Groups[2].Value.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                ? m.Groups[1].Value
                : m.Groups[1].Value + " (" + m.Groups[2].Value + ")");
            text = Emphasis.Replace(text, "$2");
            text = InlineCode.Replace(text, "$1");
            return Unescape(text);
        }
    }
}
