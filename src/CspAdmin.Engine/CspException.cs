using System;

namespace CspAdmin.Engine
{
    /// <summary>
    /// The one exception type the engine throws for anything a user should see: it carries a stable
    /// ErrorId (&lt;Noun&gt;&lt;Problem&gt;), a category, the target, and — for service errors — the service's own
    /// code and request id so a support case can be opened with Microsoft.
    /// </summary>
    public sealed class CspException : Exception
    {
        public CspException(string errorId, CspErrorCategory category, string message, object? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public string ErrorId { get; }
        public CspErrorCategory Category { get; }
        public object? Target { get; }

        /// <summary>"Graph" or "PartnerCenter" when the error came from a service.</summary>
        public string? Service { get; set; }
        public int? StatusCode { get; set; }
        public string? ServiceCode { get; set; }
        public string? RequestId { get; set; }

        /// <summary>What the user can do about it; shown as the ErrorRecord's RecommendedAction.</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>The same error for another target, keeping the service details.</summary>
        public CspException WithTarget(object target, string? errorId = null, string? message = null)
        {
            return new CspException(errorId ?? ErrorId, Category, message ?? Message, target, this)
            {
                Service = Service,
                StatusCode = StatusCode,
                ServiceCode = ServiceCode,
                RequestId = RequestId,
                RecommendedAction = RecommendedAction,
            };
        }
    }
}
