using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CspAdmin.Engine.Graph
{
    // Graph v1.0 shapes (CONTRACTS.md §1). Ids and enums stay strings: the service adds values, and
    // documented examples carry placeholders where GUIDs are expected.

    public sealed class GraphCollection<T>
    {
        [JsonPropertyName("@odata.nextLink")]
        public string? NextLink { get; set; }

        [JsonPropertyName("@odata.count")]
        public long? Count { get; set; }

        public List<T> Value { get; set; } = new List<T>();
    }

    public sealed class GraphSubscribedSku
    {
        public string? Id { get; set; }
        public string? SkuId { get; set; }
        public string? SkuPartNumber { get; set; }
        public string? AppliesTo { get; set; }
        public string? CapabilityStatus { get; set; }
        public int ConsumedUnits { get; set; }
        public GraphLicenseUnits? PrepaidUnits { get; set; }
        public List<GraphServicePlan> ServicePlans { get; set; } = new List<GraphServicePlan>();
        public List<string> SubscriptionIds { get; set; } = new List<string>();
        public string? AccountId { get; set; }
        public string? AccountName { get; set; }
    }

    public sealed class GraphLicenseUnits
    {
        public int Enabled { get; set; }
        public int Suspended { get; set; }
        public int Warning { get; set; }
        public int LockedOut { get; set; }
    }

    public sealed class GraphServicePlan
    {
        public string? ServicePlanId { get; set; }
        public string? ServicePlanName { get; set; }
        public string? ProvisioningStatus { get; set; }
        public string? AppliesTo { get; set; }
    }

    /// <summary>companySubscription (GET /directory/subscriptions): every commerce subscription in the tenant, any partner's.</summary>
    public sealed class GraphCompanySubscription
    {
        public string? Id { get; set; }
        public string? CommerceSubscriptionId { get; set; }
        public DateTimeOffset? CreatedDateTime { get; set; }
        public DateTimeOffset? NextLifecycleDateTime { get; set; }
        public bool IsTrial { get; set; }
        public string? SkuId { get; set; }
        public string? SkuPartNumber { get; set; }
        public string? Status { get; set; }
        public int TotalLicenses { get; set; }
    }

    public sealed class GraphUser
    {
        public string? Id { get; set; }
        public string? UserPrincipalName { get; set; }
        public string? DisplayName { get; set; }
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? Mail { get; set; }
        public string? JobTitle { get; set; }
        public string? OfficeLocation { get; set; }
        public string? UsageLocation { get; set; }
        public bool? AccountEnabled { get; set; }
        public DateTimeOffset? CreatedDateTime { get; set; }
        public DateTimeOffset? DeletedDateTime { get; set; }
        public List<GraphAssignedLicense> AssignedLicenses { get; set; } = new List<GraphAssignedLicense>();
        public List<GraphLicenseAssignmentState> LicenseAssignmentStates { get; set; } = new List<GraphLicenseAssignmentState>();
    }

    public sealed class GraphLicenseAssignmentState
    {
        public string? SkuId { get; set; }
        public string? State { get; set; }
        public string? Error { get; set; }
    }

    public sealed class GraphAssignedLicense
    {
        public string? SkuId { get; set; }
        public List<string> DisabledPlans { get; set; } = new List<string>();
    }

    /// <summary>The assignLicense body: both lists are always sent (Graph requires them, possibly empty).</summary>
    public sealed class GraphLicenseChange
    {
        public List<GraphAssignedLicense> AddLicenses { get; set; } = new List<GraphAssignedLicense>();
        public List<string> RemoveLicenses { get; set; } = new List<string>();
    }

    public sealed class GraphLicenseDetail
    {
        public string? Id { get; set; }
        public string? SkuId { get; set; }
        public string? SkuPartNumber { get; set; }
        public List<GraphServicePlan> ServicePlans { get; set; } = new List<GraphServicePlan>();
    }

    public sealed class GraphPasswordProfile
    {
        public string? Password { get; set; }
        public bool ForceChangePasswordNextSignIn { get; set; }
    }

    /// <summary>POST /users body.</summary>
    public sealed class GraphNewUser
    {
        public bool AccountEnabled { get; set; } = true;
        public string DisplayName { get; set; } = "";
        public string MailNickname { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? UsageLocation { get; set; }
        public string? OfficeLocation { get; set; }
        public GraphPasswordProfile PasswordProfile { get; set; } = new GraphPasswordProfile();
    }

    public sealed class GraphDelegatedAdminRelationship
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
        /// <summary>created, approvalPending, active, expiring, expired, terminated, ...</summary>
        public string? Status { get; set; }
        public DateTimeOffset? EndDateTime { get; set; }
        public GraphGdapCustomer? Customer { get; set; }
        public GraphAccessDetails? AccessDetails { get; set; }
    }

    public sealed class GraphGdapCustomer
    {
        public string? TenantId { get; set; }
        public string? DisplayName { get; set; }
    }

    public sealed class GraphAccessDetails
    {
        public List<GraphUnifiedRole> UnifiedRoles { get; set; } = new List<GraphUnifiedRole>();
    }

    public sealed class GraphUnifiedRole
    {
        public string? RoleDefinitionId { get; set; }
    }

    public sealed class GraphAccessAssignment
    {
        public string? Id { get; set; }
        /// <summary>pending, active, deleting, deleted, error.</summary>
        public string? Status { get; set; }
        public GraphAccessContainer? AccessContainer { get; set; }
        public GraphAccessDetails? AccessDetails { get; set; }
    }

    public sealed class GraphAccessContainer
    {
        public string? AccessContainerId { get; set; }
        public string? AccessContainerType { get; set; }
    }

    public sealed class GraphGroup
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
    }

    public sealed class GraphRoleDefinition
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
        public string? TemplateId { get; set; }
    }

    public sealed class GraphRoleAssignment
    {
        public string? Id { get; set; }
        public string? PrincipalId { get; set; }
        public string? RoleDefinitionId { get; set; }
        public string? DirectoryScopeId { get; set; }
    }

    /// <summary>One request inside a JSON batch (url relative to the version root, e.g. "/users/{id}/assignLicense").</summary>
    public sealed class GraphBatchRequest
    {
        public string Id { get; set; } = "";
        public string Method { get; set; } = "GET";
        public string Url { get; set; } = "";
        public Dictionary<string, string>? Headers { get; set; }
        public object? Body { get; set; }
    }

    public sealed class GraphBatchResponse
    {
        public string Id { get; set; } = "";
        public int Status { get; set; }
        public Dictionary<string, string>? Headers { get; set; }
        public System.Text.Json.JsonElement? Body { get; set; }
    }

    internal sealed class GraphBatch
    {
        public List<GraphBatchRequest> Requests { get; set; } = new List<GraphBatchRequest>();
    }

    internal sealed class GraphBatchResult
    {
        public List<GraphBatchResponse> Responses { get; set; } = new List<GraphBatchResponse>();
    }

    public sealed class GraphOrganization
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
        public string? CountryLetterCode { get; set; }
        public List<GraphVerifiedDomain> VerifiedDomains { get; set; } = new List<GraphVerifiedDomain>();
    }

    public sealed class GraphVerifiedDomain
    {
        public string? Name { get; set; }
        public bool IsDefault { get; set; }
    }

    /// <summary>Query options for GET /users.</summary>
    public sealed class GraphUserQuery
    {
        public IReadOnlyList<string>? Select { get; set; }
        public string? Filter { get; set; }
        /// <summary>Page size, 1..999 (Graph's default is 100).</summary>
        public int? Top { get; set; }
        /// <summary>Sends $count=true with ConsistencyLevel: eventual, which advanced filters need.</summary>
        public bool Advanced { get; set; }
    }
}
