namespace Mandate.Core.Pipeline;

using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Core.Stores;

/// <summary>
/// The policy-gated operation pipeline: lock → plan with the provider → judge with every applicable policy →
/// record the operation → apply only when allowed (or approved) → write state and history. Denied and
/// pending operations touch nothing in the cloud.
/// </summary>
public sealed partial class OperationService(
    IMandateStore store,
    OperationPlanner planner,
    OperationApplier applier,
    PolicyGate gate,
    TimeProvider clock,
    OperationOptions options)
{
    private readonly ProjectLocks _locks = new(store.Locks, clock, options.LockIdleTimeout);

    /// <summary>Creates a resource from <paramref name="config"/> (which may hold <c>$ref</c> references).</summary>
    public async Task<OperationResult> CreateAsync(Actor actor, string sessionId, string projectId, string resourceId, string resourceType,
        JsonObject config, CancellationToken cancellationToken = default) =>
        await CreateAsync(actor, sessionId, await ProjectAsync(projectId, cancellationToken), resourceId, resourceType, config, cancellationToken);

    /// <summary>As above, for a caller that has just read the project (the application layer, to authorize): not read again.</summary>
    internal async Task<OperationResult> CreateAsync(Actor actor, string sessionId, ProjectRecord project, string resourceId, string resourceType,
        JsonObject config, CancellationToken cancellationToken = default)
    {
        if (await store.Resources.GetAsync(project.Id, resourceId, cancellationToken) is not null)
        {
            throw new MandateException(MandateErrorCodes.AlreadyExists,
                $"resource '{resourceId}' already exists in project '{project.Name}'; update it, or choose another resource_id");
        }

        var request = new JsonObject { ["resource_type"] = resourceType, ["config"] = config.DeepClone() };
        return await RunAsync(actor, sessionId, project, resourceId, OperationKind.Create, request, null, cancellationToken);
    }

    /// <summary>
    /// Updates a resource: <paramref name="patch"/> is a JSON merge patch (RFC 7396; null removes a key) over
    /// the stored config, or, with <paramref name="replaceConfig"/>, the whole new config. An update the
    /// provider cannot make in place is planned as a replacement and judged as its delete and its create.
    /// </summary>
    public async Task<OperationResult> UpdateAsync(Actor actor, string sessionId, string projectId, string resourceId, JsonObject patch, bool replaceConfig = false,
        CancellationToken cancellationToken = default) =>
        await UpdateAsync(actor, sessionId, await ProjectAsync(projectId, cancellationToken), resourceId, patch, replaceConfig, cancellationToken);

    /// <summary>As above, for a caller that has just read the project: not read again.</summary>
    internal async Task<OperationResult> UpdateAsync(Actor actor, string sessionId, ProjectRecord project, string resourceId, JsonObject patch, bool replaceConfig,
        CancellationToken cancellationToken)
    {
        var resource = await ResourceAsync(project, resourceId, cancellationToken);
        var request = replaceConfig ? new JsonObject { ["config"] = patch.DeepClone() } : new JsonObject { ["patch"] = patch.DeepClone() };
        return await RunAsync(actor, sessionId, project, resourceId, OperationKind.Update, request, resource, cancellationToken);
    }

    /// <summary>
    /// Forgets a resource without destroying it: its state leaves Mandate (history records the eject), the
    /// real object stays in the cloud. Refused while other resources reference it.
    /// </summary>
    public async Task<OperationRecord> EjectAsync(Actor actor, string sessionId, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        var project = await ProjectAsync(projectId, cancellationToken);
        var resource = await ResourceAsync(project, resourceId, cancellationToken);
        _ = await DeletionOrderAsync(project, resourceId, cascade: false, cancellationToken);
        var now = clock.GetUtcNow();
        var operation = new OperationRecord(Ids.New("op", clock), project.Id, resourceId, OperationKind.Eject, OperationStatus.Succeeded, actor.Id, sessionId,
            "{}", null, null, null, null, null, null, now, now, now, null);
        await using var transaction = await store.BeginAsync(cancellationToken);
        await _locks.AcquireAsync(transaction.Locks, project.Id, project.Name, sessionId, actor.Id, cancellationToken);
        await transaction.Operations.CreateAsync(operation, cancellationToken);
        await transaction.Resources.DeleteAsync(project.Id, resourceId, cancellationToken);
        await transaction.Resources.AppendStateVersionAsync(
            new StateVersionRecord(project.Id, resourceId, resource.StateVersion + 1, null, operation.Id, OperationKind.Eject, actor.Id, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return operation;
    }

    /// <summary>
    /// Deletes a resource. Refused while other resources depend on it (they are named), unless
    /// <paramref name="cascade"/> is set: then dependents are deleted first, each judged by policy, and the
    /// cascade stops at the first one not applied.
    /// </summary>
    public async Task<IReadOnlyList<OperationResult>> DeleteAsync(Actor actor, string sessionId, string projectId, string resourceId, bool cascade,
        CancellationToken cancellationToken = default) =>
        await DeleteAsync(actor, sessionId, await ProjectAsync(projectId, cancellationToken), resourceId, cascade, cancellationToken);

    /// <summary>As above, for a caller that has just read the project: not read again.</summary>
    internal async Task<IReadOnlyList<OperationResult>> DeleteAsync(Actor actor, string sessionId, ProjectRecord project, string resourceId, bool cascade,
        CancellationToken cancellationToken)
    {
        var resource = await ResourceAsync(project, resourceId, cancellationToken);
        var order = await DeletionOrderAsync(project, resourceId, cascade, cancellationToken);
        var results = new List<OperationResult>();
        foreach (var target in order)
        {
            // Each step takes (or extends) the lock in the transaction that records its operation.
            var result = await RunAsync(actor, sessionId, project, target, OperationKind.Delete, new JsonObject { ["cascade"] = cascade },
                target == resourceId ? resource : null, cancellationToken);
            results.Add(result);
            if (result.Operation.Status != OperationStatus.Succeeded)
            {
                break;
            }
        }

        return results;
    }

    /// <summary>
    /// Approves a pending operation, naming the plan hash the approver reviewed. The operation is planned
    /// again; a different plan is refused; policies are evaluated again (a deny still wins); then it is applied.
    /// </summary>
    public async Task<OperationResult> ApproveAsync(Actor approver, string operationId, string reviewedPlanHash, CancellationToken cancellationToken = default)
    {
        var operation = await PendingAsync(operationId, cancellationToken);
        EnsureNotRequester(approver, operation);
        if (!string.Equals(operation.PlanHash, reviewedPlanHash, StringComparison.Ordinal))
        {
            throw new MandateException(MandateErrorCodes.PlanChanged,
                $"operation {operationId} has plan {operation.PlanHash}, not the plan {reviewedPlanHash} that was reviewed; review the current plan and approve that");
        }

        if (operation.Kind is OperationKind.Refresh or OperationKind.Import)
        {
            return await ApproveReadBackAsync(approver, operation, cancellationToken);
        }

        var project = await ProjectAsync(operation.ProjectId, cancellationToken);
        var request = JsonNode.Parse(operation.RequestJson)!.AsObject();
        await EnsureMayChangeAsync(project, operation.ResourceId, operation.Kind, request, null, cancellationToken);
        var change = await PlanForAsync(project, operation.ResourceId, operation.Kind, request, null, cancellationToken);
        if (change.Planned.PlanHash != operation.PlanHash)
        {
            var expired = operation with { Status = OperationStatus.Rejected, Error = "the plan changed between request and approval; nothing was applied", DecidedBy = approver.Id,
                UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow() };
            await store.Operations.UpdateIfStatusAsync(expired, OperationStatus.PendingReview, cancellationToken);
            throw new MandateException(MandateErrorCodes.PlanChanged,
                $"the plan of operation {operationId} changed since it was requested (now {change.Planned.PlanHash}); it was not applied. Request the change again to review the new plan");
        }

        var decision = await DecideAsync(project, operation.ResourceId, operation.Kind, change, approver, cancellationToken);
        if (decision.Outcome == PolicyOutcome.Denied)
        {
            var denied = operation with { Status = OperationStatus.Denied, DecisionJson = Serialize(decision), DecidedBy = approver.Id,
                Error = "denied by policy on re-evaluation at approval", UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow() };
            await store.Operations.UpdateIfStatusAsync(denied, OperationStatus.PendingReview, cancellationToken);
            return ForCaller(new OperationResult(denied, decision, change.Planned.PlanJson, null));
        }

        var applying = operation with { Status = OperationStatus.Queued, DecisionJson = Serialize(decision), DecidedBy = approver.Id, UpdatedAt = clock.GetUtcNow() };
        if (!await store.Operations.UpdateIfStatusAsync(applying, OperationStatus.PendingReview, cancellationToken))
        {
            throw new MandateException(MandateErrorCodes.Conflict, $"operation {operationId} was decided by someone else meanwhile");
        }

        return ForCaller(await ApplyOrQueueAsync(applying, project, change, decision, cancellationToken));
    }

    /// <summary>Rejects a pending operation: nothing is applied.</summary>
    public async Task<OperationRecord> RejectAsync(Actor approver, string operationId, string reason, CancellationToken cancellationToken = default)
    {
        var operation = await PendingAsync(operationId, cancellationToken);
        EnsureNotRequester(approver, operation);
        var rejected = operation with { Status = OperationStatus.Rejected, DecidedBy = approver.Id, Error = $"rejected: {reason}",
            UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow() };
        if (!await store.Operations.UpdateIfStatusAsync(rejected, OperationStatus.PendingReview, cancellationToken))
        {
            throw new MandateException(MandateErrorCodes.Conflict, $"operation {operationId} was decided by someone else meanwhile");
        }

        return rejected;
    }

    /// <param name="resource">The stored resource when the caller has just read it (update, delete), so it is not read again.</param>
    private async Task<OperationResult> RunAsync(Actor actor, string sessionId, ProjectRecord project, string resourceId, OperationKind kind,
        JsonObject request, ResourceRecord? resource, CancellationToken cancellationToken)
    {
        await EnsureMayChangeAsync(project, resourceId, kind, request, resource, cancellationToken);
        var change = await PlanForAsync(project, resourceId, kind, request, resource, cancellationToken);
        var samples = new List<PolicySampleRecord>();
        var decision = await DecideAsync(project, resourceId, kind, change, actor, samples, cancellationToken);
        var now = clock.GetUtcNow();
        var status = decision.Outcome switch
        {
            PolicyOutcome.Denied => OperationStatus.Denied,
            PolicyOutcome.PendingReview => OperationStatus.PendingReview,
            _ => OperationStatus.Queued,
        };
        var operation = new OperationRecord(Ids.New("op", clock), project.Id, resourceId, kind, status, actor.Id, sessionId, planner.SealRequest(project, request, change.Planned).ToJsonString(),
            change.Planned.PlanJson.ToJsonString(), change.Planned.PlanHash, Serialize(decision), null,
            status == OperationStatus.Denied ? "denied by policy: " + string.Join("; ", decision.DenyReasons) : null, null, now, now,
            status == OperationStatus.Denied ? now : null, status == OperationStatus.PendingReview ? now + options.PendingExpiry : null);

        // One transaction: the project lock, the kept policy samples, the operation record and (when it is to be applied)
        // its claim with a lease. The intent is committed before the provider is touched, so a crash mid-apply leaves an
        // applying, leased operation for recovery to reconcile; a session refused the lock leaves nothing behind.
        OperationRecord? claimed = null;
        await using (var transaction = await store.BeginAsync(cancellationToken))
        {
            await _locks.AcquireAsync(transaction.Locks, project.Id, project.Name, sessionId, actor.Id, cancellationToken);
            await gate.KeepSamplesAsync(transaction, samples, cancellationToken);
            if (status == OperationStatus.Queued)
            {
                // Recorded already claimed by this call (applying, leased): queued and claimed at once, as the inline path always did.
                claimed = await transaction.Operations.CreateClaimedAsync(operation, _inline.NewLease(), cancellationToken);
            }
            else
            {
                await transaction.Operations.CreateAsync(operation, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (claimed is null)
        {
            return ForCaller(new OperationResult(operation, decision, change.Planned.PlanJson, null));
        }

        return ForCaller(await ApplyClaimedInlineAsync(operation, claimed, project, change, decision, cancellationToken));
    }

    private static string Serialize(PolicyDecision decision) => JsonSerializer.Serialize(new
    {
        outcome = decision.Outcome switch { PolicyOutcome.Allowed => "allowed", PolicyOutcome.Denied => "denied", _ => "pending_review" },
        deny = decision.DenyReasons,
        allow = decision.AllowReasons,
        policies = decision.Verdicts.Select(v => new { id = v.PolicyId, name = v.PolicyName, version = v.PolicyVersion, deny = v.Deny, allow = v.Allow, error = v.Error }),
    });
}
