namespace Mandate.Storage.Postgres;

using System.Data.Common;
using Dapper;
using Mandate.Storage.Sql;
using Npgsql;

/// <summary>PostgreSQL: the coordination point when several Mandate nodes and workers share one store.</summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : ISqlDialect
{
    // Any constant works; it only has to be the same for every Mandate process on this database.
    private const long MigrationLockKey = 0x4d414e4441544531; // "MANDATE1"
    private const long AuditLockKey = 0x4d414e4441544132; // "MANDATA2"

    public string Name => "postgres";

    // SKIP LOCKED: concurrent workers each claim a different operation instead of queueing on one row.
    public string ClaimNextQueuedSql =>
        $"""
        UPDATE operations SET status = 'applying', updated_at = @now, claimed_by = @holder, lease_until = @leaseUntil
        WHERE id = (SELECT id FROM operations WHERE status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING {SqlOperationStore.Columns}
        """;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: cancellationToken));

    // A transaction-scoped advisory lock: held until commit or rollback, so the next appender reads the
    // head this one wrote. Cheaper and clearer than locking a head row, and it also covers the empty trail.
    public Task LockAuditChainAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = AuditLockKey }, transaction, cancellationToken: cancellationToken));

    public string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
