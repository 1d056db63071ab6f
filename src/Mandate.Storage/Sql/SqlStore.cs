namespace Mandate.Storage.Sql;

using Mandate.Core.Stores;
using Mandate.Storage.Migrations;

/// <summary>The store over one SQL dialect: autocommitting repositories plus units of work.</summary>
internal sealed class SqlStore : IMandateStore
{
    private readonly ISqlDialect _dialect;
    private readonly Func<ValueTask>? _onDispose;

    public SqlStore(ISqlDialect dialect, Func<ValueTask>? onDispose = null)
    {
        _dialect = dialect;
        _onDispose = onDispose;
        var session = new SqlSession(new PerCallConnections(dialect));
        Projects = session.Projects;
        Resources = session.Resources;
        Operations = session.Operations;
        Policies = session.Policies;
        Locks = session.Locks;
        Spaces = session.Spaces;
        Principals = session.Principals;
        Audit = session.Audit;
        Integrations = session.Integrations;
    }

    public string Dialect => _dialect.Name;

    /// <summary>For tests that must reach under the interface (e.g. to tamper with a row).</summary>
    internal ISqlDialect SqlDialect => _dialect;

    public IProjectStore Projects { get; }

    public IResourceStore Resources { get; }

    public IOperationStore Operations { get; }

    public IPolicyStore Policies { get; }

    public ILockStore Locks { get; }

    public ISpaceStore Spaces { get; }

    public IPrincipalStore Principals { get; }

    public IAuditStore Audit { get; }

    public IIntegrationStore Integrations { get; }

    public Task MigrateAsync(CancellationToken cancellationToken = default) => new MigrationRunner(_dialect).RunAsync(cancellationToken);

    public async Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dialect.OpenAsync(cancellationToken);
        try
        {
            var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
            return new SqlTransaction(new TransactionConnection(_dialect, connection, transaction));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _onDispose?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>The repositories over one connection source.</summary>
internal class SqlSession(ConnectionSource connections) : IStoreSession
{
    public IProjectStore Projects { get; } = new SqlProjectStore(connections);

    public IResourceStore Resources { get; } = new SqlResourceStore(connections);

    public IOperationStore Operations { get; } = new SqlOperationStore(connections);

    public IPolicyStore Policies { get; } = new SqlPolicyStore(connections);

    public ILockStore Locks { get; } = new SqlLockStore(connections);

    public ISpaceStore Spaces { get; } = new SqlSpaceStore(connections);

    public IPrincipalStore Principals { get; } = new SqlPrincipalStore(connections);

    public IAuditStore Audit { get; } = new SqlAuditStore(connections);

    public IIntegrationStore Integrations { get; } = new SqlIntegrationStore(connections);
}

/// <summary>A unit of work; rolled back on dispose unless committed.</summary>
internal sealed class SqlTransaction(TransactionConnection connection) : SqlSession(connection), IStoreTransaction
{
    private bool _committed;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await connection.Transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await connection.Transaction.RollbackAsync();
        }

        await connection.Transaction.DisposeAsync();
        await connection.Connection.DisposeAsync();
    }
}
