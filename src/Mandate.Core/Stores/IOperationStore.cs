namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Operations and the queue workers take them from.</summary>
public interface IOperationStore
{
    Task CreateAsync(OperationRecord operation, CancellationToken cancellationToken = default);

    Task<OperationRecord?> GetAsync(string operationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="operation"/> only if the stored status is still <paramref name="expectedStatus"/>;
    /// false otherwise. Status changes race (two approvers, an approval and an expiry): exactly one wins.
    /// </summary>
    Task<bool> UpdateIfStatusAsync(OperationRecord operation, OperationStatus expectedStatus, CancellationToken cancellationToken = default);

    /// <summary>Newest first, optionally filtered.</summary>
    Task<Page<OperationRecord>> ListAsync(OperationQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically moves the oldest <see cref="OperationStatus.Queued"/> operation to
    /// <see cref="OperationStatus.Applying"/> and returns it; null when none is queued. Safe with many
    /// workers: each operation is claimed once.
    /// </summary>
    Task<OperationRecord?> ClaimNextQueuedAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Filters for listing operations; null means any.</summary>
public sealed record OperationQuery(
    string? ProjectId = null,
    string? ResourceId = null,
    IReadOnlyCollection<OperationStatus>? Statuses = null,
    string? RequestedBy = null);
