namespace Mandate.Core.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;

/// <summary>
/// Resources: reads with sensitive values redacted, and changes through the policy-gated
/// <see cref="OperationService"/>. Authorization comes first, so a refused call never reaches a provider.
/// </summary>
public sealed partial class ResourcesApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly OperationService _pipeline;
    private readonly SensitiveAttributes _sensitive;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;
    private readonly ResultRedactor _redactor;

    internal ResourcesApp(IMandateStore store, AccessGuard guard, OperationService pipeline, SensitiveAttributes sensitive, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _pipeline = pipeline;
        _sensitive = sensitive;
        _redactor = new ResultRedactor(store, sensitive);
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>The project's resources ordered by id, optionally only those of <paramref name="type"/>.</summary>
    public async Task<Page<ResourceSummary>> ListAsync(CallContext ctx, string projectId, string? type, PageRequest page,
        CancellationToken cancellationToken = default)
    {
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceRead, null, cancellationToken);
        var found = await _store.Resources.ListAsync(project.Id, string.IsNullOrWhiteSpace(type) ? null : type, page, cancellationToken);
        return new Page<ResourceSummary>(found.Items.Select(ResourceSummary.Of).ToList(), found.NextCursor);
    }

    /// <summary>One resource with config and state, sensitive values redacted.</summary>
    public async Task<ResourceView> GetAsync(CallContext ctx, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceRead, resourceId, cancellationToken);
        var resource = await Lookups.ResourceAsync(_store, project, resourceId, cancellationToken);
        var paths = await _sensitive.PathsAsync(project, resource.Type, cancellationToken);
        return paths is null
            ? new ResourceView(ResourceSummary.Of(resource), null, null, [],
                $"the schema of {resource.Type} could not be read from its provider, so which values are sensitive is unknown; config and state are withheld")
            : new ResourceView(ResourceSummary.Of(resource), SensitiveAttributes.Redact(resource.ConfigJson, paths),
                SensitiveAttributes.Redact(resource.StateJson, paths), paths, null);
    }

    /// <summary>The resource's state history, newest first (also after it was deleted or ejected).</summary>
    public async Task<Page<StateVersionSummary>> HistoryAsync(CallContext ctx, string projectId, string resourceId, PageRequest page,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceRead, resourceId, cancellationToken);
        var history = await _store.Resources.HistoryAsync(project.Id, resourceId, page, cancellationToken);
        return new Page<StateVersionSummary>(
            history.Items.Select(v => new StateVersionSummary(v.ProjectId, v.ResourceId, v.Version, v.OperationId, v.Kind, v.Actor, v.CreatedAt, v.StateJson is null)).ToList(),
            history.NextCursor);
    }

    /// <summary>What the resource references and what references it.</summary>
    public async Task<ResourceDependencies> DependenciesAsync(CallContext ctx, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        var project = await AuthorizeProjectAsync(ctx, projectId, MandateAction.ResourceRead, resourceId, cancellationToken);
        var resource = await Lookups.ResourceAsync(_store, project, resourceId, cancellationToken);
        var dependents = await _store.Resources.DependentsAsync(project.Id, resource.ResourceId, cancellationToken);
        return new ResourceDependencies(project.Id, resource.ResourceId, resource.Dependencies, dependents);
    }

    /// <summary>Creates a resource: plan, policy decision, then apply only when allowed (pending review waits for an approver).</summary>
    public async Task<OperationResult> CreateAsync(CallContext ctx, string projectId, string resourceId, string resourceType, JsonObject config,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        ArgumentNullException.ThrowIfNull(config);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceCreate, resourceId,
            project => _pipeline.CreateAsync(ctx.Actor, ctx.SessionId, project, resourceId, resourceType, config, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Updates a resource with a JSON merge patch over its stored config, or with <paramref name="replaceConfig"/>
    /// the whole new config.
    /// </summary>
    public async Task<OperationResult> UpdateAsync(CallContext ctx, string projectId, string resourceId, JsonObject patchOrConfig, bool replaceConfig,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentNullException.ThrowIfNull(patchOrConfig);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceUpdate, resourceId,
            project => _pipeline.UpdateAsync(ctx.Actor, ctx.SessionId, project, resourceId, patchOrConfig, replaceConfig, cancellationToken), cancellationToken);
    }

    /// <summary>Deletes (destroys) a resource; with <paramref name="cascade"/> its dependents first, each judged by policy.</summary>
    public async Task<IReadOnlyList<OperationResult>> DeleteAsync(CallContext ctx, string projectId, string resourceId, bool cascade,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceDelete, resourceId,
            project => _pipeline.DeleteAsync(ctx.Actor, ctx.SessionId, project, resourceId, cascade, cancellationToken),
            async (project, results) =>
            {
                var redacted = new List<OperationResult>(results.Count);
                foreach (var result in results)
                {
                    redacted.Add(await RecordedAsync(ctx, project, result, cancellationToken));
                }

                return redacted;
            },
            cancellationToken);
    }

    /// <summary>
    /// Stops managing a resource without destroying it (refused while others reference it). Answers the operation's
    /// details like every other operation leaving Core: the request's values redacted, lease bookkeeping kept inside.
    /// </summary>
    public async Task<OperationDetails> EjectAsync(CallContext ctx, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        return await AuditedAsync(ctx, projectId, MandateAction.ResourceEject, resourceId,
            project => _pipeline.EjectAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, cancellationToken),
            async (_, operation) =>
            {
                // An eject writes no state, so nothing in the pipeline audited it.
                await _store.Audit.AppendAsync(OperationAuditEvents.For(operation, null, ctx.Principal.Id, ctx.Principal.DisplayName, _clock.GetUtcNow()),
                    cancellationToken);
                return (await _redactor.DetailsAsync([operation], cancellationToken))[0];
            },
            cancellationToken);
    }

    private async Task<ProjectRecord> AuthorizeProjectAsync(CallContext ctx, string projectId, MandateAction action, string? resourceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var target = resourceId is null ? AuditTarget.Project(projectId) : AuditTarget.Resource(projectId, resourceId);
        return await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, action, target, cancellationToken);
    }

    /// <summary>
    /// Every resource change and read-back runs through here: authorize, call the pipeline with the project, audit a refusal
    /// that came before any operation was recorded (and rethrow it), then let <paramref name="recorded"/> audit what the call
    /// did (its kind knows what the pipeline already audited) and shape the answer.
    /// </summary>
    private async Task<TAnswer> AuditedAsync<TDone, TAnswer>(CallContext ctx, string projectId, MandateAction action, string resourceId,
        Func<ProjectRecord, Task<TDone>> run, Func<ProjectRecord, TDone, Task<TAnswer>> recorded, CancellationToken cancellationToken)
    {
        var project = await AuthorizeProjectAsync(ctx, projectId, action, resourceId, cancellationToken);
        TDone result;
        try
        {
            result = await run(project);
        }
        catch (MandateException e)
        {
            await AuditRefusalAsync(ctx, action, project.Id, resourceId, e, cancellationToken);
            throw;
        }

        return await recorded(project, result);
    }

    // The common case: one operation, audited here unless the pipeline did, its state redacted.
    private Task<OperationResult> AuditedAsync(CallContext ctx, string projectId, MandateAction action, string resourceId,
        Func<ProjectRecord, Task<OperationResult>> run, CancellationToken cancellationToken) =>
        AuditedAsync(ctx, projectId, action, resourceId, run, (project, result) => RecordedAsync(ctx, project, result, cancellationToken), cancellationToken);

    private async Task<OperationResult> RecordedAsync(CallContext ctx, ProjectRecord project, OperationResult result, CancellationToken cancellationToken)
    {
        await AuditUnappliedAsync(ctx, result, cancellationToken);
        return await _redactor.RedactAsync(result, cancellationToken, project);
    }

    // An applied operation is audited by the pipeline in the transaction that writes its state; here the
    // others: denied by policy, waiting for review, or failed at the provider.
    private async Task AuditUnappliedAsync(CallContext ctx, OperationResult result, CancellationToken cancellationToken)
    {
        // A failed operation that kept a partial state wrote its audit entry with that state (OperationApplier).
        if (result.Operation.Status != OperationStatus.Succeeded && result.State is null)
        {
            await _store.Audit.AppendAsync(
                OperationAuditEvents.For(result.Operation, result.Decision, ctx.Principal.Id, ctx.Principal.DisplayName, _clock.GetUtcNow()), cancellationToken);
        }
    }

    // A refusal before any operation was recorded (the project is locked, the resource exists, the config is wrong).
    private Task<AuditEntry> AuditRefusalAsync(CallContext ctx, MandateAction action, string projectId, string resourceId, MandateException e,
        CancellationToken cancellationToken) =>
        _audit.AppendAsync(ctx, action.Name, AuditTarget.Resource(projectId, resourceId), AuditOutcomes.Failed,
            new AuditPayloadBuilder().Add("code", e.Code).Add("error", SafeMessage(e)).Add("session", ctx.SessionId).Build(), cancellationToken);

    // Provider diagnostics and config validation errors may quote the values given, secrets included: only their code is kept.
    private static string? SafeMessage(MandateException e) =>
        e.Code is MandateErrorCodes.ProviderError or MandateErrorCodes.InvalidArgument or MandateErrorCodes.Internal ? null : e.Message;
}
