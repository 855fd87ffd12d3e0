using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Connections;

namespace CspAdmin.Commands
{
    /// <summary>Deletes stored profiles. Open connections stay open until Disconnect-CspService.</summary>
    [Cmdlet(VerbsCommon.Remove, "CspProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCspProfileCommand : CspCmdlet
    {
        /// <summary>The profiles to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(StoredProfileCompleter))]
        public string[] Name { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            var store = ProfileStore.ForCurrentUser();
            foreach (var name in Name)
            {
                if (ShouldProcess($"{name} in {store.FilePath}", "Remove profile"))
                {
                    TryRun(() => store.Remove(name), name);
                }
            }
        }
    }
}
