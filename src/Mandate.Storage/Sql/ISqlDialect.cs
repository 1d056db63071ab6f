namespace Mandate.Storage.Sql;

using System.Data.Common;

/// <summary>What differs between SQLite and PostgreSQL; everything else is shared SQL.</summary>
internal interface ISqlDialect
{
    /// <summary>"sqlite" or "postgres"; also the migrations folder name.</summary>
    string Name { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A write transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE).</summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes migration runs across processes, inside the given transaction.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this write transaction the only audit appender until it ends, so reading the chain head and
    /// inserting the next entry cannot interleave with another appender (in any process).
    /// </summary>
    Task LockAuditChainAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// "column is one of the list parameter": Dapper expands <c>IN @list</c> for SQLite but passes an array
    /// to Npgsql, which PostgreSQL reads with <c>= ANY(@list)</c>.
    /// </summary>
    string InList(string column, string parameter);

    /// <summary>Claims the oldest queued operation; PostgreSQL skips rows other workers hold.</summary>
    string ClaimNextQueuedSql { get; }
}
