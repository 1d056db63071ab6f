namespace Mandate.Core.Pipeline;

using Mandate.Core.Stores;

/// <summary>
/// Session safety: the first mutating call of a session locks the project for it; every later one extends
/// the lock. Another session is refused with who holds the lock and until when, so a model can tell the
/// user rather than retry blindly.
/// </summary>
public sealed class ProjectLocks(ILockStore locks, TimeProvider clock, TimeSpan idleTimeout)
{
    public Task AcquireAsync(string projectId, string projectName, string sessionId, string principalId, CancellationToken cancellationToken) =>
        AcquireAsync(locks, projectId, projectName, sessionId, principalId, cancellationToken);

    /// <summary>
    /// Takes (or extends) the lock through <paramref name="through"/>: a transaction's lock store, so the lock commits
    /// with the operation record it guards, or rolls back with it when the other session holds the project.
    /// </summary>
    public async Task AcquireAsync(ILockStore through, string projectId, string projectName, string sessionId, string principalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(through);
        var now = clock.GetUtcNow();
        var attempt = await through.TryAcquireAsync(projectId, sessionId, principalId, now, now + idleTimeout, cancellationToken);
        if (!attempt.Acquired)
        {
            var holder = attempt.Holder;
            throw new MandateException(MandateErrorCodes.ProjectLocked,
                $"project '{projectName}' is locked by another session ({holder.SessionId}, principal {holder.PrincipalId}) until {holder.ExpiresAt:u}; " +
                "wait for it to finish or lapse, or ask an admin to unlock the project",
                new Dictionary<string, object?> { ["holder_session"] = holder.SessionId, ["holder_principal"] = holder.PrincipalId, ["locked_until"] = holder.ExpiresAt });
        }
    }
}
