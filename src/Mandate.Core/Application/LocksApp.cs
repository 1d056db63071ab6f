namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>A project's lock as it stands now.</summary>
/// <param name="Locked">True while a session holds the lock (a lapsed lock counts as free).</param>
/// <param name="Holder">The session, principal and expiry of the lock; null when free.</param>
public sealed record ProjectLockStatus(string ProjectId, bool Locked, ProjectLockRecord? Holder);

/// <summary>Project locks: who holds one, and breaking one (an admin's call).</summary>
public sealed class LocksApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;

    internal LocksApp(IMandateStore store, AccessGuard guard, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>Whether the project is locked, by which session and principal, and until when.</summary>
    public async Task<ProjectLockStatus> StatusAsync(CallContext ctx, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.LockRead, AuditTarget.Project(projectId), cancellationToken);
        var held = await _store.Locks.GetAsync(project.Id, cancellationToken);
        return held is not null && held.ExpiresAt > _clock.GetUtcNow()
            ? new ProjectLockStatus(project.Id, true, held)
            : new ProjectLockStatus(project.Id, false, null);
    }

    /// <summary>Breaks the project's lock whoever holds it; false when it was not locked.</summary>
    public async Task<bool> UnlockAsync(CallContext ctx, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.LockUnlock, AuditTarget.Project(projectId), cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var held = await transaction.Locks.GetAsync(project.Id, cancellationToken);
        var released = await transaction.Locks.ReleaseAsync(project.Id, null, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.LockUnlock.Name, AuditTarget.Project(project.Id), released ? AuditOutcomes.Succeeded : AuditOutcomes.Failed,
            new AuditPayloadBuilder().Add("was_locked", released).Add("holder_session", held?.SessionId).Add("holder_principal", held?.PrincipalId).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return released;
    }
}
