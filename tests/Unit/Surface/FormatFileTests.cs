using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml;
using Xunit;

namespace CspAdmin.Tests.Surface
{
    /// <summary>
    /// module/CspAdmin.format.ps1xml against every [OutputType] of the cmdlets: a default table that fits 120
    /// columns and shows names rather than ids, a list view with the details (ids included), properties that exist,
    /// and a ToString of each type's own. Each test lists every offender, not just the first.
    /// </summary>
    public sealed class FormatFileTests
    {
        /// <summary>Ids that do not end in "Id".</summary>
        private static readonly HashSet<string> KnownIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CertificateThumbprint",
        };

        /// <summary>Default table columns that read an id, each with why that is all right: (type, column label) → reason.</summary>
        private static readonly Dictionary<(string Type, string Column), string> IdColumnsAllowed = new Dictionary<(string, string), string>
        {
            [("CspAdmin.Engine.Model.Subscription", "AddOn")] = "shows only whether ParentSubscriptionId is set ('yes'), never the id",
        };

        /// <summary>Properties a list view may leave out, each with why: (type, property) → reason.</summary>
        private static readonly Dictionary<(string Type, string Property), string> ListOmissionsAllowed = new Dictionary<(string, string), string>();

        private static IReadOnlyList<Type> OutputTypes => CmdletSurface.Instance.OutputTypes();

        [Fact]
        public void FormatFileIsValidXmlInTheFormatSchemaShape()
        {
            System.Xml.Linq.XDocument document;
            try
            {
                document = FormatFile.Load();
            }
            catch (XmlException e)
            {
                Assert.Fail($"{FormatFile.PathName} is not valid XML: {e.Message}");
                return;
            }

            Offenders.None($"{FormatFile.PathName} must have the shape of the PowerShell format schema (Configuration/ViewDefinitions/View/Name, ViewSelectedBy/TypeName, TableControl|ListControl)",
                FormatFile.ShapeErrors(document));
        }

        [Fact]
        public void ThereAreOutputTypesToCheck()
        {
            Assert.True(OutputTypes.Count > 0, "no [OutputType] found in CspAdmin.dll");
        }

        [Fact]
        public void EveryViewSelectsAnOutputType()
        {
            var names = new HashSet<string>(OutputTypes.Select(t => t.FullName!), StringComparer.OrdinalIgnoreCase);
            Offenders.None(
                "every view must select a type some cmdlet declares in [OutputType] (a misspelt TypeName selects nothing)",
                FormatFile.Views.SelectMany(v => v.TypeNames.Where(n => !names.Contains(n)).Select(n => $"{v}: TypeName '{n}'")));
        }

        [Fact]
        public void EveryOutputTypeHasADefaultTableView()
        {
            var offenders = new List<string>();
            foreach (var type in OutputTypes)
            {
                var first = FormatFile.DefaultView(type);
                if (first is null)
                {
                    offenders.Add($"{type.FullName}: no view");
                }
                else if (!first.IsTable)
                {
                    offenders.Add($"{type.FullName}: the first view, {first}, is a list; the table view must come first to be the default");
                }
            }

            Offenders.None("every output type needs a table view, first in the file", offenders);
        }

        [Fact]
        public void TableViewsFitInto120ColumnsWithAWidthForEveryColumn()
        {
            var offenders = new List<string>();
            foreach (var view in FormatFile.Views.Where(v => v.IsTable))
            {
                if (view.RowEntries != 1)
                {
                    offenders.Add($"{view}: {view.RowEntries} <TableRowEntry>, one wanted");
                }

                int items = view.Fields.Count(f => f.PropertyName is not null || f.ScriptBlock is not null);
                if (view.HeaderCount != items)
                {
                    offenders.Add($"{view}: {view.HeaderCount} column headers but {items} column items");
                }

                foreach (var field in view.Fields)
                {
                    if (field.Width is null or <= 0)
                    {
                        offenders.Add($"{view}: column '{field.Title}' has no positive <Width>");
                    }
                    else if (field.Label is null)
                    {
                        offenders.Add($"{view}: a column of width {field.Width} has no <Label>");
                    }
                    else if (field.Label.Length > field.Width)
                    {
                        offenders.Add($"{view}: the label '{field.Label}' is wider than its column ({field.Width})");
                    }
                }

                if (view.TotalWidth > FormatFile.MaxTableWidth)
                {
                    offenders.Add($"{view}: {view.TotalWidth} characters wide ({string.Join(" + ", view.Fields.Select(f => f.Width))} + {view.Fields.Count - 1} separators)");
                }
            }

            Offenders.None($"table views must give every column a width and fit {FormatFile.MaxTableWidth} columns", offenders);
        }

        [Fact]
        public void DefaultTableViewsShowNamesNotIds()
        {
            var offenders = new List<string>();
            foreach (var type in OutputTypes)
            {
                var view = FormatFile.DefaultView(type);
                if (view is null || !view.IsTable)
                {
                    continue; // reported by EveryOutputTypeHasADefaultTableView
                }

                foreach (var field in view.Fields)
                {
                    var ids = field.ReadProperties.Where(IsId).ToList();
                    if (field.Label is not null && IsId(field.Label) && !ids.Contains(field.Label))
                    {
                        ids.Add(field.Label);
                    }

                    if (ids.Count > 0 && !IdColumnsAllowed.ContainsKey((type.FullName!, field.Title)))
                    {
                        offenders.Add($"{type.FullName}: column '{field.Title}' shows {string.Join(", ", ids)}");
                    }
                }
            }

            Offenders.None("default tables show friendly names; ids belong in the list view (or in IdColumnsAllowed, with a reason)", offenders);
        }

        [Fact]
        public void IdColumnExceptionsAreStillNeeded()
        {
            var offenders = IdColumnsAllowed.Keys
                .Where(key => FormatFile.Views.FirstOrDefault(v => v.TypeNames.Contains(key.Type, StringComparer.OrdinalIgnoreCase)) is not { IsTable: true } view
                    || !view.Fields.Any(f => f.Title == key.Column && f.ReadProperties.Any(IsId)))
                .Select(key => $"{key.Type} column '{key.Column}'");
            Offenders.None("IdColumnsAllowed lists columns that no longer read an id: remove them", offenders);
        }

        [Fact]
        public void EveryOutputTypeHasAListViewWithEveryProperty()
        {
            var offenders = new List<string>();
            foreach (var type in OutputTypes)
            {
                var list = FormatFile.ViewsOf(type).FirstOrDefault(v => v.IsList);
                if (list is null)
                {
                    offenders.Add($"{type.FullName}: no list view");
                    continue;
                }

                var shown = new HashSet<string>(list.Fields.SelectMany(f => f.ReadProperties), StringComparer.OrdinalIgnoreCase);
                foreach (var property in Properties(type).Where(p => !shown.Contains(p.Name) && !ListOmissionsAllowed.ContainsKey((type.FullName!, p.Name))))
                {
                    offenders.Add($"{type.FullName}: {list} leaves out {property.Name}" + (IsId(property.Name) ? " (an id: the list view is where ids are shown)" : string.Empty));
                }

                foreach (var field in list.Fields.Where(f => f.ScriptBlock is not null && string.IsNullOrWhiteSpace(f.Label)))
                {
                    offenders.Add($"{type.FullName}: {list} has a script block item without a <Label>: {field.ScriptBlock}");
                }
            }

            Offenders.None("every output type needs a list view showing all its properties, ids included (or in ListOmissionsAllowed, with a reason)", offenders);
        }

        [Fact]
        public void ViewsReadOnlyPropertiesTheTypeHas()
        {
            var offenders = new List<string>();
            foreach (var (view, type) in ViewsWithTheirTypes())
            {
                var properties = new HashSet<string>(Properties(type).Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
                foreach (var field in view.Fields)
                {
                    offenders.AddRange(field.ReadProperties.Where(p => !properties.Contains(p))
                        .Select(p => $"{view}: '{field.Title}' reads {p}, which {type.FullName} does not have"));
                }
            }

            Offenders.None("PropertyName and $_.Name in script blocks must name properties of the selected type", offenders);
        }

        [Fact]
        public void SecureStringsAreShownOnlyAsAPlaceholder()
        {
            var offenders = new List<string>();
            foreach (var (view, type) in ViewsWithTheirTypes())
            {
                var secrets = new HashSet<string>(
                    Properties(type).Where(p => p.PropertyType.FullName == "System.Security.SecureString").Select(p => p.Name),
                    StringComparer.OrdinalIgnoreCase);
                offenders.AddRange(view.Fields
                    .Where(f => f.ReadProperties.Any(secrets.Contains))
                    .Where(f => f.PropertyName is not null || f.ScriptBlock?.Contains("'(SecureString)'", StringComparison.Ordinal) != true)
                    .Select(f => $"{view}: '{f.Title}' should show '(SecureString)' when the password is there, through a script block"));
            }

            Offenders.None("a SecureString is shown only as the placeholder '(SecureString)'", offenders);
        }

        /// <summary>Each view with each output type it selects (other type names are reported by EveryViewSelectsAnOutputType).</summary>
        private static IEnumerable<(FormatView View, Type Type)> ViewsWithTheirTypes()
        {
            var types = OutputTypes.ToDictionary(t => t.FullName!, StringComparer.OrdinalIgnoreCase);
            return FormatFile.Views.SelectMany(v => v.TypeNames.Where(types.ContainsKey).Select(n => (v, types[n])));
        }

        private static bool IsId(string name) =>
            name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal) || KnownIds.Contains(name);

        private static IEnumerable<PropertyInfo> Properties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);
    }
}
