namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Providers.Lifecycle;

public sealed partial class OperationService
{
    /// <summary>A planned request: the plan, the config as the user wrote it, and the resources it references.</summary>
    private sealed record Change(PlannedChange Planned, JsonObject? Config, IReadOnlySet<string> DependsOn);

    /// <param name="stored">The stored resource when the caller has just read it (update, delete); read here otherwise.</param>
    private async Task<Change> PlanForAsync(ProjectRecord project, string resourceId, OperationKind kind, JsonObject request, ResourceRecord? stored,
        CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case OperationKind.Create:
            {
                var type = request["resource_type"]!.GetValue<string>();
                var config = request["config"]!.AsObject();
                var (resolved, dependsOn) = await ResolveReferencesAsync(project, resourceId, config, cancellationToken);
                var planned = await planner.PlanAsync(project, type, null, resolved, cancellationToken);
                return new Change(planned, config, dependsOn);
            }

            case OperationKind.Update:
            {
                var resource = stored ?? await ResourceAsync(project, resourceId, cancellationToken);
                var config = NewConfig(resource, request);
                var (resolved, dependsOn) = await ResolveReferencesAsync(project, resourceId, config, cancellationToken);
                var planned = await planner.PlanAsync(project, resource.Type, resource, resolved, cancellationToken);
                return new Change(planned, config, dependsOn);
            }

            case OperationKind.Delete:
            {
                var resource = stored ?? await ResourceAsync(project, resourceId, cancellationToken);
                var planned = await planner.PlanAsync(project, resource.Type, resource, null, cancellationToken);
                return new Change(planned, null, new SortedSet<string>(StringComparer.Ordinal));
            }

            default:
                throw new MandateException(MandateErrorCodes.InvalidArgument, $"operation kind '{kind.ToWire()}' is not supported by this pipeline yet");
        }
    }

    /// <summary>
    /// The config an update asks for: the stored config (what the user asked for before) with the request's
    /// JSON merge patch applied, or the request's whole config when it says so.
    /// </summary>
    private static JsonObject NewConfig(ResourceRecord resource, JsonObject request)
    {
        if (request["config"] is JsonObject whole)
        {
            return (JsonObject)whole.DeepClone();
        }

        var patched = JsonMergePatch.Apply(JsonNode.Parse(resource.ConfigJson), request["patch"]);
        return patched as JsonObject
            ?? throw new MandateException(MandateErrorCodes.InvalidArgument, "the merge patch must leave the configuration a JSON object");
    }

    private async Task<(JsonObject Resolved, IReadOnlySet<string> DependsOn)> ResolveReferencesAsync(ProjectRecord project, string resourceId, JsonObject config,
        CancellationToken cancellationToken)
    {
        var referenced = ResourceReferences.Find(config);
        var states = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var id in referenced)
        {
            var resource = await store.Resources.GetAsync(project.Id, id, cancellationToken);
            if (resource is not null)
            {
                states[id] = resource.StateJson is null ? null : JsonNode.Parse(resource.StateJson) as JsonObject;
            }
        }

        var (resolved, dependsOn) = ResourceReferences.Resolve(config, resourceId, states.Keys.ToList(), id => states.GetValueOrDefault(id));
        return ((JsonObject)resolved!, dependsOn);
    }

    /// <summary>Judges a change and keeps the samples its policies ask for at once (approvals, the worker).</summary>
    private async Task<PolicyDecision> DecideAsync(ProjectRecord project, string resourceId, OperationKind kind, Change change, Actor actor,
        CancellationToken cancellationToken)
    {
        var samples = new List<PolicySampleRecord>();
        var decision = await DecideAsync(project, resourceId, kind, change, actor, samples, cancellationToken);
        await gate.KeepSamplesAsync(store, samples, cancellationToken);
        return decision;
    }

    /// <param name="samples">
    /// Where the samples to keep go, written by the caller (a new request writes them in the transaction that records
    /// the operation); null for dry runs: a plan repeated many times must not push real decisions out of the bounded samples.
    /// </param>
    private async Task<PolicyDecision> DecideAsync(ProjectRecord project, string resourceId, OperationKind kind, Change change, Actor actor,
        ICollection<PolicySampleRecord>? samples, CancellationToken cancellationToken)
    {
        var policies = await gate.ApplicablePoliciesAsync(project, SpaceChain(project), cancellationToken);
        var planned = change.Planned;
        PolicyInputContext Input(OperationKind operation, JsonObject? current, JsonObject? proposed, bool replacement) =>
            new(resourceId, planned.Plan.TypeName, planned.Provider.Address, planned.Provider.Version, operation, current, proposed,
                proposed is null ? [] : planned.UnknownPaths, project, actor.Id, actor.Name, replacement);

        if (planned.Plan.Action is ChangeAction.DeleteThenCreate or ChangeAction.CreateThenDelete)
        {
            // A replacement is judged as the delete and the create it implies.
            var delete = gate.Decide(policies, PolicyInput.Build(Input(OperationKind.Delete, planned.CurrentState, null, true)), samples, cancellationToken);
            var create = gate.Decide(policies, PolicyInput.Build(Input(OperationKind.Create, null, planned.ProposedState, true)), samples, cancellationToken);
            return DecisionCombiner.CombineReplacement(delete, create);
        }

        return gate.Decide(policies, PolicyInput.Build(Input(kind, planned.CurrentState, planned.ProposedState, false)), samples, cancellationToken);
    }

    // Until spaces are stored, a project's policies come from its own space and the root.
    private static IReadOnlyList<string> SpaceChain(ProjectRecord project) =>
        project.SpaceId == SpaceId.Root.Value ? [project.SpaceId] : [project.SpaceId, SpaceId.Root.Value];

    private async Task<IReadOnlyList<string>> DeletionOrderAsync(ProjectRecord project, string resourceId, bool cascade, CancellationToken cancellationToken)
    {
        var dependents = await store.Resources.DependentsAsync(project.Id, resourceId, cancellationToken);
        if (dependents.Count > 0 && !cascade)
        {
            throw new MandateException(MandateErrorCodes.Conflict,
                $"resource '{resourceId}' cannot be deleted while {string.Join(", ", dependents.Select(d => $"'{d}'"))} depend on it; " +
                "delete those first, or delete with cascade to remove them too (each is judged by policy)",
                new Dictionary<string, object?> { ["dependents"] = dependents });
        }

        var edges = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        var frontier = new Queue<string>([resourceId]);
        while (frontier.TryDequeue(out var next))
        {
            if (edges.ContainsKey(next))
            {
                continue;
            }

            var found = await store.Resources.DependentsAsync(project.Id, next, cancellationToken);
            edges[next] = found;
            foreach (var dependent in found)
            {
                frontier.Enqueue(dependent);
            }
        }

        return DependencyOrder.CascadeDeletion(resourceId, id => edges[id]);
    }

    private async Task<ProjectRecord> ProjectAsync(string projectId, CancellationToken cancellationToken) =>
        await store.Projects.GetAsync(projectId, cancellationToken)
        ?? throw new MandateException(MandateErrorCodes.NotFound, $"project '{projectId}' does not exist");

    private async Task<ResourceRecord> ResourceAsync(ProjectRecord project, string resourceId, CancellationToken cancellationToken) =>
        await store.Resources.GetAsync(project.Id, resourceId, cancellationToken)
        ?? throw new MandateException(MandateErrorCodes.NotFound, $"resource '{resourceId}' does not exist in project '{project.Name}'");

    private async Task<OperationRecord> PendingAsync(string operationId, CancellationToken cancellationToken)
    {
        var operation = await store.Operations.GetAsync(operationId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound, $"operation '{operationId}' does not exist");
        if (operation.Status != OperationStatus.PendingReview)
        {
            throw new MandateException(MandateErrorCodes.Conflict, $"operation {operationId} is {operation.Status.ToWire()}, not pending review; only pending operations can be decided");
        }

        if (operation.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            var expired = operation with { Status = OperationStatus.Expired, UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow(), Error = "expired before anyone decided it" };
            await store.Operations.UpdateIfStatusAsync(expired, OperationStatus.PendingReview, cancellationToken);
            throw new MandateException(MandateErrorCodes.Conflict, $"operation {operationId} expired at {expiry:u} without a decision; nothing was applied");
        }

        return operation;
    }

    // The rule lives in Access (ApprovalRules); the pipeline only adapts its Actor to a Principal.
    private static void EnsureNotRequester(Actor approver, OperationRecord operation) =>
        ApprovalRules.EnsureMayDecide(Principal.User(approver.Id, approver.Name), operation.RequestedBy, operation.Id);
}
