namespace Mandate.Core.Pipeline.Worker;

using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Renews the lease on an applying operation every third of the lease duration until disposed, so other
/// processes know its holder is alive. It stops by itself when the renewal is refused (the operation ended
/// or was taken over): a holder never steals its claim back.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    public LeaseHeartbeat(IOperationStore operations, string operationId, string holder, TimeProvider clock, TimeSpan duration) =>
        _beating = BeatAsync(operations, operationId, holder, clock, duration, _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private static async Task BeatAsync(IOperationStore operations, string operationId, string holder, TimeProvider clock, TimeSpan duration,
        CancellationToken stop)
    {
        // Three beats per lease: one failed renewal (a store hiccup) still leaves the lease alive for the next.
        var period = duration / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Stopping is the normal end of every apply: awaited without throwing, as an exception per operation is measurable.
                await Task.Delay(period, clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (!await operations.RenewLeaseAsync(operationId, new OperationLease(holder, clock.GetUtcNow() + duration), stop))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Try again on the next beat; if the store stays unreachable the lease lapses and recovery takes over.
            }
        }
    }
}
