namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Project locks: one writing session per project, lapsing after an idle period.</summary>
public interface ILockStore
{
    /// <summary>
    /// Takes or extends the lock for <paramref name="sessionId"/> until <paramref name="expiresAt"/>.
    /// Succeeds when the project is unlocked, the lock lapsed (its expiry is before <paramref name="now"/>),
    /// or this session already holds it. Otherwise returns the current holder, unchanged.
    /// </summary>
    Task<LockAttempt> TryAcquireAsync(string projectId, string sessionId, string principalId, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default);

    /// <summary>The lock as stored (possibly lapsed: compare its expiry with the clock), or null.</summary>
    Task<ProjectLockRecord?> GetAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock if <paramref name="sessionId"/> holds it, or whoever holds it when null (an admin's unlock).</summary>
    Task<bool> ReleaseAsync(string projectId, string? sessionId, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a lock attempt: whether it was acquired and who holds the lock now.</summary>
public sealed record LockAttempt(bool Acquired, ProjectLockRecord Holder);
