namespace Mandate.Rego;

/// <summary>
/// Bounds on one evaluation, so a hostile or careless policy cannot hang or exhaust the process.
/// Exceeding one stops the query with <see cref="RegoErrorCodes.EvalLimitError"/> (cancellation and the
/// deadline report <see cref="RegoErrorCodes.EvalCancelError"/>, as OPA does for a cancelled context).
/// </summary>
public sealed record EvalLimits
{
    public static readonly EvalLimits Default = new();

    /// <summary>Wall-clock budget of one evaluation; null means none (the cancellation token still applies).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Maximum nesting of rule, function and comprehension evaluation.</summary>
    public int MaxCallDepth { get; init; } = 2_000;

    /// <summary>Maximum number of elements (or characters, for strings) one builtin call may produce.</summary>
    public long MaxBuiltinOutputSize { get; init; } = 50_000_000;
}
