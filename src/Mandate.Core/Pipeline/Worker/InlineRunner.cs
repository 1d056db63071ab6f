namespace Mandate.Core.Pipeline.Worker;

using System.Collections.Concurrent;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// The inline fast path of a queued operation: the process that took the request claims its own operation
/// (so it applies the plan it holds in memory instead of planning again) and lets the caller wait at most
/// <see cref="OperationOptions.InlineWait"/>. The apply itself runs detached from the caller under a lease with
/// a heartbeat; when the wait ends first, the caller gets the operation as it stands (queued or applying) and
/// fetches the result later. If a worker claimed the operation first, the caller waits for the worker instead.
/// </summary>
internal sealed class InlineRunner(IMandateStore store, TimeProvider clock, OperationOptions options)
{
    private static readonly TimeSpan StorePollInterval = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    public OperationLease NewLease() => new(options.NodeId, clock.GetUtcNow() + options.LeaseDuration);

    /// <param name="queued">The operation as recorded (status queued).</param>
    /// <param name="asQueued">What to answer when the wait ends first.</param>
    /// <param name="apply">Applies the claimed operation; runs with no caller token, since the caller may leave.</param>
    /// <param name="wait">How long the caller waits; <see cref="OperationOptions.InlineWait"/> when null.</param>
    public async Task<OperationResult> RunAsync(OperationRecord queued, OperationResult asQueued, Func<OperationRecord, CancellationToken, Task<OperationResult>> apply,
        CancellationToken cancellationToken, TimeSpan? wait = null)
    {
        var claimed = await store.Operations.ClaimQueuedAsync(queued.Id, NewLease(), clock.GetUtcNow(), CancellationToken.None);
        return await WaitAsync(queued.Id, claimed, asQueued, apply, wait, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RunAsync"/>, for an operation the caller already claimed (in the transaction that recorded it):
    /// applies it, the caller waiting at most the inline wait.
    /// </summary>
    public Task<OperationResult> RunClaimedAsync(OperationRecord claimed, OperationResult asQueued, Func<OperationRecord, CancellationToken, Task<OperationResult>> apply,
        CancellationToken cancellationToken) =>
        WaitAsync(claimed.Id, claimed, asQueued, apply, null, cancellationToken);

    private async Task<OperationResult> WaitAsync(string operationId, OperationRecord? claimed, OperationResult asQueued,
        Func<OperationRecord, CancellationToken, Task<OperationResult>> apply, TimeSpan? wait, CancellationToken cancellationToken)
    {
        using var stopPolling = new CancellationTokenSource();
        var work = claimed is null ? PollUntilEndedAsync(operationId, asQueued, stopPolling.Token) : Start(claimed, apply);
        try
        {
            return await work.WaitAsync(wait ?? options.InlineWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            var current = await store.Operations.GetAsync(operationId, CancellationToken.None) ?? asQueued.Operation;
            return asQueued with { Operation = current };
        }
        finally
        {
            await stopPolling.CancelAsync();
        }
    }

    /// <summary>Waits for the applies this process started inline (graceful shutdown); false when some are still running.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(timeout, clock);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return true; // a failed apply has ended too; its caller (or its operation record) saw the failure
        }
    }

    private Task<OperationResult> Start(OperationRecord claimed, Func<OperationRecord, CancellationToken, Task<OperationResult>> apply)
    {
        var task = ApplyUnderLeaseAsync(claimed, apply);
        _inFlight[claimed.Id] = task;
        _ = task.ContinueWith(t =>
        {
            _ = t.Exception; // observed: the caller, if still waiting, gets it; otherwise the operation record tells
            _inFlight.TryRemove(claimed.Id, out _);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    // Started on the caller's thread rather than queued with Task.Run: it runs until its first real wait (the provider's
    // gRPC call) and goes on from there by itself, so the caller still stops waiting after the inline wait, and an apply
    // does not pay a thread-pool hop (a wake-up of another thread, measured at several percent of a create's own cost).
    private async Task<OperationResult> ApplyUnderLeaseAsync(OperationRecord claimed, Func<OperationRecord, CancellationToken, Task<OperationResult>> apply)
    {
        await using var heartbeat = new LeaseHeartbeat(store.Operations, claimed.Id, options.NodeId, clock, options.LeaseDuration);
        return await apply(claimed, CancellationToken.None);
    }

    /// <summary>Waits at most <paramref name="wait"/> for an operation someone else is applying to end; returns it as it then stands.</summary>
    public async Task<OperationResult> WaitForEndAsync(OperationResult current, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stopPolling = new CancellationTokenSource();
        try
        {
            return await PollUntilEndedAsync(current.Operation.Id, current, stopPolling.Token).WaitAsync(wait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            return current with { Operation = await store.Operations.GetAsync(current.Operation.Id, CancellationToken.None) ?? current.Operation };
        }
        finally
        {
            await stopPolling.CancelAsync();
        }
    }

    private async Task<OperationResult> PollUntilEndedAsync(string operationId, OperationResult asQueued, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await store.Operations.GetAsync(operationId, cancellationToken);
            if (current is null || current.Status.IsTerminal())
            {
                return asQueued with { Operation = current ?? asQueued.Operation };
            }

            await Task.Delay(StorePollInterval, clock, cancellationToken);
        }
    }
}
