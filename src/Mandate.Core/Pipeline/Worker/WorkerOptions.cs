namespace Mandate.Core.Pipeline.Worker;

/// <summary>Tunables of the in-process operation worker.</summary>
public sealed record WorkerOptions
{
    /// <summary>How many operations this process applies at once.</summary>
    public int Slots { get; init; } = 2;

    /// <summary>How often an idle slot looks at the queue again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the worker reconciles operations whose holder died while it runs (a lease that was still live
    /// at start-up lapses later); null uses the lease duration.
    /// </summary>
    public TimeSpan? RecoveryInterval { get; init; }

    /// <summary>Told about failures the worker survives (a store or provider error outside any operation); null ignores them.</summary>
    public Action<string, Exception>? OnError { get; init; }

    internal void Validate()
    {
        if (Slots < 1)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, $"the worker needs at least one slot; {Slots} was given");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, $"the worker's poll interval must be positive; {PollInterval} was given");
        }
    }
}
