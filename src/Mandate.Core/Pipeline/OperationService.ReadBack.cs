namespace Mandate.Core.Pipeline;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Lifecycle;

/// <summary>
/// Refresh and import share one shape: nothing is applied to the cloud, the provider only reports what exists,
/// and what it reports becomes Mandate's state if the policies allow it. Their "plan" is that report: the
/// stored state and the real one; its hash pins approvals, and an approval reads the object again and refuses
/// when the report changed.
/// </summary>
public sealed partial class OperationService
{
    private async Task<PolicyDecision> DecideReadBackAsync(ProjectRecord project, string resourceId, OperationKind kind, ReadBack read, Actor actor,
        CancellationToken cancellationToken)
    {
        var policies = await gate.ApplicablePoliciesAsync(project, SpaceChain(project), cancellationToken);
        var input = PolicyInput.Build(new PolicyInputContext(resourceId, read.ResourceType, read.Provider.Address, read.Provider.Version, kind,
            View(read, read.Stored), View(read, read.Real), [], project, actor.Id, actor.Name));
        return await gate.DecideAsync(policies, input, cancellationToken);
    }

    /// <summary>The report a refresh or import is judged and approved on, and its hash.</summary>
    private static (JsonObject Plan, string Hash) ReadBackPlan(string action, ReadBack read, IReadOnlyList<AttributeChange> changes, JsonObject? extra = null)
    {
        var plan = new JsonObject
        {
            ["action"] = action,
            ["resource_type"] = read.ResourceType,
            ["provider"] = read.Provider.Address,
            ["provider_version"] = read.Provider.Version,
            ["current_state"] = View(read, read.Stored),
            ["proposed_state"] = View(read, read.Real),
            ["changes"] = new JsonArray(changes.Select(c => (JsonNode?)new JsonObject
            {
                ["path"] = c.Path, ["change"] = c.Change, ["before"] = c.Before?.DeepClone(), ["after"] = c.After?.DeepClone(), ["sensitive"] = c.Sensitive,
            }).ToArray()),
        };
        foreach (var (key, value) in extra ?? [])
        {
            plan[key] = value?.DeepClone();
        }

        return (plan, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(plan)))));
    }

    // Policies, reviewers and the stored report see the marker where the schema says a value is sensitive.
    private static JsonObject? View(ReadBack read, ResourceState? state) => state is null ? null : AttributeChanges.Redacted(read.Schema, state.Value);

    private OperationRecord NewReadBackOperation(Actor actor, string sessionId, ProjectRecord project, string resourceId, OperationKind kind, JsonObject request,
        JsonObject plan, string hash, PolicyDecision? decision)
    {
        var now = clock.GetUtcNow();
        var status = decision?.Outcome switch
        {
            PolicyOutcome.Denied => OperationStatus.Denied,
            PolicyOutcome.PendingReview => OperationStatus.PendingReview,
            _ => OperationStatus.Succeeded,
        };
        return new OperationRecord(Ids.New("op", clock), project.Id, resourceId, kind, status, actor.Id, sessionId, request.ToJsonString(),
            plan.ToJsonString(), hash, decision is null ? null : Serialize(decision), null,
            status == OperationStatus.Denied ? "denied by policy: " + string.Join("; ", decision!.DenyReasons) : null, null, now, now,
            status == OperationStatus.PendingReview ? null : now, status == OperationStatus.PendingReview ? now + options.PendingExpiry : null);
    }

    /// <summary>
    /// Writes what the provider reported as the resource's state, a new state version and the operation's end,
    /// in one transaction. <paramref name="pendingBefore"/> marks an approved operation that already exists.
    /// </summary>
    private async Task WriteReadBackAsync(OperationRecord operation, bool pendingBefore, ReadBack read, ResourceRecord? existing, string configJson,
        CancellationToken cancellationToken)
    {
        var stored = ResourceLifecycle.Store(read.Real!);
        var stateJson = planner.SealForStore(operation.ProjectId, read.Schema, Encoding.UTF8.GetString(stored.AttributesJson.Span))!;
        var now = clock.GetUtcNow();
        var version = (existing?.StateVersion ?? 0) + 1;
        var record = new ResourceRecord(operation.ProjectId, operation.ResourceId, read.ResourceType, read.Provider.Address, read.Provider.Version,
            planner.SealForStore(operation.ProjectId, read.Schema, configJson)!, stateJson, stored.Private.ToArray(), stored.SchemaVersion, existing?.Dependencies ?? [], version, existing?.CreatedAt ?? now, now)
            { Tainted = existing?.Tainted ?? false }; // a refresh reads what exists; it does not make a tainted object whole
        await using var transaction = await store.BeginAsync(cancellationToken);
        if (pendingBefore)
        {
            if (!await transaction.Operations.UpdateIfStatusAsync(operation, OperationStatus.PendingReview, cancellationToken))
            {
                throw new MandateException(MandateErrorCodes.Conflict, $"operation {operation.Id} was decided by someone else meanwhile");
            }
        }
        else
        {
            await transaction.Operations.CreateAsync(operation, cancellationToken);
        }

        if (existing is null)
        {
            await transaction.Resources.CreateAsync(record, cancellationToken);
        }
        else
        {
            await transaction.Resources.UpdateAsync(record, existing.StateVersion, cancellationToken);
        }

        await transaction.Resources.AppendStateVersionAsync(
            new StateVersionRecord(operation.ProjectId, operation.ResourceId, version, stateJson, operation.Id, operation.Kind, operation.RequestedBy, now), cancellationToken);
        // As for applied operations: the audit entry lands with the state it describes, or not at all.
        await transaction.Audit.AppendAsync(
            Application.OperationAuditEvents.For(operation, null, operation.DecidedBy ?? operation.RequestedBy, operation.DecidedBy ?? operation.RequestedBy, now, version),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Approves a pending refresh or import: the object is read again; a report that differs from the one
    /// reviewed is refused; the policies are evaluated again (a deny still wins); then the state is written.
    /// </summary>
    private async Task<OperationResult> ApproveReadBackAsync(Actor approver, OperationRecord operation, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(operation.ProjectId, cancellationToken);
        var request = JsonNode.Parse(operation.RequestJson)!.AsObject();
        var existing = await store.Resources.GetAsync(project.Id, operation.ResourceId, cancellationToken);
        var (read, plan, hash, configJson) = operation.Kind == OperationKind.Import
            ? await ImportReportAsync(project, operation.ResourceId, request, existing, cancellationToken)
            : await RefreshReportAsync(project, operation.ResourceId, existing, cancellationToken);
        var now = clock.GetUtcNow();
        if (hash != operation.PlanHash)
        {
            var refused = operation with { Status = OperationStatus.Rejected, DecidedBy = approver.Id, UpdatedAt = now, CompletedAt = now,
                Error = "what the provider reports changed between request and approval; nothing was written" };
            await store.Operations.UpdateIfStatusAsync(refused, OperationStatus.PendingReview, cancellationToken);
            throw new MandateException(MandateErrorCodes.PlanChanged,
                $"the real object behind operation {operation.Id} changed since it was requested (report now {hash}); nothing was written. Request the {operation.Kind.ToWire()} again to review it");
        }

        var decision = await DecideReadBackAsync(project, operation.ResourceId, operation.Kind, read, approver, cancellationToken);
        if (decision.Outcome == PolicyOutcome.Denied)
        {
            var denied = operation with { Status = OperationStatus.Denied, DecisionJson = Serialize(decision), DecidedBy = approver.Id,
                Error = "denied by policy on re-evaluation at approval", UpdatedAt = now, CompletedAt = now };
            await store.Operations.UpdateIfStatusAsync(denied, OperationStatus.PendingReview, cancellationToken);
            return new OperationResult(denied, decision, plan, null);
        }

        var succeeded = operation with { Status = OperationStatus.Succeeded, DecisionJson = Serialize(decision), DecidedBy = approver.Id, UpdatedAt = now, CompletedAt = now };
        await WriteReadBackAsync(succeeded, pendingBefore: true, read, existing, configJson, cancellationToken);
        return new OperationResult(succeeded, decision, plan, View(read, read.Real));
    }
}
