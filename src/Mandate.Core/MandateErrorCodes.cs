namespace Mandate.Core;

/// <summary>
/// Stable error codes every surface (MCP, REST, CLI) returns, so clients and models can act on them
/// without parsing messages.
/// </summary>
public static class MandateErrorCodes
{
    public const string NotFound = "not_found";
    public const string AlreadyExists = "already_exists";
    public const string InvalidArgument = "invalid_argument";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string ReadOnlyCredential = "read_only_credential";
    public const string ProjectLocked = "project_locked";
    public const string PolicyDenied = "policy_denied";
    public const string PendingReview = "pending_review";
    public const string PlanChanged = "plan_changed";
    public const string Conflict = "conflict";
    public const string ProviderError = "provider_error";
    public const string Internal = "internal";

    /// <summary>A mutating operation through a read-only cloud integration; refused before the provider is called.</summary>
    public const string IntegrationReadOnly = "integration_read_only";

    /// <summary>The project has no integration for the provider a resource needs; the message says how to attach one.</summary>
    public const string IntegrationRequired = "integration_required";
}
