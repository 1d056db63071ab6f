namespace Mandate.Core.Pipeline.Worker;

using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Mandate.Providers.Lifecycle;

/// <summary>Reconciliation per operation kind: look at the cloud through the provider (read-only), then record it.</summary>
public sealed partial class OperationRecovery
{
    /// <summary>The actor of audit entries recovery writes: no principal asked for them.</summary>
    internal const string RecoveryActor = "system:recovery";

    private async Task<OperationRecord> ReconcileCreateAsync(OperationRecord operation, ProjectRecord project, CancellationToken cancellationToken)
    {
        var existing = await store.Resources.GetAsync(project.Id, operation.ResourceId, cancellationToken);
        if (existing is not null)
        {
            var history = (await store.Resources.HistoryAsync(project.Id, operation.ResourceId, new PageRequest(null, 1), cancellationToken)).Items;
            var latest = history.Count > 0 ? history[0] : null;
            return latest?.OperationId == operation.Id
                ? await EndAsync(operation, OperationStatus.Succeeded, null, $"its state was already recorded (version {latest.Version})", cancellationToken)
                : await EndAsync(operation, OperationStatus.Failed,
                    $"resource '{operation.ResourceId}' is recorded by operation {latest?.OperationId}; whether this create made a second object was not checked: look in the cloud",
                    "the resource id was taken by another operation", cancellationToken);
        }

        var request = JsonNode.Parse(operation.RequestJson)!.AsObject();
        var type = request["resource_type"]!.GetValue<string>();
        var config = request["config"] as JsonObject ?? [];
        if (RecoveryIdentity.ImportId(type, PlanState(operation, "proposed_state"), config) is not { } identity)
        {
            return await EndAsync(operation, OperationStatus.Failed,
                $"interrupted by a crash; whether the {type} was created is unknown, because its id is made by the cloud and cannot be derived from the request. Look in the cloud and import it if it exists",
                "no identity to look the object up by", cancellationToken);
        }

        ReadBack imported;
        try
        {
            imported = await planner.ImportAsync(project, type, identity.Id, cancellationToken);
        }
        catch (MandateException e) when (e.Code == MandateErrorCodes.NotFound)
        {
            return await EndAsync(operation, OperationStatus.Failed,
                $"nothing was created: the crash came before the provider made the {type} (no object with id '{identity.Id}' exists)",
                $"looked up {type} '{identity.Id}' ({identity.Source}): not found", cancellationToken);
        }

        var dependsOn = new List<string>();
        foreach (var reference in ResourceReferences.Find(config))
        {
            if (await store.Resources.GetAsync(project.Id, reference, cancellationToken) is not null)
            {
                dependsOn.Add(reference);
            }
        }

        var note = $"found {type} '{identity.Id}' by {identity.Source} (import + read) and recorded it as state version 1";
        return await RecordAsync(operation, null, imported, config.ToJsonString(), dependsOn, OperationStatus.Succeeded, null, note, cancellationToken);
    }

    private async Task<OperationRecord> ReconcileUpdateAsync(OperationRecord operation, ProjectRecord project, CancellationToken cancellationToken)
    {
        if (await store.Resources.GetAsync(project.Id, operation.ResourceId, cancellationToken) is not { } resource)
        {
            return await EndAsync(operation, OperationStatus.Failed, "interrupted by a crash, and the resource is no longer in state", "resource not in state",
                cancellationToken);
        }

        var read = await planner.RefreshAsync(project, resource, cancellationToken);
        if (read.Real is not { } refreshed)
        {
            return await RemoveAsync(operation, resource, OperationStatus.Failed,
                "interrupted by a crash, and the object no longer exists (a replacement cut off between its delete and its create); its state was removed",
                "refreshed: the object is gone; state removed", cancellationToken);
        }

        var request = JsonNode.Parse(operation.RequestJson)!.AsObject();
        var config = request["config"] is JsonObject whole
            ? whole
            : JsonMergePatch.Apply(JsonNode.Parse(resource.ConfigJson), request["patch"]) as JsonObject ?? [];
        // The plan shows sensitive values as the marker on both sides, so a change of one (a new secret) is checked
        // against the requested config itself; otherwise an update that never reached the cloud would pass.
        if (ShowsPlannedChanges(operation, AttributeChanges.Redacted(read.Schema, refreshed.Value))
            && planner.HoldsSensitiveValues(project.Id, read.Schema, config, refreshed.Value))
        {
            return await RecordAsync(operation, resource, read, config.ToJsonString(), resource.Dependencies, OperationStatus.Succeeded, null,
                $"refreshed: the object shows the planned changes; recorded as state version {resource.StateVersion + 1}", cancellationToken);
        }

        return await RecordAsync(operation, resource, read, resource.ConfigJson, resource.Dependencies, OperationStatus.Failed,
            "interrupted by a crash before the update took effect; the state was refreshed with what exists. Request the update again",
            $"refreshed: the planned changes are not there; recorded what exists as state version {resource.StateVersion + 1}", cancellationToken);
    }

    private async Task<OperationRecord> ReconcileDeleteAsync(OperationRecord operation, ProjectRecord project, CancellationToken cancellationToken)
    {
        if (await store.Resources.GetAsync(project.Id, operation.ResourceId, cancellationToken) is not { } resource)
        {
            return await EndAsync(operation, OperationStatus.Succeeded, null, "the resource was already absent from state", cancellationToken);
        }

        var read = await planner.RefreshAsync(project, resource, cancellationToken);
        return read.Gone
            ? await RemoveAsync(operation, resource, OperationStatus.Succeeded, null, "refreshed: the object is gone; state removed", cancellationToken)
            : await RecordAsync(operation, resource, read, resource.ConfigJson, resource.Dependencies, OperationStatus.Failed,
                "interrupted by a crash before the object was deleted; it still exists and its state was refreshed. Delete it again if it should go",
                $"refreshed: the object still exists; recorded as state version {resource.StateVersion + 1}", cancellationToken);
    }

    /// <summary>
    /// Whether the refreshed object shows what the plan changed: every attribute the plan set to a known value
    /// different from before now has that value. Unknown (computed) values cannot contradict anything.
    /// </summary>
    private static bool ShowsPlannedChanges(OperationRecord operation, JsonObject? refreshed)
    {
        var before = PlanState(operation, "current_state");
        var planned = PlanState(operation, "proposed_state");
        if (planned is null || refreshed is null)
        {
            return false;
        }

        return planned.Where(p => p.Value is not null && !JsonNode.DeepEquals(p.Value, before?[p.Key]))
            .All(p => JsonNode.DeepEquals(p.Value, refreshed[p.Key]));
    }

    /// <summary>
    /// Writes the state that exists, a state version and the operation's end in one transaction. State and config are
    /// sealed by the schema the way every writer of state seals them (<see cref="OperationPlanner.SealForStore"/>).
    /// </summary>
    private async Task<OperationRecord> RecordAsync(OperationRecord operation, ResourceRecord? existing, ReadBack read, string configJson,
        IReadOnlyList<string> dependsOn, OperationStatus status, string? error, string note, CancellationToken cancellationToken)
    {
        var ended = Ended(operation, status, error, note);
        var now = ended.UpdatedAt;
        var stored = ResourceLifecycle.Store(read.Real!);
        var stateJson = planner.SealForStore(operation.ProjectId, read.Schema, Encoding.UTF8.GetString(stored.AttributesJson.Span))!;
        var version = (existing?.StateVersion ?? 0) + 1;
        var record = new ResourceRecord(operation.ProjectId, operation.ResourceId, read.ResourceType, read.Provider.Address, read.Provider.Version,
            planner.SealForStore(operation.ProjectId, read.Schema, configJson)!, stateJson, stored.Private.ToArray(), stored.SchemaVersion, dependsOn, version,
            existing?.CreatedAt ?? now, now);
        await using var transaction = await store.BeginAsync(cancellationToken);
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
        await EndInAsync(transaction, ended, version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    private async Task<OperationRecord> RemoveAsync(OperationRecord operation, ResourceRecord existing, OperationStatus status, string? error, string note,
        CancellationToken cancellationToken)
    {
        var ended = Ended(operation, status, error, note);
        await using var transaction = await store.BeginAsync(cancellationToken);
        await transaction.Resources.DeleteAsync(operation.ProjectId, operation.ResourceId, cancellationToken);
        await transaction.Resources.AppendStateVersionAsync(new StateVersionRecord(operation.ProjectId, operation.ResourceId, existing.StateVersion + 1, null,
            operation.Id, operation.Kind, operation.RequestedBy, ended.UpdatedAt), cancellationToken);
        await EndInAsync(transaction, ended, existing.StateVersion + 1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>The operation's end and its audit entry (acted by the system, not the requester), in the caller's transaction.</summary>
    private static async Task EndInAsync(IStoreTransaction transaction, OperationRecord ended, long? stateVersion, CancellationToken cancellationToken)
    {
        if (!await transaction.Operations.UpdateIfStatusAsync(ended, OperationStatus.Applying, cancellationToken))
        {
            throw new MandateException(MandateErrorCodes.Conflict, $"operation {ended.Id} left the applying state while it was reconciled");
        }

        await transaction.Audit.AppendAsync(OperationAuditEvents.For(ended, null, RecoveryActor, "crash recovery", ended.UpdatedAt, stateVersion), cancellationToken);
    }
}
