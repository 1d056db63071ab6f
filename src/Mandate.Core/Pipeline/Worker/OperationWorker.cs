namespace Mandate.Core.Pipeline.Worker;

using System.Collections.Concurrent;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Applies queued operations: <see cref="WorkerOptions.Slots"/> loops each claim the oldest queued operation
/// (<see cref="IOperationStore.ClaimNextQueuedAsync(OperationLease, DateTimeOffset, CancellationToken)"/>: one
/// claimer wins, also across processes sharing PostgreSQL) and apply it under a lease with a heartbeat. A
/// further loop runs <see cref="OperationRecovery"/> now and then, for holders that died while this process runs.
/// Start it after <see cref="OperationRecovery.ReconcileAsync"/> ran once; stop it with <see cref="StopAsync"/>.
/// </summary>
public sealed class OperationWorker(
    OperationService service,
    IMandateStore store,
    OperationRecovery recovery,
    TimeProvider clock,
    OperationOptions options,
    WorkerOptions workerOptions) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _applied = new();
    private Task _running = Task.CompletedTask;
    private int _started;
    private int _disposed;

    /// <summary>Ids of the operations this worker applied (or refused), in order: what a test or a status page can show.</summary>
    public IReadOnlyCollection<string> Applied => _applied;

    public void Start()
    {
        workerOptions.Validate();
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the operation worker was already started");
        }

        var loops = Enumerable.Range(0, workerOptions.Slots).Select(_ => Task.Run(() => SlotAsync(_stopping.Token))).ToList();
        loops.Add(Task.Run(() => SweepAsync(_stopping.Token)));
        _running = Task.WhenAll(loops);
    }

    /// <summary>
    /// Stops claiming, lets the operations being applied finish (within <paramref name="drain"/>), and waits for
    /// the inline applies of the service too. What is still running after that keeps its lease until the
    /// process ends; then the lease lapses and the next start reconciles it.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan drain)
    {
        await _stopping.CancelAsync();
        var finished = true;
        try
        {
            await _running.WaitAsync(drain, clock);
        }
        catch (TimeoutException)
        {
            finished = false;
        }

        return await service.DrainAsync(drain) && finished;
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, giving the applies in flight 30 seconds. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(TimeSpan.FromSeconds(30));
        _stopping.Dispose();
    }

    private async Task SlotAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            OperationRecord? claimed;
            try
            {
                claimed = await store.Operations.ClaimNextQueuedAsync(new OperationLease(options.NodeId, clock.GetUtcNow() + options.LeaseDuration),
                    clock.GetUtcNow(), stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                workerOptions.OnError?.Invoke("claiming the next queued operation", e);
                claimed = null;
            }

            if (claimed is null)
            {
                if (!await IdleAsync(workerOptions.PollInterval, stopping))
                {
                    return;
                }

                continue;
            }

            await ApplyAsync(claimed);
        }
    }

    // A claimed operation is finished even when stopping: the provider call is not cut off halfway.
    private async Task ApplyAsync(OperationRecord claimed)
    {
        await using var heartbeat = new LeaseHeartbeat(store.Operations, claimed.Id, options.NodeId, clock, options.LeaseDuration);
        try
        {
            await service.ApplyClaimedAsync(claimed, CancellationToken.None);
            _applied.Enqueue(claimed.Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The operation stays applying; once the heartbeat stops its lease lapses and recovery reconciles it.
            workerOptions.OnError?.Invoke($"applying operation {claimed.Id}", e);
        }
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        var interval = workerOptions.RecoveryInterval ?? options.LeaseDuration;
        while (await IdleAsync(interval, stopping))
        {
            try
            {
                await recovery.ReconcileAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                workerOptions.OnError?.Invoke("reconciling abandoned operations", e);
            }
        }
    }

    private async Task<bool> IdleAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, clock, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
