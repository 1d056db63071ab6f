namespace Mandate.Core.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;

public sealed partial class ResourcesApp
{
    /// <summary>
    /// A dry run of a create, update or delete: the diff and what the policies would decide; nothing is
    /// applied or locked. The decision is audited (<c>resource.plan</c>), since a plan leaves no other trace.
    /// </summary>
    public async Task<PlanPreview> PlanAsync(CallContext ctx, string projectId, string resourceId, PlanIntent intent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentNullException.ThrowIfNull(intent);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourcePlan, resourceId,
            project => _pipeline.PlanAsync(ctx.Actor, project.Id, resourceId, intent, cancellationToken),
            async (project, preview) =>
            {
                await _audit.AppendAsync(ctx, MandateAction.ResourcePlan.Name, AuditTarget.Resource(project.Id, resourceId), AuditOutcomes.Succeeded,
                    new AuditPayloadBuilder().Add("kind", preview.Kind.ToWire()).Add("action", preview.Action).Add("plan_hash", preview.PlanHash)
                        .Add("decision", OperationAuditEvents.OutcomeName(preview.Decision.Outcome))
                        .Add("deny_reasons", preview.Decision.DenyReasons).Add("allow_reasons", preview.Decision.AllowReasons)
                        .Add("changed_attributes", preview.Changes.Count).Add("session", ctx.SessionId).Build(),
                    cancellationToken);
                return preview;
            },
            cancellationToken);
    }

    /// <summary>
    /// Adopts an existing cloud object as resource <paramref name="resourceId"/> (judged by policy as an import);
    /// nothing in the cloud changes. <paramref name="config"/> is the config to keep, or null to derive it.
    /// </summary>
    public async Task<OperationResult> ImportAsync(CallContext ctx, string projectId, string resourceId, string resourceType, string importId,
        JsonObject? config, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceImport, resourceId,
            project => _pipeline.ImportAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, resourceType, importId, config, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Reads the resource from its provider and records drift (judged by policy); a vanished object is
    /// reported as gone and its state kept.
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(CallContext ctx, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceRefresh, resourceId,
            project => _pipeline.RefreshAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, cancellationToken),
            (project, outcome) => RefreshedAsync(ctx, project, resourceId, outcome, cancellationToken),
            cancellationToken);
    }

    private async Task<RefreshOutcome> RefreshedAsync(CallContext ctx, ProjectRecord project, string resourceId, RefreshOutcome outcome,
        CancellationToken cancellationToken)
    {
        // A refresh that wrote new state was audited by the pipeline in that transaction; the rest (no drift,
        // gone, denied or pending) are recorded here.
        var wroteState = outcome.Operation.Status == OperationStatus.Succeeded && !outcome.Gone && outcome.Drift.Count > 0;
        if (!wroteState)
        {
            await _store.Audit.AppendAsync(OperationAuditEvents.For(outcome.Operation, outcome.Decision, ctx.Principal.Id, ctx.Principal.DisplayName,
                _clock.GetUtcNow()), cancellationToken);
        }

        if (outcome.State is null)
        {
            return outcome;
        }

        // The stored state of an unchanged or vanished object comes back as stored: redact it like a get does.
        var type = (await _store.Resources.GetAsync(project.Id, resourceId, cancellationToken))?.Type;
        var paths = type is null ? null : await _sensitive.PathsAsync(project, type, cancellationToken);
        return outcome with { State = SensitiveAttributes.Redact(outcome.State.ToJsonString(), paths) };
    }
}
