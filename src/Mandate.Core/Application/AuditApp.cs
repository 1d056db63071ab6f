namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Stores;

/// <summary>
/// The audit trail: search (a project's entries for whoever reads the project; the whole trail for readers
/// of the root space), bulk export and chain verification.
/// </summary>
public sealed class AuditApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;

    internal AuditApp(IMandateStore store, AccessGuard guard)
    {
        _store = store;
        _guard = guard;
    }

    /// <summary>Entries matching every filter, newest first. With a project, authorized on its space; otherwise on the root.</summary>
    public async Task<Page<AuditEntry>> SearchAsync(CallContext ctx, AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(query);
        if (query.ProjectId is { } projectId)
        {
            var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.AuditRead, AuditTarget.Project(projectId), cancellationToken);
        }
        else
        {
            // Entries outside projects (keys, roles, spaces, other spaces' projects) are only for readers of the whole tree.
            await _guard.AuthorizeAsync(ctx, SpaceId.Root, MandateAction.AuditRead, AuditTarget.AuditTrail, cancellationToken);
        }

        return await _store.Audit.SearchAsync(query, page, cancellationToken);
    }

    /// <summary>
    /// Every entry in sequence order, for JSON Lines export. Authorized (on the root space) before the
    /// stream is returned, so a transport can refuse before it starts writing.
    /// </summary>
    public async Task<IAsyncEnumerable<AuditEntry>> ExportAsync(CallContext ctx, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        await _guard.AuthorizeAsync(ctx, SpaceId.Root, MandateAction.AuditExport, AuditTarget.AuditTrail, cancellationToken);
        return _store.Audit.ReadAllAsync(cancellationToken);
    }

    /// <summary>Walks the hash chain and names the first broken entry.</summary>
    public async Task<AuditVerification> VerifyAsync(CallContext ctx, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        await _guard.AuthorizeAsync(ctx, SpaceId.Root, MandateAction.AuditVerify, AuditTarget.AuditTrail, cancellationToken);
        return await AuditChainVerifier.VerifyAsync(_store.Audit.ReadAllAsync(cancellationToken), null, cancellationToken);
    }
}
