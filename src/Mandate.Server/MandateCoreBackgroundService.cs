namespace Mandate.Server;

using Mandate.Core.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs <see cref="MandateCore"/>'s background work with the host: crash reconciliation and the operation
/// worker on start (before requests are served, so nothing left unfinished is applied twice), and a
/// draining stop on shutdown.
/// </summary>
internal sealed class MandateCoreBackgroundService(MandateCore core, ILogger<MandateCoreBackgroundService> logger) : IHostedService
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(8);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await core.StartBackgroundAsync((what, e) => logger.LogWarning(e, "background {What} failed; it will retry", what), cancellationToken);
        if (report.Settled.Count > 0 || report.Deferred.Count > 0)
        {
            logger.LogInformation("reconciled {Settled} operation(s) left unfinished by a previous run; {Deferred} deferred",
                report.Settled.Count, report.Deferred.Count);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!await core.StopBackgroundAsync(Drain))
        {
            logger.LogWarning("some operations were still applying at shutdown; the next start reconciles them");
        }
    }
}
