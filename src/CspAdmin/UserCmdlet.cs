using System.Management.Automation;

namespace CspAdmin
{
    /// <summary>A cmdlet that acts on one user of a customer, taking both from the pipeline (e.g. from Get-CspUser).</summary>
    public abstract class UserCmdlet : CustomerCmdlet
    {
        /// <summary>The user's object id or user principal name.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName")]
        public string UserId { get; set; } = "";
    }
}
