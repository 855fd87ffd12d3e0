using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Commands
{
    /// <summary>Lists the open connections of this session.</summary>
    [Cmdlet(VerbsCommon.Get, "CspContext")]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class GetCspContextCommand : CspCmdlet
    {
        /// <summary>Only profiles whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        protected override void EndProcessing()
        {
            var pattern = new Wildcard(string.IsNullOrEmpty(Profile) ? "*" : Profile!);
            WriteObject(Context.Connections.Where(c => pattern.IsMatch(c.Name)).Select(ConnectionInfo.From), enumerateCollection: true);
        }
    }
}
