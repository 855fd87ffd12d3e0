using System;
using System.Collections.Generic;

namespace CspAdmin.Tests.Surface
{
    /// <summary>PowerShell's approved verbs (Get-Verb in PowerShell 7.4, every group) and the ones that change state.</summary>
    internal static class PowerShellVerbs
    {
        public static readonly IReadOnlyDictionary<string, string> Approved = Build(new Dictionary<string, string[]>
        {
            ["Common"] = new[]
            {
                "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move",
                "New", "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search",
                "Select", "Set", "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            },
            ["Communications"] = new[] { "Connect", "Disconnect", "Read", "Receive", "Send", "Write" },
            ["Data"] = new[]
            {
                "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit",
                "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish",
                "Restore", "Save", "Sync", "Unpublish", "Update",
            },
            ["Diagnostic"] = new[] { "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace" },
            ["Lifecycle"] = new[]
            {
                "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install",
                "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend",
                "Uninstall", "Unregister", "Wait",
            },
            ["Security"] = new[] { "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect" },
            ["Other"] = new[] { "Use" },
        });

        /// <summary>Verbs whose cmdlets change something and so must support -WhatIf/-Confirm.</summary>
        public static readonly ISet<string> Mutating = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Add", "Approve", "Block", "Clear", "Copy", "Deny", "Disable", "Enable", "Grant", "Import", "Install",
            "Invoke", "Merge", "Move", "New", "Publish", "Register", "Remove", "Rename", "Reset", "Restart", "Restore",
            "Resume", "Revoke", "Set", "Start", "Stop", "Submit", "Suspend", "Sync", "Unblock", "Uninstall",
            "Unpublish", "Unregister", "Update",
        };

        private static IReadOnlyDictionary<string, string> Build(Dictionary<string, string[]> groups)
        {
            var verbs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in groups)
            {
                foreach (var verb in group.Value)
                {
                    verbs.Add(verb, group.Key);
                }
            }

            return verbs;
        }
    }
}
