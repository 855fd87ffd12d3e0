namespace CspAdmin.Engine
{
    /// <summary>
    /// The error categories the engine reports. Names match System.Management.Automation.ErrorCategory
    /// so the PowerShell layer maps them by name without the engine referencing PowerShell.
    /// </summary>
    public enum CspErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        PermissionDenied,
        AuthenticationError,
        ResourceUnavailable,
        ResourceExists,
        LimitsExceeded,
        QuotaExceeded,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        ProtocolError,
    }
}
