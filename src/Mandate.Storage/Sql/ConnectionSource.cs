namespace Mandate.Storage.Sql;

using System.Data.Common;

/// <summary>
/// Where a repository gets its connection: a fresh pooled one per call (autocommit), or the one
/// connection and transaction of a unit of work.
/// </summary>
internal abstract class ConnectionSource
{
    public abstract ISqlDialect Dialect { get; }

    public abstract ValueTask<ConnectionLease> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>A connection for one repository call; disposing closes it only if the lease owns it.</summary>
internal readonly struct ConnectionLease(DbConnection connection, DbTransaction? transaction, bool owned) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    public ValueTask DisposeAsync() => owned ? Connection.DisposeAsync() : ValueTask.CompletedTask;
}

/// <summary>Autocommit: each call opens (from the pool) and closes its own connection.</summary>
internal sealed class PerCallConnections(ISqlDialect dialect) : ConnectionSource
{
    public override ISqlDialect Dialect => dialect;

    public override async ValueTask<ConnectionLease> AcquireAsync(CancellationToken cancellationToken) =>
        new(await dialect.OpenAsync(cancellationToken), null, owned: true);
}

/// <summary>Every call shares one connection and transaction until commit or dispose.</summary>
internal sealed class TransactionConnection(ISqlDialect dialect, DbConnection connection, DbTransaction transaction) : ConnectionSource
{
    public override ISqlDialect Dialect => dialect;

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    public override ValueTask<ConnectionLease> AcquireAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ConnectionLease(connection, transaction, owned: false));
}
