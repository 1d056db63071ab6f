namespace Mandate.Core.Pipeline;

using Mandate.Core.Model;

/// <summary>
/// Resuming an operation a caller got back unfinished. What "resume" does depends on where it stands:
/// <list type="bullet">
/// <item>queued (allowed or approved, nobody applying it — e.g. the process that took it stopped, or `mandate mcp`,
/// which runs no worker, exited): claimed here and applied the worker's way (planned again from the stored
/// request; a different plan is refused; policies judged again);</item>
/// <item>requested or applying: waited for;</item>
/// <item>pending review or ended: returned as it stands (only an approver moves a pending one on).</item>
/// </list>
/// The caller waits at most <c>wait</c>; the apply itself goes on after that, under its lease.
/// </summary>
public sealed partial class OperationService
{
    /// <summary>The longest a caller may ask to wait.</summary>
    public static readonly TimeSpan MaxResumeWait = TimeSpan.FromMinutes(2);

    /// <summary>Continues or waits for <paramref name="operation"/>; see the type's remarks.</summary>
    public async Task<OperationResult> ResumeAsync(OperationRecord operation, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (wait < TimeSpan.Zero || wait > MaxResumeWait)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"the wait must be between 0 and {MaxResumeWait.TotalSeconds:0} seconds; got {wait.TotalSeconds:0.#}");
        }

        var asItStands = new OperationResult(operation, null, ParsePlan(operation), null);
        switch (operation.Status)
        {
            case OperationStatus.Queued:
                // Claimed here unless a worker got there first; then this waits for the worker.
                var result = await _inline.RunAsync(operation, asItStands, ApplyClaimedAsync, cancellationToken, wait);
                return await WithStoredStateAsync(result, cancellationToken);
            case OperationStatus.Requested or OperationStatus.Applying:
                return await WithStoredStateAsync(await _inline.WaitForEndAsync(asItStands, wait, cancellationToken), cancellationToken);
            default:
                return await WithStoredStateAsync(asItStands, cancellationToken);
        }
    }
}
