using System.Linq;
using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Commands
{
    /// <summary>Lists the stored profiles (no secrets are stored, so none is shown).</summary>
    [Cmdlet(VerbsCommon.Get, "CspProfile")]
    [OutputType(typeof(CspProfile))]
    public sealed class GetCspProfileCommand : CspCmdlet
    {
        /// <summary>Only profiles whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("Profile")]
        [ArgumentCompleter(typeof(StoredProfileCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var profiles = Run(() => ProfileStore.ForCurrentUser().Load());
            foreach (var name in Name ?? new[] { "*" })
            {
                var pattern = new Wildcard(name);
                var matches = profiles.Where(p => pattern.IsMatch(p.Name)).ToList();
                if (matches.Count == 0 && !Wildcard.ContainsWildcard(name))
                {
                    WriteError(ToErrorRecord(new Engine.CspException("ProfileNotFound", Engine.CspErrorCategory.ObjectNotFound,
                        $"There is no profile named '{name}'.", name)
                    {
                        RecommendedAction = "Run Get-CspProfile to see the stored profiles.",
                    }, name));
                }

                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
