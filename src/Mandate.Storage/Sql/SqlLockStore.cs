namespace Mandate.Storage.Sql;

using Dapper;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Project locks as rows: a conditional upsert takes the lock only when it is free, lapsed, or already
/// ours, so the database arbitrates between sessions on any number of nodes.
/// </summary>
internal sealed class SqlLockStore(ConnectionSource connections) : SqlRepository(connections), ILockStore
{
    private const string Select = "SELECT project_id, session_id, principal_id, acquired_at, expires_at FROM project_locks WHERE project_id = @projectId";

    public async Task<LockAttempt> TryAcquireAsync(string projectId, string sessionId, string principalId, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        LockAttempt? attempt = null;
        await InOneTransactionAsync(async lease =>
        {
            // A session renewing its own lock keeps its original acquisition time; a new holder starts afresh.
            // The taken lock comes back from the upsert itself; only a refusal reads the holder.
            var taken = await lease.Connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(
                """
                INSERT INTO project_locks (project_id, session_id, principal_id, acquired_at, expires_at)
                VALUES (@projectId, @sessionId, @principalId, @now, @expiresAt)
                ON CONFLICT (project_id) DO UPDATE SET
                    acquired_at = CASE WHEN project_locks.session_id = excluded.session_id THEN project_locks.acquired_at ELSE excluded.acquired_at END,
                    session_id = excluded.session_id,
                    principal_id = excluded.principal_id,
                    expires_at = excluded.expires_at
                WHERE project_locks.session_id = excluded.session_id OR project_locks.expires_at <= @now
                RETURNING project_id, session_id, principal_id, acquired_at, expires_at
                """,
                new { projectId, sessionId, principalId, now = Time.ToMs(now), expiresAt = Time.ToMs(expiresAt) },
                lease.Transaction, cancellationToken: cancellationToken));
            var holder = taken
                ?? await lease.Connection.QuerySingleAsync<LockRow>(new CommandDefinition(Select, new { projectId }, lease.Transaction, cancellationToken: cancellationToken));
            attempt = new LockAttempt(taken is not null, holder.ToRecord());
        }, cancellationToken);
        return attempt!;
    }

    public async Task<ProjectLockRecord?> GetAsync(string projectId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<LockRow>(Select, new { projectId }, cancellationToken))?.ToRecord();

    public async Task<bool> ReleaseAsync(string projectId, string? sessionId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM project_locks WHERE project_id = @projectId AND (@sessionId IS NULL OR session_id = @sessionId)",
            new { projectId, sessionId }, cancellationToken) > 0;

    private sealed class LockRow
    {
        public string ProjectId { get; set; } = "";
        public string SessionId { get; set; } = "";
        public string PrincipalId { get; set; } = "";
        public long AcquiredAt { get; set; }
        public long ExpiresAt { get; set; }

        public ProjectLockRecord ToRecord() => new(ProjectId, SessionId, PrincipalId, Time.FromMs(AcquiredAt), Time.FromMs(ExpiresAt));
    }
}
