using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CspAdmin.Engine.Connections;

namespace CspAdmin
{
    /// <summary>
    /// The connections of each runspace, so parallel runspaces (ThreadJob, runbooks) do not share sessions. The one
    /// accessor of cmdlets and argument completers alike: what Connect-CspService adds, a completer sees.
    /// </summary>
    internal static class SessionContexts
    {
        private static readonly ConditionalWeakTable<Runspace, CspContext> Contexts = new ConditionalWeakTable<Runspace, CspContext>();

        /// <summary>The context of the runspace this thread runs (made on first use); null on a thread that runs none.</summary>
        public static CspContext? Current =>
            Runspace.DefaultRunspace is { } runspace ? Contexts.GetValue(runspace, _ => new CspContext()) : null;
    }
}
