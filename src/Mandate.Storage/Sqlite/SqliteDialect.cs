namespace Mandate.Storage.Sqlite;

using System.Data.Common;
using System.Runtime.CompilerServices;
using Mandate.Storage.Sql;
using Microsoft.Data.Sqlite;

/// <summary>SQLite in WAL mode: readers never block the writer; one writer at a time (BEGIN IMMEDIATE).</summary>
internal sealed class SqliteDialect(string databasePath) : ISqlDialect
{
    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY extended result codes.
    private const int UniqueConstraint = 2067;
    private const int PrimaryKeyConstraint = 1555;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Name => "sqlite";

    public string ClaimNextQueuedSql =>
        $"""
        UPDATE operations SET status = 'applying', updated_at = @now, claimed_by = @holder, lease_until = @leaseUntil
        WHERE id = (SELECT id FROM operations WHERE status = 'queued' ORDER BY created_at, id LIMIT 1)
        RETURNING {SqlOperationStore.Columns}
        """;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // The pool hands out the same native handle again and again; its settings stay with it, so they are
        // applied once per handle rather than on every open (four statements per store call, before).
        if (Configured.TryAdd(connection.Handle!, Marker))
        {
            await using var pragma = connection.CreateCommand();
            // Foreign keys, the busy timeout and synchronous are per connection; WAL is persistent in the file.
            // synchronous = NORMAL in WAL mode: a commit is durable against a crash of this process, and against
            // power loss up to the last checkpointed commits; the database is never corrupted (SQLite's
            // documented trade-off). FULL would fsync the log on every commit.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    // Native handles already configured; weak, so handles the pool closes are forgotten with them.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite starts a non-deferred (IMMEDIATE) transaction: the write lock is taken now,
        // so two writers never deadlock upgrading from a read lock.
        await connection.BeginTransactionAsync(cancellationToken);

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already excludes every other writer.

    public Task LockAuditChainAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already made this the only writer.

    public string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: UniqueConstraint or PrimaryKeyConstraint };
}
