namespace Mandate.Core.Stores;

/// <summary>
/// Mandate's persistent store. SQLite (embedded default) and PostgreSQL (shared by several nodes)
/// implement it in Mandate.Storage. Calls on the store itself each run in their own transaction;
/// <see cref="BeginAsync"/> groups several writes that must land together (state + history + audit).
/// </summary>
public interface IMandateStore : IStoreSession, IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Dialect { get; }

    /// <summary>Applies pending schema migrations; safe to call from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a write transaction; dispose without commit to roll back.</summary>
    Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default);
}

/// <summary>The repositories, either autocommitting (on the store) or bound to one transaction.</summary>
public interface IStoreSession
{
    IProjectStore Projects { get; }

    IResourceStore Resources { get; }

    IOperationStore Operations { get; }

    IPolicyStore Policies { get; }

    ILockStore Locks { get; }

    ISpaceStore Spaces { get; }

    IPrincipalStore Principals { get; }

    IAuditStore Audit { get; }

    IIntegrationStore Integrations { get; }
}

/// <summary>A unit of work: everything done through it commits or rolls back together.</summary>
public interface IStoreTransaction : IStoreSession, IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken = default);
}
