namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Cloud integrations, authorized and audited: reading needs <c>integration.read</c>, changing needs
/// <c>integration.write</c> on the integration's space; attaching one to a project is a change of the project
/// (<c>project.update</c> on its space) that also needs to read the integration. Audit entries name setting and
/// secret fields, never secret values.
/// </summary>
public sealed class IntegrationsApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly IntegrationService _service;
    private readonly AuditRecorder _audit;

    internal IntegrationsApp(IMandateStore store, AccessGuard guard, IntegrationService service, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _service = service;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>Integrations in every space the caller may read integrations in, ordered by name; secrets redacted.</summary>
    public async Task<Page<IntegrationView>> ListAsync(CallContext ctx, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var readable = await _guard.SpacesAllowingAsync(ctx, MandateAction.IntegrationRead, cancellationToken);
        return readable.Count == 0
            ? new Page<IntegrationView>([], null)
            : await _service.ListAsync(readable.Select(s => s.Value).ToList(), page, cancellationToken);
    }

    public async Task<IntegrationView> GetAsync(CallContext ctx, string integrationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return await AuthorizedIntegrationAsync(ctx, integrationId, MandateAction.IntegrationRead, cancellationToken);
    }

    public async Task<IntegrationView> CreateAsync(CallContext ctx, IntegrationCreate request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        await _guard.AuthorizeAsync(ctx, Lookups.ParseSpace(request.SpaceId), MandateAction.IntegrationWrite, AuditTarget.Space(request.SpaceId), cancellationToken);
        var created = await _service.CreateAsync(ctx.Actor, request, cancellationToken);
        await _audit.AppendAsync(ctx, "integration.create", Target(created.Id), AuditOutcomes.Succeeded, Describe(created).Build(), cancellationToken);
        return created;
    }

    public async Task<IntegrationView> UpdateAsync(CallContext ctx, string integrationId, IntegrationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(change);
        await AuthorizedIntegrationAsync(ctx, integrationId, MandateAction.IntegrationWrite, cancellationToken);
        var updated = await _service.UpdateAsync(ctx.Actor, integrationId, change, cancellationToken);
        await _audit.AppendAsync(ctx, "integration.update", Target(updated.Id), AuditOutcomes.Succeeded,
            Describe(updated).Add("secrets_changed", (change.Secrets?.Keys ?? []).Order(StringComparer.Ordinal)).Build(), cancellationToken);
        return updated;
    }

    public async Task DeleteAsync(CallContext ctx, string integrationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var integration = await AuthorizedIntegrationAsync(ctx, integrationId, MandateAction.IntegrationWrite, cancellationToken);
        await _service.DeleteAsync(integrationId, cancellationToken);
        await _audit.AppendAsync(ctx, "integration.delete", Target(integration.Id), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("name", integration.Name).Add("space", integration.SpaceId).Build(), cancellationToken);
    }

    /// <summary>Makes the project use the integration for a provider (e.g. <c>hashicorp/aws</c>); a change of the project.</summary>
    public async Task<IntegrationAttachment> AttachAsync(CallContext ctx, string projectId, string providerSource, string integrationId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectUpdate, AuditTarget.Project(projectId), cancellationToken);
        var integration = await AuthorizedIntegrationAsync(ctx, integrationId, MandateAction.IntegrationRead, cancellationToken);
        var attachment = await _service.AttachAsync(ctx.Actor, project.Id, providerSource, integration.Id, cancellationToken);
        await _audit.AppendAsync(ctx, "project.attach_integration", AuditTarget.Project(project.Id), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("provider", attachment.ProviderSource).Add("integration", integration.Id).Add("integration_name", integration.Name).Build(),
            cancellationToken);
        return attachment;
    }

    public async Task<bool> DetachAsync(CallContext ctx, string projectId, string providerSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectUpdate, AuditTarget.Project(projectId), cancellationToken);
        var detached = await _service.DetachAsync(project.Id, providerSource, cancellationToken);
        if (detached)
        {
            await _audit.AppendAsync(ctx, "project.detach_integration", AuditTarget.Project(project.Id), AuditOutcomes.Succeeded,
                new AuditPayloadBuilder().Add("provider", IntegrationService.NormalizeProvider(providerSource)).Build(), cancellationToken);
        }

        return detached;
    }

    /// <summary>Which integration the project uses for each provider.</summary>
    public async Task<IReadOnlyList<IntegrationAttachment>> AttachmentsAsync(CallContext ctx, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectRead, AuditTarget.Project(projectId), cancellationToken);
        return await _service.AttachmentsAsync(project.Id, cancellationToken);
    }

    private static AuditTarget Target(string integrationId) => new("integration", integrationId);

    // An integration in a space the caller cannot read is answered as one that does not exist.
    private async Task<IntegrationView> AuthorizedIntegrationAsync(CallContext ctx, string integrationId, MandateAction action, CancellationToken cancellationToken)
    {
        var integration = await _service.GetAsync(integrationId, cancellationToken);
        await _guard.AuthorizeTargetAsync(ctx, Lookups.ParseSpace(integration.SpaceId), action, Target(integration.Id), MandateAction.IntegrationRead,
            IntegrationService.Missing(integrationId), cancellationToken);
        return integration;
    }

    // Names only: which settings and which secrets exist, never a secret's value.
    private static AuditPayloadBuilder Describe(IntegrationView integration) => new AuditPayloadBuilder()
        .Add("name", integration.Name).Add("kind", integration.Kind).Add("space", integration.SpaceId).Add("read_only", integration.ReadOnly)
        .Add("settings", integration.Settings.Select(p => p.Key).Order(StringComparer.Ordinal))
        .Add("secrets_set", integration.Secrets.Where(s => s.Value.IsSet).Select(s => s.Key));
}
