using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine.Connections;

namespace CspAdmin.Commands
{
    /// <summary>Changes settings of a stored profile; settings not given stay as they are.</summary>
    [Cmdlet(VerbsCommon.Set, "CspProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = CloudSet)]
    [OutputType(typeof(CspProfile))]
    public sealed class SetCspProfileCommand : ProfileCmdlet
    {
        /// <summary>The profile to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(StoredProfileCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The partner's tenant id.</summary>
        [Parameter]
        public string? PartnerTenantId { get; set; }

        /// <summary>Write the changed profile to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var store = ProfileStore.ForCurrentUser();
            CspProfile? stored = null;
            if (!TryRun(() => stored = store.Get(Name), Name))
            {
                return;
            }

            var profile = stored!;
            Changes(PartnerTenantId).ApplyTo(profile);
            if (IsValid(profile) && ShouldProcess($"{profile.Name} in {store.FilePath}", "Change profile"))
            {
                if (TryRun(() => store.Replace(profile), Name) && PassThru)
                {
                    WriteObject(profile);
                }
            }
        }
    }
}
