namespace Mandate.Server;

using Mandate.Core.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs the operation pipeline's background side with the web host: on start, crash recovery (before the host
/// serves anything, so no request meets an operation a crash left half done) and then the worker for queued
/// operations; on shutdown, the worker stops claiming and the applies in flight get the drain time to finish.
/// </summary>
internal sealed partial class OperationWorkerHost(MandateCore core, ILogger<OperationWorkerHost> logger) : IHostedService
{
    // Inside the host's 10 s shutdown budget, leaving time for the rest of the host to stop.
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(8);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await core.StartWorkerAsync(cancellationToken);
        foreach (var settled in report.Settled)
        {
            LogSettled(logger, settled.Id, settled.Status.ToString(), settled.Recovery ?? "");
        }

        foreach (var (operationId, reason) in report.Deferred)
        {
            LogDeferred(logger, operationId, reason);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!await core.Worker.StopAsync(Drain))
        {
            LogStillApplying(logger, Drain);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "recovery settled operation {OperationId} left unfinished by a crash: {Status}; {Note}")]
    private static partial void LogSettled(ILogger logger, string operationId, string status, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "recovery could not settle operation {OperationId} yet (it is retried): {Reason}")]
    private static partial void LogDeferred(ILogger logger, string operationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "operations were still applying after {Drain}; they keep their lease until this process ends, then the next start reconciles them")]
    private static partial void LogStillApplying(ILogger logger, TimeSpan drain);
}
