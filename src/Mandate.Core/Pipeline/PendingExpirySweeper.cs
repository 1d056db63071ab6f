namespace Mandate.Core.Pipeline;

using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Moves pending operations whose review window has passed to <see cref="OperationStatus.Expired"/>, so
/// nothing waits forever and a stale plan can never be approved later. An approval also refuses an expired
/// operation on its own; the sweep makes expiry visible (status, audit) without anyone touching it. Each
/// expiry is a conditional status change, so a sweep racing an approval (or another node's sweep) loses
/// cleanly: exactly one of them decides the operation.
/// </summary>
public sealed class PendingExpirySweeper(IMandateStore store, TimeProvider clock)
{
    /// <summary>The principal id expiry is recorded under.</summary>
    public const string SystemActor = "system";

    /// <summary>Expires every pending operation whose expiry is at or before now; returns how many it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        string? cursor = null;
        do
        {
            // Keyset paging (created_at, id) stays correct while the sweep moves rows out of the filter.
            var page = await store.Operations.ListAsync(new OperationQuery(Statuses: [OperationStatus.PendingReview]),
                new PageRequest(cursor, PageRequest.MaxLimit), cancellationToken);
            foreach (var operation in page.Items.Where(o => o.ExpiresAt is { } at && at <= now))
            {
                if (await ExpireAsync(operation, now, cancellationToken))
                {
                    expired++;
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return expired;
    }

    /// <summary>
    /// Sweeps every <paramref name="interval"/> until cancelled; for the composition root to run as a background
    /// loop. A failed sweep (e.g. the database briefly unavailable) is reported to <paramref name="onError"/> and
    /// the loop goes on; the next sweep catches up.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, Action<Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    onError?.Invoke(e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task<bool> ExpireAsync(OperationRecord operation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = operation with
        {
            Status = OperationStatus.Expired, UpdatedAt = now, CompletedAt = now, Error = "expired before anyone decided it; nothing was applied",
        };
        await using var transaction = await store.BeginAsync(cancellationToken);
        if (!await transaction.Operations.UpdateIfStatusAsync(expired, OperationStatus.PendingReview, cancellationToken))
        {
            return false; // decided (or expired) by someone else meanwhile
        }

        await transaction.Audit.AppendAsync(new AuditEvent(now, SystemActor, "Mandate", "operation.expire", "operation", operation.Id,
            operation.ProjectId, operation.ResourceId, AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("kind", operation.Kind.ToWire()).Add("requested_by", operation.RequestedBy).Add("expired_at", operation.ExpiresAt!.Value.ToString("O")).Build()),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
