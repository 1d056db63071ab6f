namespace Mandate.Core.Keys;

/// <summary>Thresholds for <see cref="AuthFailureLimiter"/>.</summary>
/// <param name="MaxFailures">Failures allowed within <paramref name="Window"/>; the next one locks the source out.</param>
/// <param name="Window">The sliding window failures are counted in.</param>
/// <param name="Lockout">How long a source stays locked out.</param>
public sealed record AuthFailureLimits(int MaxFailures, TimeSpan Window, TimeSpan Lockout)
{
    /// <summary>10 failures a minute, then 15 minutes locked out: generous to a person mistyping, useless to a guesser.</summary>
    public static AuthFailureLimits Default { get; } = new(10, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
}

/// <summary>A source that is locked out, and until when.</summary>
/// <param name="Source">The remote address or key id.</param>
/// <param name="Until">When attempts are accepted again.</param>
public readonly record struct AuthLockout(string Source, DateTimeOffset Until);

/// <summary>
/// Counts failed authentications per source (a remote address, or a key id) in a sliding window and
/// locks a source out once it exceeds the limit. Call <see cref="EnsureNotLockedOut"/> before checking
/// credentials (a locked-out source gets no answer about its guess) and <see cref="RecordFailure"/>
/// after each failure. Successes do not reset the count: otherwise one valid key would let its holder
/// interleave unlimited guesses at others from the same address. Thread-safe; the clock is injectable.
/// </summary>
public sealed class AuthFailureLimiter
{
    private readonly AuthFailureLimits _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sweepAt = MinimumSweepSize;

    private const int MinimumSweepSize = 1024;

    /// <summary>Creates a limiter; <paramref name="time"/> defaults to the system clock.</summary>
    public AuthFailureLimiter(AuthFailureLimits? limits = null, TimeProvider? time = null)
    {
        _limits = limits ?? AuthFailureLimits.Default;
        if (_limits.MaxFailures < 1 || _limits.Window <= TimeSpan.Zero || _limits.Lockout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), _limits, "max failures must be at least 1 and window and lockout positive");
        }

        _time = time ?? TimeProvider.System;
    }

    /// <summary>The lockout in force for <paramref name="source"/>, or null when it may try.</summary>
    public AuthLockout? GetLockout(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _sources.TryGetValue(source, out var state) && state.LockedUntil > now
                ? new AuthLockout(source, state.LockedUntil.Value)
                : null;
        }
    }

    /// <summary>Throws <see cref="AuthErrorCodes.RateLimited"/> with the retry time when the source is locked out.</summary>
    public void EnsureNotLockedOut(string source)
    {
        if (GetLockout(source) is { } lockout)
        {
            throw new MandateException(AuthErrorCodes.RateLimited,
                $"too many failed authentications from {source}; try again after {lockout.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
                new Dictionary<string, object?> { ["source"] = source, ["retryAfter"] = lockout.Until });
        }
    }

    /// <summary>
    /// Records one failure; returns the lockout when this failure starts one (so the caller can audit
    /// it once), otherwise null.
    /// </summary>
    public AuthLockout? RecordFailure(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_sources.TryGetValue(source, out var state))
            {
                SweepIfLarge(now);
                state = new SourceState();
                _sources[source] = state;
            }

            if (state.LockedUntil > now)
            {
                return null;
            }

            state.Forget(now - _limits.Window);
            state.Failures.Enqueue(now);
            if (state.Failures.Count <= _limits.MaxFailures)
            {
                return null;
            }

            state.Failures.Clear();
            state.LockedUntil = now + _limits.Lockout;
            return new AuthLockout(source, state.LockedUntil.Value);
        }
    }

    /// <summary>The number of sources currently tracked (for metrics and tests).</summary>
    public int TrackedSources
    {
        get
        {
            lock (_gate)
            {
                return _sources.Count;
            }
        }
    }

    // Forget sources with nothing recent, so a scan from many addresses cannot grow memory without
    // bound. Runs when the table doubles, which keeps the cost amortised O(1) per failure.
    private void SweepIfLarge(DateTimeOffset now)
    {
        if (_sources.Count < _sweepAt)
        {
            return;
        }

        var windowStart = now - _limits.Window;
        foreach (var (source, state) in _sources)
        {
            state.Forget(windowStart);
            if (state.Failures.Count == 0 && !(state.LockedUntil > now))
            {
                _sources.Remove(source);
            }
        }

        _sweepAt = Math.Max(MinimumSweepSize, _sources.Count * 2);
    }

    private sealed class SourceState
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }

        public void Forget(DateTimeOffset before)
        {
            while (Failures.TryPeek(out var oldest) && oldest <= before)
            {
                Failures.Dequeue();
            }
        }
    }
}
