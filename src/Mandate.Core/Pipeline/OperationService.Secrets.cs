namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Secrets;

public sealed partial class OperationService
{
    /// <summary>
    /// Refuses a mutating operation through read-only credentials before anything touches the provider (not even a
    /// plan): the resource type comes from the request (create) or the stored resource.
    /// </summary>
    /// <param name="resource">The stored resource when the caller has it already; read otherwise.</param>
    private async Task EnsureMayChangeAsync(ProjectRecord project, string resourceId, OperationKind kind, JsonObject request, ResourceRecord? resource,
        CancellationToken cancellationToken)
    {
        var type = request["resource_type"]?.GetValue<string>()
            ?? (resource ?? await store.Resources.GetAsync(project.Id, resourceId, cancellationToken))?.Type;
        if (type is not null)
        {
            await planner.EnsureMayChangeAsync(project, type, kind, cancellationToken);
        }
    }

    /// <summary>What a caller gets: the stored request keeps sealed values, the caller sees the marker in their place.</summary>
    private static OperationResult ForCaller(OperationResult result) =>
        result with { Operation = result.Operation with { RequestJson = SealedJson.RedactText(result.Operation.RequestJson) ?? "{}" } };
}
