namespace Mandate.Core.Pipeline.Worker;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>What a reconciliation pass did.</summary>
/// <param name="Settled">Operations it brought to an end, with their recovery notes.</param>
/// <param name="Deferred">Operations it could not settle now (the provider or the store failed), with why; they stay
/// applying and the next pass tries again once the lease taken here lapses.</param>
public sealed record RecoveryReport(IReadOnlyList<OperationRecord> Settled, IReadOnlyList<(string OperationId, string Reason)> Deferred);

/// <summary>
/// Crash safety. An operation records its intent (applying, under a lease) before the provider is touched and
/// its result after, in the transaction that writes the state. An operation left applying by a holder that
/// died (its lease lapsed) is reconciled here with what the provider reports, never by applying anything:
/// <list type="bullet">
/// <item>create → look the object up by <see cref="RecoveryIdentity"/>'s id (import + read); found → recorded
/// in state once, succeeded; not found → failed, "nothing was created";</item>
/// <item>update → refresh; the state records what exists; succeeded when the object shows the planned changes,
/// failed otherwise; gone → state removed;</item>
/// <item>delete → refresh; gone → state removed, succeeded; still there → state refreshed, failed;</item>
/// <item>anything else (reads) → failed, since it changed nothing in the cloud and can simply run again.</item>
/// </list>
/// Each operation is taken over atomically (<see cref="IOperationStore.TakeOverAbandonedAsync"/>), so concurrent
/// recoverers never both settle it, and a settled operation is never looked at again: running this twice is safe.
/// The composition root runs it before the worker starts; the worker repeats it for holders that die later.
/// </summary>
/// <remarks>
/// The provider is reached through the pipeline's <see cref="OperationPlanner"/> (the same refresh and import as
/// <c>OperationService</c>), so sealed stored state is opened for the provider and values the schema marks sensitive
/// are sealed again before recovery writes them, exactly as for every other writer of state.
/// </remarks>
public sealed partial class OperationRecovery(IMandateStore store, OperationPlanner planner, TimeProvider clock, OperationOptions options)
{
    private const int BatchSize = 50;

    public async Task<RecoveryReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var settled = new List<OperationRecord>();
        var deferred = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var now = clock.GetUtcNow();
            var staleBefore = now - options.LeaseDuration;
            var batch = (await store.Operations.ListAbandonedAsync(now, staleBefore, BatchSize, cancellationToken)).Where(o => seen.Add(o.Id)).ToList();
            if (batch.Count == 0)
            {
                return new RecoveryReport(settled, deferred);
            }

            foreach (var abandoned in batch)
            {
                var lease = new OperationLease(options.NodeId, clock.GetUtcNow() + options.LeaseDuration);
                var taken = await store.Operations.TakeOverAbandonedAsync(abandoned.Id, lease, now, staleBefore, cancellationToken);
                if (taken is null)
                {
                    continue; // finished, renewed, or another recoverer has it
                }

                await using var heartbeat = new LeaseHeartbeat(store.Operations, taken.Id, options.NodeId, clock, options.LeaseDuration);
                try
                {
                    settled.Add(await ReconcileOneAsync(taken, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    deferred.Add((taken.Id, e.Message));
                }
            }
        }
    }

    private async Task<OperationRecord> ReconcileOneAsync(OperationRecord operation, CancellationToken cancellationToken)
    {
        var project = await store.Projects.GetAsync(operation.ProjectId, cancellationToken);
        if (project is null)
        {
            return await EndAsync(operation, OperationStatus.Failed, "interrupted by a crash, and its project no longer exists; nothing was reconciled",
                "project gone; nothing to reconcile", cancellationToken);
        }

        return operation.Kind switch
        {
            OperationKind.Create => await ReconcileCreateAsync(operation, project, cancellationToken),
            OperationKind.Update => await ReconcileUpdateAsync(operation, project, cancellationToken),
            OperationKind.Delete => await ReconcileDeleteAsync(operation, project, cancellationToken),
            _ => await EndAsync(operation, OperationStatus.Failed,
                $"interrupted by a crash; a {operation.Kind.ToWire()} changes nothing in the cloud, so it can simply be run again",
                "nothing to reconcile: the operation only reads", cancellationToken),
        };
    }

    /// <summary>Ends the operation without touching state; the note says how recovery settled it.</summary>
    private async Task<OperationRecord> EndAsync(OperationRecord operation, OperationStatus status, string? error, string note, CancellationToken cancellationToken)
    {
        var ended = Ended(operation, status, error, note);
        await using var transaction = await store.BeginAsync(cancellationToken);
        await EndInAsync(transaction, ended, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    private OperationRecord Ended(OperationRecord operation, OperationStatus status, string? error, string note)
    {
        var now = clock.GetUtcNow();
        return operation with
        {
            Status = status,
            Error = error,
            Recovery = $"reconciled after a crash by {options.NodeId} at {now:yyyy-MM-dd HH:mm:ss}Z: {note}",
            UpdatedAt = now,
            CompletedAt = now,
        };
    }

    private static JsonObject? PlanState(OperationRecord operation, string key) =>
        operation.PlanJson is { } plan ? JsonNode.Parse(plan)?[key] as JsonObject : null;
}
