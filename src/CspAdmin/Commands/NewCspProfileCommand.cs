using System.Management.Automation;
using CspAdmin.Engine.Connections;

namespace CspAdmin.Commands
{
    /// <summary>Stores a named Partner Center connection (no secret) in the user's profile file.</summary>
    [Cmdlet(VerbsCommon.New, "CspProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = CloudSet)]
    [OutputType(typeof(CspProfile))]
    public sealed class NewCspProfileCommand : ProfileCmdlet
    {
        /// <summary>The profile's name, used by Connect-CspService -Profile.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = "";

        /// <summary>The partner's tenant id (the Partner Center account's directory).</summary>
        [Parameter(Mandatory = true)]
        public string PartnerTenantId { get; set; } = "";

        protected override void EndProcessing()
        {
            var profile = new CspProfile { Name = Name.Trim() };
            Changes(PartnerTenantId).ApplyTo(profile);
            var store = ProfileStore.ForCurrentUser();
            if (IsValid(profile) && ShouldProcess($"{profile.Name} ({profile.Cloud}, partner tenant {profile.PartnerTenantId}) in {store.FilePath}", "Create profile"))
            {
                Run(() => store.Add(profile));
                WriteObject(profile);
            }
        }
    }
}
