namespace Mandate.Core.Pipeline;

using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

/// <summary>
/// Applies a plan with the provider and records the result: state, history and the operation's end, in
/// one transaction, so the store never shows a state without the operation that produced it.
/// </summary>
/// <remarks>With <paramref name="secrets"/>, values the schema marks sensitive are sealed in the stored config and state (<see cref="SealedJson"/>).</remarks>
public sealed class OperationApplier(IMandateStore store, IProviderHost pool, TimeProvider clock, SecretProtector? secrets = null)
{
    /// <summary>Test-only crash points (see <see cref="IFaultInjector"/>); null in every real composition.</summary>
    internal IFaultInjector? Faults { get; init; }

    public async Task<OperationResult> ApplyAsync(OperationRecord operation, ProjectRecord project, PlannedChange planned, JsonObject? config,
        IReadOnlySet<string> dependsOn, PolicyDecision decision, CancellationToken cancellationToken)
    {
        Faults?.Reached(FaultPoint.BeforeApply, operation);
        ApplyResult applied;
        try
        {
            applied = await pool.UseAsync(planned.Provider, (provider, ct) => new ResourceLifecycle(provider).ApplyAsync(planned.Plan, ct), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await FailAsync(operation, decision, planned, OperationPlanner.ScrubText($"the provider could not apply the plan: {e.Message}", planned.SensitiveTexts), cancellationToken);
        }

        if (!applied.Succeeded)
        {
            var error = $"the provider reported errors while applying: {applied.Diagnostics.Describe()}";
            if (applied.State is null || ReferenceEquals(applied.State, planned.Plan.Prior))
            {
                // Nothing new exists (a failed create without an object, or a failed destroy that kept the old one).
                return await FailAsync(operation, decision, planned, OperationPlanner.ScrubText(error, planned.SensitiveTexts), cancellationToken);
            }

            // The provider changed something before it failed and reported what exists: keep it, as Terraform does.
            // A new object (create, or the create half of a replacement) is tainted, so the next update replaces it.
            var tainted = planned.Plan.Action is ChangeAction.Create or ChangeAction.DeleteThenCreate;
            error += tainted
                ? "; the provider created the object before failing: its state is kept and the resource is marked tainted, so the next update replaces it"
                : "; the provider changed the object before failing: the state it reported is kept";
            var failed = operation with { Status = OperationStatus.Failed, Error = OperationPlanner.ScrubText(error, planned.SensitiveTexts), UpdatedAt = clock.GetUtcNow() };
            return await WriteStateAsync(failed with { CompletedAt = failed.UpdatedAt }, project, planned, config, dependsOn, decision, applied.State, tainted, cancellationToken);
        }

        Faults?.Reached(FaultPoint.AfterApplyBeforeStateWrite, operation);
        var now = clock.GetUtcNow();
        var succeeded = operation with { Status = OperationStatus.Succeeded, UpdatedAt = now, CompletedAt = now };
        return await WriteStateAsync(succeeded, project, planned, config, dependsOn, decision, applied.State, tainted: false, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="state"/> (null: the object is gone), a new state version, the operation's end
    /// (<paramref name="ended"/>) and its audit entry, in one transaction.
    /// </summary>
    private async Task<OperationResult> WriteStateAsync(OperationRecord ended, ProjectRecord project, PlannedChange planned, JsonObject? config,
        IReadOnlySet<string> dependsOn, PolicyDecision decision, ResourceState? state, bool tainted, CancellationToken cancellationToken)
    {
        var now = ended.UpdatedAt;
        await using (var transaction = await store.BeginAsync(cancellationToken))
        {
            // Read inside the write transaction: one connection instead of two, and the version it extends cannot move meanwhile.
            var existing = await transaction.Resources.GetAsync(project.Id, ended.ResourceId, cancellationToken);
            var version = (existing?.StateVersion ?? 0) + 1;
            if (state is null)
            {
                await transaction.Resources.DeleteAsync(project.Id, ended.ResourceId, cancellationToken);
                await transaction.Resources.AppendStateVersionAsync(
                    new StateVersionRecord(project.Id, ended.ResourceId, version, null, ended.Id, ended.Kind, ended.RequestedBy, now), cancellationToken);
            }
            else
            {
                var stored = ResourceLifecycle.Store(state);
                var stateJson = Seal(project, planned, Encoding.UTF8.GetString(stored.AttributesJson.Span))!;
                var record = new ResourceRecord(project.Id, ended.ResourceId, planned.Plan.TypeName, planned.Provider.Address, planned.Provider.Version,
                    Seal(project, planned, config?.ToJsonString()) ?? existing?.ConfigJson ?? "{}", stateJson, stored.Private.ToArray(), stored.SchemaVersion,
                    dependsOn.ToList(), version, existing?.CreatedAt ?? now, now) { Tainted = tainted };
                if (existing is null)
                {
                    await transaction.Resources.CreateAsync(record, cancellationToken);
                }
                else
                {
                    await transaction.Resources.UpdateAsync(record, existing.StateVersion, cancellationToken);
                }

                await transaction.Resources.AppendStateVersionAsync(
                    new StateVersionRecord(project.Id, ended.ResourceId, version, stateJson, ended.Id, ended.Kind, ended.RequestedBy, now), cancellationToken);
            }

            if (!await transaction.Operations.UpdateIfStatusAsync(ended, OperationStatus.Applying, cancellationToken))
            {
                throw new MandateException(MandateErrorCodes.Conflict, $"operation {ended.Id} left the applying state while it was applied");
            }

            // The trail records the change in the same transaction as the state it wrote: one never exists without the other.
            await transaction.Audit.AppendAsync(
                Application.OperationAuditEvents.For(ended, decision, ended.RequestedBy, ended.RequestedBy, now, version), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // A failed result that carries a state wrote it (and its audit entry) here; callers show it and do not audit again.
        var view = state is null ? null
            : CtyPlainJson.ToView(planned.Schema is { } schema ? SensitiveMarks.Apply(schema.Block, state.Value) : state.Value).Value as JsonObject;
        return new OperationResult(ended, decision, planned.PlanJson, view);
    }

    // Values the schema marks sensitive leave this process for the store only sealed.
    private string? Seal(ProjectRecord project, PlannedChange planned, string? json)
    {
        if (json is null || secrets is null || planned.Schema is null)
        {
            return json;
        }

        return SealedJson.Seal(planned.Schema.Block, JsonNode.Parse(json), secrets, SealedJson.Location(project.Id))?.ToJsonString();
    }

    private async Task<OperationResult> FailAsync(OperationRecord operation, PolicyDecision decision, PlannedChange planned, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failed = operation with { Status = OperationStatus.Failed, Error = error, UpdatedAt = now, CompletedAt = now };
        await store.Operations.UpdateIfStatusAsync(failed, OperationStatus.Applying, cancellationToken);
        return new OperationResult(failed, decision, planned.PlanJson, null);
    }
}
