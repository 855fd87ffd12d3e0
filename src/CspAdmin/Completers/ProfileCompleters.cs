namespace CspAdmin.Completers
{
    /// <summary>-Profile of commands that use a connection: the connected profiles.</summary>
    public sealed class ProfileCompleter : CspCompleter
    {
        public ProfileCompleter()
            : base(CompletionKind.ConnectedProfile)
        {
        }
    }

    /// <summary>Connect-CspService -Profile and the profile commands' -Name: the stored profiles.</summary>
    public sealed class StoredProfileCompleter : CspCompleter
    {
        public StoredProfileCompleter()
            : base(CompletionKind.StoredProfile)
        {
        }
    }
}
