namespace Mandate.Storage.Sql;

using Dapper;
using Mandate.Core;

/// <summary>Shared plumbing for the repositories: run a Dapper call on the right connection, map errors.</summary>
internal abstract class SqlRepository(ConnectionSource connections)
{
    static SqlRepository()
    {
        // Row classes use PascalCase properties for snake_case columns.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    protected ISqlDialect Dialect => connections.Dialect;

    protected async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var lease = await connections.AcquireAsync(cancellationToken);
        return await lease.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, lease.Transaction, cancellationToken: cancellationToken));
    }

    protected async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var lease = await connections.AcquireAsync(cancellationToken);
        return await lease.Connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, lease.Transaction, cancellationToken: cancellationToken));
    }

    protected async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var lease = await connections.AcquireAsync(cancellationToken);
        var rows = await lease.Connection.QueryAsync<T>(new CommandDefinition(sql, parameters, lease.Transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Runs an insert and turns a unique-key violation into <see cref="MandateErrorCodes.AlreadyExists"/>.</summary>
    protected async Task InsertAsync(string sql, object parameters, Func<string> alreadyExists, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(sql, parameters, cancellationToken);
        }
        catch (Exception e) when (Dialect.IsUniqueViolation(e))
        {
            throw new MandateException(MandateErrorCodes.AlreadyExists, alreadyExists());
        }
    }

    /// <summary>Several statements on one connection; inside a unit of work they join its transaction.</summary>
    protected async Task InOneTransactionAsync(Func<ConnectionLease, Task> work, CancellationToken cancellationToken)
    {
        await using var lease = await connections.AcquireAsync(cancellationToken);
        if (lease.Transaction is not null)
        {
            await work(lease);
            return;
        }

        await using var transaction = await Dialect.BeginWriteAsync(lease.Connection, cancellationToken);
        await work(new ConnectionLease(lease.Connection, transaction, owned: false));
        await transaction.CommitAsync(cancellationToken);
    }
}
