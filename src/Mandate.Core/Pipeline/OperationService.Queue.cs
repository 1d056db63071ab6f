namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;

/// <summary>
/// Long operations. An allowed (or approved) operation is recorded as queued; the process that took the
/// request claims it and applies its in-memory plan, and the caller waits at most
/// <see cref="OperationOptions.InlineWait"/>. An operation nobody claimed (its process stopped) is applied by
/// an <see cref="OperationWorker"/>, which plans it again from the stored request and applies only the same plan.
/// </summary>
public sealed partial class OperationService
{
    private readonly InlineRunner _inline = new(store, clock, options);

    /// <summary>An operation as it stands, for callers that got an id back: status, error, recovery note, plan and (once applied) the state.</summary>
    public async Task<OperationResult> GetResultAsync(string operationId, CancellationToken cancellationToken = default)
    {
        var operation = await store.Operations.GetAsync(operationId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound, $"operation '{operationId}' does not exist");
        return ForCaller(await WithStoredStateAsync(new OperationResult(operation, null, ParsePlan(operation), null), cancellationToken));
    }

    /// <summary>Waits for the applies this process started inline (graceful shutdown); false when some still run after <paramref name="timeout"/>.</summary>
    public Task<bool> DrainAsync(TimeSpan timeout) => _inline.DrainAsync(timeout);

    /// <summary>Applies a recorded, queued operation with the plan in hand, waiting for it no longer than the inline wait.</summary>
    private async Task<OperationResult> ApplyOrQueueAsync(OperationRecord queued, ProjectRecord project, Change change, PolicyDecision decision,
        CancellationToken cancellationToken)
    {
        var result = await _inline.RunAsync(queued, new OperationResult(queued, decision, change.Planned.PlanJson, null),
            (claimed, token) => applier.ApplyAsync(claimed, project, change.Planned, change.Config, change.DependsOn, decision, token), cancellationToken);
        return await WithStoredStateAsync(result, cancellationToken);
    }

    /// <summary>Applies an operation this call recorded and claimed in one transaction, waiting for it no longer than the inline wait.</summary>
    private async Task<OperationResult> ApplyClaimedInlineAsync(OperationRecord queued, OperationRecord claimed, ProjectRecord project, Change change,
        PolicyDecision decision, CancellationToken cancellationToken)
    {
        var result = await _inline.RunClaimedAsync(claimed, new OperationResult(queued, decision, change.Planned.PlanJson, null),
            (applying, token) => applier.ApplyAsync(applying, project, change.Planned, change.Config, change.DependsOn, decision, token), cancellationToken);
        return await WithStoredStateAsync(result, cancellationToken);
    }

    /// <summary>
    /// The worker's path: an operation claimed from the queue, whose plan was not kept in memory. It is planned
    /// again from the stored request; a plan whose hash differs from the one decided is refused (the rule of
    /// approvals), policies are evaluated again (a deny still wins), then it is applied.
    /// </summary>
    internal async Task<OperationResult> ApplyClaimedAsync(OperationRecord claimed, CancellationToken cancellationToken)
    {
        var project = await store.Projects.GetAsync(claimed.ProjectId, cancellationToken);
        if (project is null)
        {
            return await EndClaimedAsync(claimed, OperationStatus.Failed, "its project no longer exists; nothing was applied", null, cancellationToken);
        }

        if (claimed.Kind == OperationKind.Create && await store.Resources.GetAsync(project.Id, claimed.ResourceId, cancellationToken) is not null)
        {
            return await EndClaimedAsync(claimed, OperationStatus.Failed,
                $"resource '{claimed.ResourceId}' was recorded by another operation meanwhile; nothing was applied", null, cancellationToken);
        }

        Change change;
        try
        {
            change = await PlanForAsync(project, claimed.ResourceId, claimed.Kind, JsonNode.Parse(claimed.RequestJson)!.AsObject(), null, cancellationToken);
        }
        catch (MandateException e)
        {
            return await EndClaimedAsync(claimed, OperationStatus.Failed, $"planning it again from the stored request failed: {e.Message}; nothing was applied", null,
                cancellationToken);
        }

        if (!string.Equals(change.Planned.PlanHash, claimed.PlanHash, StringComparison.Ordinal))
        {
            return await EndClaimedAsync(claimed, OperationStatus.Failed,
                $"the plan changed since it was decided (decided {claimed.PlanHash}, now {change.Planned.PlanHash}); nothing was applied. Request the change again to judge the new plan",
                change.Planned.PlanJson, cancellationToken);
        }

        var decider = claimed.DecidedBy ?? claimed.RequestedBy;
        var decision = await DecideAsync(project, claimed.ResourceId, claimed.Kind, change, new Actor(decider, decider), cancellationToken);
        if (decision.Outcome == PolicyOutcome.Denied)
        {
            var denied = claimed with { Status = OperationStatus.Denied, DecisionJson = Serialize(decision),
                Error = "denied by policy on re-evaluation before applying: " + string.Join("; ", decision.DenyReasons),
                UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow() };
            await store.Operations.UpdateIfStatusAsync(denied, OperationStatus.Applying, cancellationToken);
            return new OperationResult(denied, decision, change.Planned.PlanJson, null);
        }

        return await applier.ApplyAsync(claimed, project, change.Planned, change.Config, change.DependsOn, decision, cancellationToken);
    }

    private async Task<OperationResult> EndClaimedAsync(OperationRecord claimed, OperationStatus status, string error, JsonObject? plan,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ended = claimed with { Status = status, Error = error, UpdatedAt = now, CompletedAt = now };
        await store.Operations.UpdateIfStatusAsync(ended, OperationStatus.Applying, cancellationToken);
        return new OperationResult(ended, null, plan ?? ParsePlan(claimed), null);
    }

    // An operation that ended elsewhere (a worker, or before a restart) carries no state in memory: read it.
    private async Task<OperationResult> WithStoredStateAsync(OperationResult result, CancellationToken cancellationToken)
    {
        if (result.State is not null || result.Operation.Status != OperationStatus.Succeeded || result.Operation.Kind == OperationKind.Delete)
        {
            return result;
        }

        var resource = await store.Resources.GetAsync(result.Operation.ProjectId, result.Operation.ResourceId, cancellationToken);
        // Stored state keeps sensitive values sealed; a result shows the marker in their place, as the applier's own view does.
        return resource?.StateJson is { } state ? result with { State = SealedJson.Redact(JsonNode.Parse(state)) as JsonObject } : result;
    }

    private static JsonObject? ParsePlan(OperationRecord operation) => operation.PlanJson is { } plan ? JsonNode.Parse(plan) as JsonObject : null;
}
