using System.Management.Automation;
using CspAdmin.Completers;
using CspAdmin.Engine;
using CspAdmin.Engine.Model;

namespace CspAdmin.Commands
{
    /// <summary>Closes connections and forgets their tokens.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CspService")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCspServiceCommand : CspCmdlet
    {
        /// <summary>The profiles to disconnect; all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string[]? Profile { get; set; }

        protected override void ProcessRecord()
        {
            if (Profile == null || Profile.Length == 0)
            {
                foreach (var connection in Context.Connections)
                {
                    Context.Remove(connection.Name);
                }

                return;
            }

            foreach (var name in Profile)
            {
                if (!Context.Remove(name))
                {
                    WriteError(ToErrorRecord(new CspException("ProfileNotConnected", CspErrorCategory.ObjectNotFound,
                        $"Profile '{name}' is not connected.", name), name));
                }
            }
        }
    }
}
