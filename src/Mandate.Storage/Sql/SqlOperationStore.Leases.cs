namespace Mandate.Storage.Sql;

using Mandate.Core.Model;

/// <summary>Worker leases on applying operations (migration 0004): claim, renew, and take over abandoned ones.</summary>
internal sealed partial class SqlOperationStore
{
    // "Abandoned": applying, and either the lease lapsed or nobody ever took one and the row went stale.
    private const string Abandoned =
        "status = 'applying' AND ((lease_until IS NOT NULL AND lease_until < @now) OR (lease_until IS NULL AND updated_at < @staleBefore))";

    public async Task<OperationRecord?> ClaimNextQueuedAsync(OperationLease lease, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<OperationRow>(Dialect.ClaimNextQueuedSql,
            new { now = Time.ToMs(now), holder = lease.Holder, leaseUntil = Time.ToMs(lease.Until) }, cancellationToken))?.ToRecord();

    public async Task<OperationRecord> CreateClaimedAsync(OperationRecord operation, OperationLease lease, CancellationToken cancellationToken = default)
    {
        var applying = operation with { Status = OperationStatus.Applying };
        var row = OperationRow.From(applying);
        await InsertAsync(
            $"""
            INSERT INTO operations ({Columns}, claimed_by, lease_until) VALUES (@Id, @ProjectId, @ResourceId, @Kind, @Status, @RequestedBy, @SessionId, @RequestJson,
                @PlanJson, @PlanHash, @DecisionJson, @DecidedBy, @Error, @Recovery, @CreatedAt, @UpdatedAt, @CompletedAt, @ExpiresAt, @Holder, @LeaseUntil)
            """,
            new { row.Id, row.ProjectId, row.ResourceId, row.Kind, row.Status, row.RequestedBy, row.SessionId, row.RequestJson, row.PlanJson, row.PlanHash,
                row.DecisionJson, row.DecidedBy, row.Error, row.Recovery, row.CreatedAt, row.UpdatedAt, row.CompletedAt, row.ExpiresAt,
                lease.Holder, LeaseUntil = Time.ToMs(lease.Until) },
            () => $"operation '{operation.Id}' already exists", cancellationToken);
        return applying;
    }

    public async Task<OperationRecord?> ClaimQueuedAsync(string operationId, OperationLease lease, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<OperationRow>(
            $"""
            UPDATE operations SET status = 'applying', updated_at = @now, claimed_by = @holder, lease_until = @leaseUntil
            WHERE id = @operationId AND status = 'queued'
            RETURNING {Columns}
            """,
            new { operationId, now = Time.ToMs(now), holder = lease.Holder, leaseUntil = Time.ToMs(lease.Until) }, cancellationToken))?.ToRecord();

    public async Task<bool> RenewLeaseAsync(string operationId, OperationLease lease, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE operations SET lease_until = @leaseUntil WHERE id = @operationId AND status = 'applying' AND claimed_by = @holder",
            new { operationId, holder = lease.Holder, leaseUntil = Time.ToMs(lease.Until) }, cancellationToken) == 1;

    public async Task<OperationLease?> GetLeaseAsync(string operationId, CancellationToken cancellationToken = default)
    {
        var row = await QuerySingleOrDefaultAsync<LeaseRow>("SELECT claimed_by, lease_until FROM operations WHERE id = @operationId", new { operationId },
            cancellationToken);
        return row is { ClaimedBy: { } holder, LeaseUntil: { } until } ? new OperationLease(holder, Time.FromMs(until)) : null;
    }

    public async Task<IReadOnlyList<OperationRecord>> ListAbandonedAsync(DateTimeOffset now, DateTimeOffset staleBefore, int limit,
        CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<OperationRow>(
            $"SELECT {Columns} FROM operations WHERE {Abandoned} ORDER BY created_at, id LIMIT @limit",
            new { now = Time.ToMs(now), staleBefore = Time.ToMs(staleBefore), limit }, cancellationToken);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<OperationRecord?> TakeOverAbandonedAsync(string operationId, OperationLease lease, DateTimeOffset now, DateTimeOffset staleBefore,
        CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<OperationRow>(
            $"""
            UPDATE operations SET updated_at = @now, claimed_by = @holder, lease_until = @leaseUntil
            WHERE id = @operationId AND {Abandoned}
            RETURNING {Columns}
            """,
            new { operationId, now = Time.ToMs(now), staleBefore = Time.ToMs(staleBefore), holder = lease.Holder, leaseUntil = Time.ToMs(lease.Until) },
            cancellationToken))?.ToRecord();

    private sealed class LeaseRow
    {
        public string? ClaimedBy { get; set; }

        public long? LeaseUntil { get; set; }
    }
}
