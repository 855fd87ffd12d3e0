using System.Collections.Generic;

namespace CspAdmin.HelpCompiler
{
    /// <summary>One command's help, as read from a PlatyPS (schema 2.0.0) markdown file.</summary>
    public sealed class CommandHelp
    {
        public CommandHelp(string filePath, string name)
        {
            FilePath = filePath;
            Name = name;
        }

        public string FilePath { get; }

        /// <summary>The front matter's keys and values (external help file, Module Name, online version, schema...).</summary>
        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>The '# Verb-Noun' title.</summary>
        public string Name { get; }

        public string Verb => Name.Substring(0, Name.IndexOf('-'));

        public string Noun => Name.Substring(Name.IndexOf('-') + 1);

        /// <summary>The MAML file this command's help goes into (front matter 'external help file').</summary>
        public string ExternalHelpFile => Metadata.TryGetValue("external help file", out var value) ? value : string.Empty;

        public string? OnlineVersion => Metadata.TryGetValue("online version", out var value) && value.Length > 0 ? value : null;

        public List<string> Synopsis { get; } = new List<string>();

        /// <summary>'### SetName' headings under SYNTAX, in order; empty when the syntax block has no heading.</summary>
        public List<SyntaxSet> SyntaxSets { get; } = new List<SyntaxSet>();

        public List<string> Description { get; } = new List<string>();

        public List<HelpExample> Examples { get; } = new List<HelpExample>();

        public List<ParameterHelp> Parameters { get; } = new List<ParameterHelp>();

        /// <summary>True when the file has a '### CommonParameters' entry.</summary>
        public bool SupportsCommonParameters { get; set; }

        public List<TypeEntry> Inputs { get; } = new List<TypeEntry>();

        public List<TypeEntry> Outputs { get; } = new List<TypeEntry>();

        public List<string> Notes { get; } = new List<string>();

        public List<RelatedLink> RelatedLinks { get; } = new List<RelatedLink>();
    }

    /// <summary>A parameter set heading under SYNTAX ('### ByName (Default)') and its syntax line(s).</summary>
    public sealed class SyntaxSet
    {
        public SyntaxSet(string name, bool isDefault, string code, int line)
        {
            Name = name;
            IsDefault = isDefault;
            Code = code;
            Line = line;
        }

        /// <summary>The set's name; '__AllParameterSets' when the command has a single, unnamed set.</summary>
        public string Name { get; }

        public bool IsDefault { get; }

        public string Code { get; }

        public int Line { get; }
    }

    public sealed class HelpExample
    {
        public HelpExample(string title, int line)
        {
            Title = title;
            Line = line;
        }

        /// <summary>The heading text, e.g. 'Example 1: Get every customer'.</summary>
        public string Title { get; }

        public int Line { get; }

        /// <summary>The example's code blocks, in order.</summary>
        public List<string> Code { get; } = new List<string>();

        /// <summary>The explanation paragraphs.</summary>
        public List<string> Remarks { get; } = new List<string>();
    }

    public sealed class ParameterHelp
    {
        public ParameterHelp(string name, int line)
        {
            Name = name;
            Line = line;
        }

        /// <summary>The name without the leading dash.</summary>
        public string Name { get; }

        public int Line { get; }

        public List<string> Description { get; } = new List<string>();

        /// <summary>
        /// One yaml block per distinct combination of settings; PlatyPS writes several when a parameter
        /// is, say, mandatory in one set and optional in another.
        /// </summary>
        public List<ParameterMetadata> Metadata { get; } = new List<ParameterMetadata>();
    }

    /// <summary>The contents of one ```yaml block under a parameter.</summary>
    public sealed class ParameterMetadata
    {
        public const string AllSets = "(All)";

        public ParameterMetadata(int line)
        {
            Line = line;
        }

        public int Line { get; }

        public string Type { get; set; } = string.Empty;

        /// <summary>The set names, or the single entry '(All)'.</summary>
        public List<string> ParameterSets { get; } = new List<string>();

        public List<string> Aliases { get; } = new List<string>();

        public bool Required { get; set; }

        /// <summary>'Named' or a zero-based number, as written.</summary>
        public string Position { get; set; } = "Named";

        public string? DefaultValue { get; set; }

        /// <summary>As written: 'False', 'True (ByValue)', 'True (ByPropertyName)', 'True (ByValue, ByPropertyName)'.</summary>
        public string PipelineInput { get; set; } = "False";

        public bool AcceptsWildcards { get; set; }

        /// <summary>'Accepted values:' (PlatyPS writes it for ValidateSet).</summary>
        public List<string> AcceptedValues { get; } = new List<string>();

        public bool InAllSets => ParameterSets.Count == 1 && ParameterSets[0] == AllSets;

        public bool ByValue => PipelineInput.IndexOf("ByValue", System.StringComparison.OrdinalIgnoreCase) >= 0;

        public bool ByPropertyName => PipelineInput.IndexOf("ByPropertyName", System.StringComparison.OrdinalIgnoreCase) >= 0;

        public bool IsSwitch =>
            string.Equals(Type, "SwitchParameter", System.StringComparison.OrdinalIgnoreCase)
            || string.Equals(Type, "switch", System.StringComparison.OrdinalIgnoreCase)
            || string.Equals(Type, "System.Management.Automation.SwitchParameter", System.StringComparison.OrdinalIgnoreCase);

        public bool AppliesTo(string setName) =>
            InAllSets || ParameterSets.Exists(s => string.Equals(s, setName, System.StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A '### TypeName' entry under INPUTS or OUTPUTS.</summary>
    public sealed class TypeEntry
    {
        public TypeEntry(string typeName)
        {
            TypeName = typeName;
        }

        public string TypeName { get; }

        public List<string> Description { get; } = new List<string>();
    }

    public sealed class RelatedLink
    {
        public RelatedLink(string text, string uri)
        {
            Text = text;
            Uri = uri;
        }

        public string Text { get; }

        public string Uri { get; }
    }
}
