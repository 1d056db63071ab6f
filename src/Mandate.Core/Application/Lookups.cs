namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>Loads the targets entry points authorize against, with not_found errors that say what to do.</summary>
internal static class Lookups
{
    public static async Task<ProjectRecord> ProjectAsync(IStoreSession store, string projectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        return await store.Projects.GetAsync(projectId, cancellationToken) ?? throw ProjectMissing(projectId);
    }

    /// <summary>
    /// The project, once <paramref name="guard"/> allowed <paramref name="action"/> in its space. A project in a space the
    /// caller cannot read is answered exactly like one that does not exist (<see cref="AccessGuard.AuthorizeTargetAsync"/>).
    /// </summary>
    public static async Task<ProjectRecord> AuthorizedProjectAsync(IStoreSession store, AccessGuard guard, CallContext ctx, string projectId,
        MandateAction action, AuditTarget target, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(store, projectId, cancellationToken);
        await guard.AuthorizeTargetAsync(ctx, SpaceOf(project), action, target, MandateAction.ProjectRead, ProjectMissing(projectId), cancellationToken);
        return project;
    }

    public static async Task<PolicyRecord> PolicyAsync(IStoreSession store, string policyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        return await store.Policies.GetAsync(policyId, cancellationToken) ?? throw PolicyMissing(policyId);
    }

    public static async Task<OperationRecord> OperationAsync(IStoreSession store, string operationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        return await store.Operations.GetAsync(operationId, cancellationToken) ?? throw OperationMissing(operationId);
    }

    public static MandateException ProjectMissing(string projectId) =>
        new(MandateErrorCodes.NotFound, $"project '{projectId}' does not exist; list projects to find its id", Detail("project", projectId));

    public static MandateException PolicyMissing(string policyId) =>
        new(MandateErrorCodes.NotFound, $"policy '{policyId}' does not exist; list policies to find its id", Detail("policy", policyId));

    public static MandateException OperationMissing(string operationId) =>
        new(MandateErrorCodes.NotFound, $"operation '{operationId}' does not exist; list operations to find its id", Detail("operation", operationId));

    public static async Task<ResourceRecord> ResourceAsync(IStoreSession store, ProjectRecord project, string resourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        return await store.Resources.GetAsync(project.Id, resourceId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound,
                $"resource '{resourceId}' does not exist in project '{project.Name}'; list the project's resources to find its id",
                new Dictionary<string, object?> { ["project"] = project.Id, ["resource"] = resourceId });
    }

    public static SpaceId SpaceOf(ProjectRecord project) => ParseSpace(project.SpaceId);

    public static SpaceId SpaceOf(PolicyRecord policy) => ParseSpace(policy.SpaceId);

    public static SpaceId ParseSpace(string space) => SpaceId.TryParse(space, out var id)
        ? id
        : throw new MandateException(MandateErrorCodes.InvalidArgument, $"'{space}' is not a valid space id", Detail("space", space));

    private static Dictionary<string, object?> Detail(string name, string value) => new() { [name] = value };
}
