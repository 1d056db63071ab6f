using System.Diagnostics;

namespace Mandate.Rego.Builtins;

/// <summary>
/// What a builtin may use from the running query: cancellation and limits, the query's fixed clock,
/// a per-query cache, strict mode and the call site. One instance serves one query evaluation; it is not
/// shared between threads.
/// </summary>
public sealed class BuiltinContext
{
    // Reading the clock costs more than a builtin's loop step, so the deadline is checked every 256 calls.
    private const int DeadlineCheckInterval = 256;

    private long _deadlineTimestamp;
    private int _interruptCalls;
    private long _outputCharged;

    public BuiltinContext(
        EvalLimits? limits = null,
        DateTimeOffset? now = null,
        bool strictBuiltinErrors = false,
        int? seed = null,
        CancellationToken cancellationToken = default)
    {
        Limits = EvalLimits.Default;
        Reset(limits, now, strictBuiltinErrors, seed, cancellationToken);
    }

    /// <summary>
    /// Makes the context as new for another query, so the evaluator can reuse one instance per thread
    /// instead of allocating a context per decision.
    /// </summary>
    internal void Reset(EvalLimits? limits, DateTimeOffset? now, bool strictBuiltinErrors, int? seed, CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        Limits = limits ?? EvalLimits.Default;
        _now = now;
        StrictBuiltinErrors = strictBuiltinErrors;
        _seed = seed;
        _random = null;
        _cache?.Clear();
        _interruptCalls = 0;
        _outputCharged = 0;
        CurrentBuiltin = string.Empty;
        Location = default;
        _deadlineTimestamp = Limits.Timeout is { } t
            ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;
    }

    /// <summary>Drops what the finished query cached (parsed regexes, memoized results) so nothing outlives it.</summary>
    internal void Release()
    {
        _cache?.Clear();
        _random = null;
    }

    public CancellationToken CancellationToken { get; private set; }

    public EvalLimits Limits { get; private set; }

    private DateTimeOffset? _now;

    /// <summary>
    /// The query's clock: read once, on first use, then fixed for the rest of the query (OPA fixes
    /// <c>time.now_ns</c> per query). Reading it lazily keeps clock-free decisions from paying for it.
    /// </summary>
    public DateTimeOffset Now => _now ??= DateTimeOffset.UtcNow;

    /// <summary><see cref="Now"/> as nanoseconds since the Unix epoch.</summary>
    public long NowNanoseconds => (Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>When true, builtin errors fail the query; otherwise they make the expression undefined.</summary>
    public bool StrictBuiltinErrors { get; private set; }

    private int? _seed;
    private Random? _random;
    private Dictionary<string, object>? _cache;

    /// <summary>Randomness for rand.*/uuid.* builtins (seedable for tests); created on first use.</summary>
    public Random Random => _random ??= _seed is { } s ? new Random(s) : new Random();

    /// <summary>
    /// Per-query memo for builtins that must answer the same within one query (e.g. <c>rand.intn</c>,
    /// <c>uuid.rfc4122</c> keyed by their operands) or that cache parsed inputs (compiled regexes).
    /// Key by a string that starts with the builtin's name.
    /// </summary>
    public Dictionary<string, object> Cache => _cache ??= new(StringComparer.Ordinal);

    /// <summary>The name of the builtin being called (set by the invoker).</summary>
    public string CurrentBuiltin { get; internal set; } = string.Empty;

    /// <summary>Where the call being evaluated sits in the policy.</summary>
    public SourceLocation Location { get; internal set; }

    /// <summary>
    /// Stops evaluation if the query was cancelled or its deadline passed. Long-running builtins call this
    /// inside their loops; it is cheap (the clock is read every 256 calls).
    /// </summary>
    public void CheckInterrupt()
    {
        if (CancellationToken.IsCancellationRequested)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalCancelError, "caller cancelled query execution", Location);
        }

        if (++_interruptCalls % DeadlineCheckInterval == 0 && Stopwatch.GetTimestamp() > _deadlineTimestamp)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalCancelError, "evaluation deadline exceeded", Location);
        }
    }

    /// <summary>Checks the deadline now (not amortized).</summary>
    internal void CheckDeadlineNow()
    {
        if (CancellationToken.IsCancellationRequested)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalCancelError, "caller cancelled query execution", Location);
        }

        if (_deadlineTimestamp != long.MaxValue && Stopwatch.GetTimestamp() > _deadlineTimestamp)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalCancelError, "evaluation deadline exceeded", Location);
        }
    }

    /// <summary>
    /// Accounts for <paramref name="size"/> more elements (or characters) produced by the current builtin
    /// call and stops the query when the call exceeds <see cref="EvalLimits.MaxBuiltinOutputSize"/>. Builtins
    /// that build large outputs (ranges, repeats, string padding) call this before or while building.
    /// Also checks for cancellation.
    /// </summary>
    public void ChargeOutput(long size)
    {
        _outputCharged += size;
        if (_outputCharged > Limits.MaxBuiltinOutputSize)
        {
            throw new RegoEvalException(
                RegoErrorCodes.EvalLimitError,
                $"{CurrentBuiltin}: output size limit exceeded: the call would produce more than {Limits.MaxBuiltinOutputSize} elements (EvalLimits.MaxBuiltinOutputSize)",
                Location);
        }

        CheckInterrupt();
    }

    /// <summary>Resets per-call accounting before a builtin runs.</summary>
    internal void BeginCall(string name, SourceLocation location)
    {
        CurrentBuiltin = name;
        Location = location;
        _outputCharged = 0;
    }
}
