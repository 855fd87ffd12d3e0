using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// module/CspAdmin.format.ps1xml read as PowerShell reads it: views in file order, each with the type names it
    /// selects and its table columns or list items, plus what the shape of the file breaks of the format schema.
    /// </summary>
    internal static class FormatFile
    {
        /// <summary>The widest a default table may be: the columns' widths plus one space between columns.</summary>
        public const int MaxTableWidth = 120;

        private static readonly Regex PipelineProperty = new Regex(@"\$_\.(\w+)", RegexOptions.CultureInvariant);

        /// <summary>Elements each element may contain (in the part of the format schema the module uses).</summary>
        private static readonly Dictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Configuration"] = new[] { "ViewDefinitions" },
            ["ViewDefinitions"] = new[] { "View" },
            ["View"] = new[] { "Name", "ViewSelectedBy", "TableControl", "ListControl" },
            ["ViewSelectedBy"] = new[] { "TypeName" },
            ["TableControl"] = new[] { "TableHeaders", "TableRowEntries" },
            ["TableHeaders"] = new[] { "TableColumnHeader" },
            ["TableColumnHeader"] = new[] { "Label", "Width", "Alignment" },
            ["TableRowEntries"] = new[] { "TableRowEntry" },
            ["TableRowEntry"] = new[] { "Wrap", "TableColumnItems" },
            ["TableColumnItems"] = new[] { "TableColumnItem" },
            ["TableColumnItem"] = new[] { "PropertyName", "ScriptBlock", "FormatString", "Alignment" },
            ["ListControl"] = new[] { "ListEntries" },
            ["ListEntries"] = new[] { "ListEntry" },
            ["ListEntry"] = new[] { "ListItems" },
            ["ListItems"] = new[] { "ListItem" },
            ["ListItem"] = new[] { "Label", "PropertyName", "ScriptBlock", "FormatString" },
        };

        private static readonly Lazy<IReadOnlyList<FormatView>> LoadedViews = new Lazy<IReadOnlyList<FormatView>>(() => Load().Root!.Elements("ViewDefinitions").Elements("View").Select(FormatView.Read).ToList());

        public static string PathName => Path.Combine(SurfacePaths.RepoRoot, "module", "CspAdmin.format.ps1xml");

        public static IReadOnlyList<FormatView> Views => LoadedViews.Value;

        public static XDocument Load() => XDocument.Load(PathName, LoadOptions.SetLineInfo);

        /// <summary>The views that select <paramref name="type"/> by its full name, in file order.</summary>
        public static IEnumerable<FormatView> ViewsOf(Type type) =>
            Views.Where(v => v.TypeNames.Contains(type.FullName!, StringComparer.OrdinalIgnoreCase));

        /// <summary>
        /// The view PowerShell shows by default: the first one for the type in the file. Subtypes get their own views,
        /// as PowerShell would otherwise show a base type's view for them.
        /// </summary>
        public static FormatView? DefaultView(Type type) => ViewsOf(type).FirstOrDefault();

        /// <summary>The properties a column or list item reads: its PropertyName, or every $_.Name in its script block.</summary>
        public static IEnumerable<string> ReadProperties(string? propertyName, string? scriptBlock) =>
            propertyName is not null
                ? new[] { propertyName }
                : PipelineProperty.Matches(scriptBlock ?? string.Empty).Cast<Match>().Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

        /// <summary>Where the file departs from the shape of the PowerShell format schema that the module uses.</summary>
        public static IEnumerable<string> ShapeErrors(XDocument document)
        {
            var root = document.Root!;
            if (root.Name.LocalName != "Configuration" || root.Name.Namespace != XNamespace.None)
            {
                yield return $"the root element is <{root.Name}>, not <Configuration>";
                yield break;
            }

            foreach (var element in root.DescendantsAndSelf())
            {
                string where = $"line {((IXmlLineInfo)element).LineNumber}: <{element.Name.LocalName}>";
                if (!Allowed.TryGetValue(element.Name.LocalName, out var children))
                {
                    if (element.HasElements)
                    {
                        yield return $"{where} should hold text only";
                    }

                    continue;
                }

                foreach (var child in element.Elements().Where(c => !children.Contains(c.Name.LocalName)))
                {
                    yield return $"{where} may not contain <{child.Name.LocalName}> (allowed: {string.Join(", ", children)})";
                }
            }

            foreach (var view in root.Elements("ViewDefinitions").Elements("View"))
            {
                string where = $"line {((IXmlLineInfo)view).LineNumber}: <View>";
                if (string.IsNullOrWhiteSpace((string?)view.Element("Name")))
                {
                    yield return $"{where} has no <Name>";
                }

                if (!view.Elements("ViewSelectedBy").Elements("TypeName").Any(t => !string.IsNullOrWhiteSpace(t.Value)))
                {
                    yield return $"{where} has no <ViewSelectedBy><TypeName>";
                }

                if (view.Elements().Count(e => e.Name.LocalName is "TableControl" or "ListControl") != 1)
                {
                    yield return $"{where} needs exactly one <TableControl> or <ListControl>";
                }

                foreach (var item in view.Descendants().Where(e => e.Name.LocalName is "TableColumnItem" or "ListItem"))
                {
                    if (item.Elements().Count(e => e.Name.LocalName is "PropertyName" or "ScriptBlock") != 1)
                    {
                        yield return $"line {((IXmlLineInfo)item).LineNumber}: <{item.Name.LocalName}> needs exactly one <PropertyName> or <ScriptBlock>";
                    }
                }

                foreach (var alignment in view.Descendants("Alignment").Where(a => a.Value is not ("Left" or "Right" or "Center")))
                {
                    yield return $"line {((IXmlLineInfo)alignment).LineNumber}: <Alignment> '{alignment.Value}' is not Left, Right or Center";
                }
            }

            foreach (var name in root.Elements("ViewDefinitions").Elements("View").Select(v => (string?)v.Element("Name")).GroupBy(n => n).Where(g => g.Count() > 1))
            {
                yield return $"the view name '{name.Key}' is used {name.Count()} times";
            }
        }
    }

    internal sealed class FormatView
    {
        private FormatView(string name, int line, IReadOnlyList<string> typeNames, bool isTable, IReadOnlyList<FormatField> fields, int headerCount, int rowEntries)
        {
            Name = name;
            Line = line;
            TypeNames = typeNames;
            IsTable = isTable;
            Fields = fields;
            HeaderCount = headerCount;
            RowEntries = rowEntries;
        }

        public string Name { get; }

        public int Line { get; }

        public IReadOnlyList<string> TypeNames { get; }

        public bool IsTable { get; }

        public bool IsList => !IsTable;

        /// <summary>Table columns (header and item side by side) or list items, in order.</summary>
        public IReadOnlyList<FormatField> Fields { get; }

        /// <summary>Table only: how many TableColumnHeaders there are (Fields pairs them with the first row's items).</summary>
        public int HeaderCount { get; }

        /// <summary>Table only: how many TableRowEntry elements there are.</summary>
        public int RowEntries { get; }

        /// <summary>Sum of the column widths plus one separating space between columns; null when a width is missing.</summary>
        public int? TotalWidth => Fields.Any(f => f.Width is null) ? null : Fields.Sum(f => f.Width!.Value) + Math.Max(0, Fields.Count - 1);

        public override string ToString() => $"{Name} (line {Line})";

        public static FormatView Read(XElement view)
        {
            string name = (string?)view.Element("Name") ?? "(no name)";
            int line = ((IXmlLineInfo)view).LineNumber;
            var typeNames = view.Elements("ViewSelectedBy").Elements("TypeName").Select(t => t.Value.Trim()).ToList();
            var table = view.Element("TableControl");
            if (table is null)
            {
                var items = view.Elements("ListControl").Elements("ListEntries").Elements("ListEntry").Take(1).Elements("ListItems").Elements("ListItem")
                    .Select(i => new FormatField((string?)i.Element("Label"), null, (string?)i.Element("PropertyName"), (string?)i.Element("ScriptBlock")))
                    .ToList();
                return new FormatView(name, line, typeNames, false, items, 0, 0);
            }

            var headers = table.Elements("TableHeaders").Elements("TableColumnHeader").ToList();
            var rows = table.Elements("TableRowEntries").Elements("TableRowEntry").ToList();
            var cells = rows.Take(1).Elements("TableColumnItems").Elements("TableColumnItem").ToList();
            var fields = new List<FormatField>();
            for (int i = 0; i < Math.Max(headers.Count, cells.Count); i++)
            {
                var header = i < headers.Count ? headers[i] : null;
                var cell = i < cells.Count ? cells[i] : null;
                int? width = int.TryParse((string?)header?.Element("Width"), out var parsed) ? parsed : null;
                fields.Add(new FormatField((string?)header?.Element("Label"), width, (string?)cell?.Element("PropertyName"), (string?)cell?.Element("ScriptBlock")));
            }

            return new FormatView(name, line, typeNames, true, fields, headers.Count, rows.Count);
        }
    }

    /// <summary>A table column (its header's label and width with its item) or a list item.</summary>
    internal sealed class FormatField
    {
        public FormatField(string? label, int? width, string? propertyName, string? scriptBlock)
        {
            Label = label;
            Width = width;
            PropertyName = propertyName?.Trim();
            ScriptBlock = scriptBlock;
        }

        public string? Label { get; }

        public int? Width { get; }

        public string? PropertyName { get; }

        public string? ScriptBlock { get; }

        /// <summary>What PowerShell shows as the column or item name.</summary>
        public string Title => Label ?? PropertyName ?? ScriptBlock ?? "(empty)";

        public IEnumerable<string> ReadProperties => FormatFile.ReadProperties(PropertyName, ScriptBlock);

        public override string ToString() => Title;
    }
}
