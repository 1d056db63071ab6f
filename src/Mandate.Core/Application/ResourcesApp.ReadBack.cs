namespace Mandate.Core.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;

/// <summary>Dry runs, refresh and import: the entry points over <see cref="OperationService"/>'s read-back side.</summary>
public sealed partial class ResourcesApp
{
    /// <summary>
    /// Plans a create, update or delete without applying it: the diff attribute by attribute and the decision the
    /// policies would give. Needs only <see cref="MandateAction.ResourcePlan"/> (a read); nothing is locked or
    /// recorded but this call's audit entry.
    /// </summary>
    public async Task<PlanPreview> PlanAsync(CallContext ctx, string projectId, string resourceId, PlanIntent intent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentNullException.ThrowIfNull(intent);
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourcePlan, resourceId, cancellationToken);
        PlanPreview preview;
        try
        {
            preview = await _pipeline.PlanAsync(ctx.Actor, project.Id, resourceId, intent, cancellationToken);
        }
        catch (MandateException e)
        {
            await AuditRefusalAsync(ctx, MandateAction.ResourcePlan, project.Id, resourceId, e, cancellationToken);
            throw;
        }

        await _audit.AppendAsync(ctx, MandateAction.ResourcePlan.Name, AuditTarget.Resource(project.Id, resourceId), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("kind", intent.Kind.ToWire()).Add("action", preview.Action).Add("plan_hash", preview.PlanHash)
                .Add("decision", OperationAuditEvents.OutcomeName(preview.Decision.Outcome)).Add("changes", preview.Changes.Select(c => c.Path)).Build(),
            cancellationToken);
        return preview;
    }

    /// <summary>Reads the real object and reports drift; the real state is recorded when the policies allow it.</summary>
    public async Task<RefreshOutcome> RefreshAsync(CallContext ctx, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceRefresh, resourceId, cancellationToken);
        RefreshOutcome outcome;
        try
        {
            outcome = await _pipeline.RefreshAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, cancellationToken);
        }
        catch (MandateException e)
        {
            await AuditRefusalAsync(ctx, MandateAction.ResourceRefresh, project.Id, resourceId, e, cancellationToken);
            throw;
        }

        // A refresh that wrote state was audited with it; one that found nothing to write (no drift, gone) is audited here.
        if (outcome.Operation.Status != OperationStatus.Succeeded || outcome.Gone || outcome.Drift.Count == 0)
        {
            await _store.Audit.AppendAsync(
                OperationAuditEvents.For(outcome.Operation, outcome.Decision, ctx.Principal.Id, ctx.Principal.DisplayName, _clock.GetUtcNow()), cancellationToken);
        }

        return outcome;
    }

    /// <summary>Adopts an existing cloud object as <paramref name="resourceId"/>, judged by policy as an import.</summary>
    public async Task<OperationResult> ImportAsync(CallContext ctx, string projectId, string resourceId, string resourceType, string importId, JsonObject? config,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceImport, resourceId, cancellationToken);
        return await AuditedAsync(ctx, MandateAction.ResourceImport, project, resourceId,
            () => _pipeline.ImportAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, resourceType, importId, config, cancellationToken), cancellationToken);
    }
}
