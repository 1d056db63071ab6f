namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;

/// <summary>What a dry run is asked to plan: a create, an update (merge patch or whole config) or a delete.</summary>
public sealed record PlanIntent
{
    private PlanIntent(OperationKind kind, JsonObject request)
    {
        Kind = kind;
        Request = request;
    }

    public OperationKind Kind { get; }

    /// <summary>The request exactly as the matching mutating call records it, so a dry run plans what the real call would.</summary>
    internal JsonObject Request { get; }

    public static PlanIntent Create(string resourceType, JsonObject config)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentNullException.ThrowIfNull(config);
        return new(OperationKind.Create, new JsonObject { ["resource_type"] = resourceType, ["config"] = config.DeepClone() });
    }

    /// <param name="patch">A JSON merge patch over the stored config, or with <paramref name="replaceConfig"/> the whole new config.</param>
    public static PlanIntent Update(JsonObject patch, bool replaceConfig = false)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return new(OperationKind.Update, replaceConfig ? new JsonObject { ["config"] = patch.DeepClone() } : new JsonObject { ["patch"] = patch.DeepClone() });
    }

    public static PlanIntent Delete() => new(OperationKind.Delete, new JsonObject { ["cascade"] = false });
}

/// <summary>The result of a dry run: what would change, attribute by attribute, and what the policies would decide.</summary>
/// <param name="Action">The provider's action: create, update, delete, deletethencreate, createthendelete or noop.</param>
/// <param name="Changes">Every changed attribute; sensitive values redacted, unknown-after-apply and replacement-forcing ones marked.</param>
/// <param name="Decision">The decision the attached policies would give now (no samples are kept for dry runs).</param>
/// <param name="Plan">The plan as a reviewer would see it, with sensitive values redacted.</param>
/// <param name="PlanHash">The hash the same request would get now; an approval would name it.</param>
/// <param name="Dependents">For a delete: the resources that depend on this one (the delete needs a cascade while there are any).</param>
public sealed record PlanPreview(
    string ResourceId,
    OperationKind Kind,
    string Action,
    IReadOnlyList<AttributeChange> Changes,
    PolicyDecision Decision,
    JsonObject Plan,
    string PlanHash,
    IReadOnlyList<string> Dependents);

public sealed partial class OperationService
{
    /// <summary>
    /// A dry run: plans the create, update or delete with the provider and evaluates the attached policies,
    /// but applies nothing, takes no project lock and writes nothing (no operation record, no policy samples):
    /// a plan changes no state, so the facade's audit entry for the call is its only trace.
    /// </summary>
    public async Task<PlanPreview> PlanAsync(Actor actor, string projectId, string resourceId, PlanIntent intent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(intent);
        var project = await ProjectAsync(projectId, cancellationToken);
        var existing = await store.Resources.GetAsync(project.Id, resourceId, cancellationToken);
        if (intent.Kind == OperationKind.Create && existing is not null)
        {
            throw new MandateException(MandateErrorCodes.AlreadyExists,
                $"resource '{resourceId}' already exists in project '{project.Name}'; plan an update of it, or choose another resource_id");
        }

        if (intent.Kind != OperationKind.Create && existing is null)
        {
            throw new MandateException(MandateErrorCodes.NotFound, $"resource '{resourceId}' does not exist in project '{project.Name}'");
        }

        var change = await PlanForAsync(project, resourceId, intent.Kind, intent.Request, null, cancellationToken);
        var decision = await DecideAsync(project, resourceId, intent.Kind, change, actor, samples: null, cancellationToken);
        var review = await planner.ReviewAsync(change.Planned, cancellationToken);
        var dependents = intent.Kind == OperationKind.Delete ? await store.Resources.DependentsAsync(project.Id, resourceId, cancellationToken) : [];
        // The stored plan keeps real values (the applier needs them); what a dry run returns shows sensitive ones redacted.
        var plan = (JsonObject)change.Planned.PlanJson.DeepClone();
        plan["current_state"] = review.CurrentState;
        plan["proposed_state"] = review.ProposedState;
        return new PlanPreview(resourceId, intent.Kind, change.Planned.Plan.Action.ToString().ToLowerInvariant(), review.Changes, decision,
            plan, change.Planned.PlanHash, dependents);
    }
}
