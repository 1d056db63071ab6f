namespace Mandate.Core.Pipeline;

using Mandate.Core.Model;
using Mandate.Providers.Pool;

/// <summary>
/// Which provider binary, version and configuration serve a resource type in a project. The embedded
/// default resolves from filesystem mirrors and the project's provider requirements; integrations supply
/// configuration and credentials, which never leave this boundary.
/// </summary>
public interface IProviderResolver
{
    Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses a mutating <paramref name="kind"/> when the credentials behind the resource type's provider may only
    /// read (a read-only integration); called before the provider is touched. Resolvers without such a notion allow all.
    /// </summary>
    Task EnsureMayChangeAsync(ProjectRecord project, string resourceType, OperationKind kind, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Who asks: the principal's id (recorded everywhere) and a name for people.</summary>
public sealed record Actor(string Id, string Name);

/// <summary>Tunables of the operation pipeline.</summary>
public sealed record OperationOptions
{
    /// <summary>How long a project stays locked to a session after its last mutating call.</summary>
    public TimeSpan LockIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a pending operation waits for a reviewer before it expires.</summary>
    public TimeSpan PendingExpiry { get; init; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long a mutating call waits for its apply before it returns the operation id with status queued or
    /// applying; the apply goes on in the background and its result is fetched later.
    /// </summary>
    public TimeSpan InlineWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a claim on an applying operation holds without a heartbeat (renewed every third of it). A
    /// lapsed lease means the holder died; recovery then reconciles the operation.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>This process's identity in leases: host, process id and a per-start nonce.</summary>
    public string NodeId { get; init; } = DefaultNodeId;

    private static readonly string DefaultNodeId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];
}
