namespace Mandate.Core.Application;

/// <summary>What an entry point acts on, as an audit entry names it.</summary>
/// <param name="Kind">e.g. <c>project</c>, <c>resource</c>, <c>policy</c>, <c>space</c>, <c>api-key</c>.</param>
/// <param name="Id">Which one.</param>
/// <param name="ProjectId">The project involved, if any (audit search filters on it).</param>
/// <param name="ResourceId">The resource involved, if any.</param>
public sealed record AuditTarget(string Kind, string Id, string? ProjectId = null, string? ResourceId = null)
{
    /// <summary>A project.</summary>
    public static AuditTarget Project(string projectId) => new("project", projectId, projectId);

    /// <summary>A resource of a project.</summary>
    public static AuditTarget Resource(string projectId, string resourceId) => new("resource", $"{projectId}/{resourceId}", projectId, resourceId);

    /// <summary>A space.</summary>
    public static AuditTarget Space(string spaceId) => new("space", spaceId);

    /// <summary>A policy.</summary>
    public static AuditTarget Policy(string policyId) => new("policy", policyId);

    /// <summary>An operation of a project.</summary>
    public static AuditTarget Operation(string operationId, string projectId, string resourceId) =>
        new("operation", operationId, projectId, resourceId);

    /// <summary>A principal (user or API key).</summary>
    public static AuditTarget Principal(string principalId) => new("principal", principalId);

    /// <summary>The audit trail itself.</summary>
    public static AuditTarget AuditTrail { get; } = new("audit", "trail");
}
