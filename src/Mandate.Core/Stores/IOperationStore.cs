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

    // Leases (migration 0004). An applying operation is held by one worker under a lease it renews while the
    // provider works; a lapsed lease means the worker died, and recovery takes the operation over.

    /// <summary>
    /// Like <see cref="ClaimNextQueuedAsync(DateTimeOffset, CancellationToken)"/>, and records
    /// <paramref name="lease"/> as the claim. Each queued operation is claimed once, whatever the number of workers.
    /// </summary>
    Task<OperationRecord?> ClaimNextQueuedAsync(OperationLease lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a new operation already claimed by its requester under <paramref name="lease"/> (status applying): the
    /// inline fast path's insert and claim in one statement. Returns the operation as stored.
    /// </summary>
    Task<OperationRecord> CreateClaimedAsync(OperationRecord operation, OperationLease lease, CancellationToken cancellationToken = default);

    /// <summary>Claims one named operation if it is still queued (the inline fast path); null when someone else has it.</summary>
    Task<OperationRecord?> ClaimQueuedAsync(string operationId, OperationLease lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease; false when the operation is no longer applying under this holder (taken over or finished).</summary>
    Task<bool> RenewLeaseAsync(string operationId, OperationLease lease, CancellationToken cancellationToken = default);

    /// <summary>The current claim of an operation, null when nobody holds one.</summary>
    Task<OperationLease?> GetLeaseAsync(string operationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applying operations whose holder is presumed dead, oldest first: the lease lapsed before
    /// <paramref name="now"/>, or there is none and the operation was last touched before <paramref name="staleBefore"/>.
    /// </summary>
    Task<IReadOnlyList<OperationRecord>> ListAbandonedAsync(DateTimeOffset now, DateTimeOffset staleBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically takes an abandoned operation over (same test as <see cref="ListAbandonedAsync"/>) under
    /// <paramref name="lease"/>; null when it is not abandoned any more (finished, renewed, or taken by another recoverer).
    /// </summary>
    Task<OperationRecord?> TakeOverAbandonedAsync(string operationId, OperationLease lease, DateTimeOffset now, DateTimeOffset staleBefore,
        CancellationToken cancellationToken = default);
}

/// <summary>Filters for listing operations; null means any.</summary>
public sealed record OperationQuery(
    string? ProjectId = null,
    string? ResourceId = null,
    IReadOnlyCollection<OperationStatus>? Statuses = null,
    string? RequestedBy = null);
