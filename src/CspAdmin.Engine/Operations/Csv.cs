using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CspAdmin.Engine.Operations
{
    /// <summary>RFC 4180 CSV as Microsoft's tables and Excel write it (quoted fields, doubled quotes; no line breaks inside fields).</summary>
    public static class Csv
    {
        public static string[] SplitLine(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            return fields.ToArray();
        }

        /// <summary>The header and the rows of a CSV file as column → value maps (names case-insensitive, BOM skipped, blank lines ignored).</summary>
        public static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) ReadFile(string path)
        {
            var rows = new List<IReadOnlyDictionary<string, string>>();
            using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                var header = reader.ReadLine();
                if (header == null)
                {
                    return (new string[0], rows);
                }

                var columns = SplitLine(header).Select(c => c.Trim().Trim('\uFEFF')).ToArray();
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    var fields = SplitLine(line);
                    var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < columns.Length; i++)
                    {
                        row[columns[i]] = i < fields.Length ? fields[i] : "";
                    }

                    rows.Add(row);
                }

                return (columns, rows);
            }
        }
    }
}
