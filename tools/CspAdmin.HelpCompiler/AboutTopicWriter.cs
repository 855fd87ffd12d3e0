using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace CspAdmin.HelpCompiler
{
    /// <summary>
    /// Turns a plain markdown about topic (docs/help/about_*.md) into the text file Get-Help about_* prints:
    /// '# about_X' becomes TOPIC, '##' headings become upper-case headings at the margin, paragraphs and
    /// list items are indented four spaces and wrapped at 80 columns, code blocks are indented eight and
    /// kept as they are.
    /// </summary>
    public static class AboutTopicWriter
    {
        private const int Width = 80;

        private static readonly Regex ListItem = new Regex(@"^\s*([-*+]|\d+[.)])\s+(.*)$", RegexOptions.CultureInvariant);

        public static string Convert(string file, string markdown)
        {
            var blocks = MarkdownHelpParser.TokenizeDocument(file, markdown);
            var output = new StringBuilder();
            var paragraph = new List<string>();
            string? listMarker = null;
            bool sawTitle = false;

            void Flush()
            {
                if (paragraph.Count > 0)
                {
                    string text = MarkdownHelpParser.Inline(string.Join(" ", paragraph));
                    string first = listMarker is null ? "    " : "    " + listMarker + " ";
                    string rest = new string(' ', first.Length);
                    Wrap(output, text, first, rest);
                    if (listMarker is null)
                    {
                        output.Append('\n');
                    }

                    paragraph.Clear();
                }

                listMarker = null;
            }

            foreach (var block in blocks)
            {
                switch (block.Kind)
                {
                    case MarkdownHelpParser.BlockKind.Blank:
                        bool wasList = listMarker is not null;
                        Flush();
                        if (wasList)
                        {
                            output.Append('\n');
                        }

                        break;
                    case MarkdownHelpParser.BlockKind.Heading:
                        Flush();
                        EndWithBlankLine(output);
                        string heading = MarkdownHelpParser.Inline(block.Text.Trim());
                        if (block.Level == 1 && !sawTitle)
                        {
                            sawTitle = true;
                            output.Append("TOPIC\n    ").Append(heading).Append("\n\n");
                        }
                        else if (block.Level <= 2)
                        {
                            output.Append(heading.ToUpperInvariant()).Append('\n');
                        }
                        else
                        {
                            output.Append("    ").Append(heading).Append('\n');
                        }

                        break;
                    case MarkdownHelpParser.BlockKind.Fence:
                        Flush();
                        foreach (var line in block.Text.Split('\n'))
                        {
                            output.Append(line.Length == 0 ? string.Empty : "        " + line).Append('\n');
                        }

                        output.Append('\n');
                        break;
                    default:
                        var item = ListItem.Match(block.Text);
                        if (item.Success)
                        {
                            Flush();
                            listMarker = item.Groups[1].Value;
                            paragraph.Add(item.Groups[2].Value.Trim());
                        }
                        else
                        {
                            paragraph.Add(block.Text.Trim());
                        }

                        break;
                }
            }

            Flush();
            return Regex.Replace(output.ToString(), "\n{3,}", "\n\n").TrimEnd('\n') + "\n";
        }

        private static void EndWithBlankLine(StringBuilder output)
        {
            if (output.Length == 0)
            {
                return;
            }

            while (output.Length < 2 || output[output.Length - 1] != '\n' || output[output.Length - 2] != '\n')
            {
                output.Append('\n');
            }
        }

        private static void Wrap(StringBuilder output, string text, string firstIndent, string indent)
        {
            var line = new StringBuilder(firstIndent);
            bool empty = true;
            foreach (var word in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    output.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(indent);
                    empty = true;
                }

                if (!empty)
                {
                    line.Append(' ');
                }

                line.Append(word);
                empty = false;
            }

            output.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
