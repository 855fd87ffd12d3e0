namespace CspAdmin.Engine.Completion
{
    /// <summary>One value offered for the word being completed: what is put on the command line, what the menu shows, and a tooltip.</summary>
    public sealed class CompletionItem
    {
        public CompletionItem(string completionText, string listItemText, string? toolTip = null)
        {
            CompletionText = completionText;
            ListItemText = string.IsNullOrEmpty(listItemText) ? completionText : listItemText;
            ToolTip = string.IsNullOrEmpty(toolTip) ? ListItemText : toolTip!;
        }

        /// <summary>The text that replaces the word, quoted where PowerShell needs it.</summary>
        public string CompletionText { get; }

        /// <summary>What a completion menu shows (never empty).</summary>
        public string ListItemText { get; }

        /// <summary>A longer description (never empty).</summary>
        public string ToolTip { get; }

        public override string ToString() => CompletionText;
    }
}
