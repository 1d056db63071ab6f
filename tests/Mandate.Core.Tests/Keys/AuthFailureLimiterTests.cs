using Mandate.Core.Keys;

namespace Mandate.Core.Tests.Keys;

public sealed class AuthFailureLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly AuthFailureLimits Limits = new(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
    private readonly ManualClock _clock = new(Start);

    [Fact]
    public void Failures_up_to_the_limit_are_tolerated_and_the_next_locks_the_source_out()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limiter.RecordFailure("10.0.0.1"));
            limiter.EnsureNotLockedOut("10.0.0.1");
        }

        var lockout = limiter.RecordFailure("10.0.0.1");

        Assert.Equal(new AuthLockout("10.0.0.1", Start.AddMinutes(10)), lockout);
        var error = Assert.Throws<MandateException>(() => limiter.EnsureNotLockedOut("10.0.0.1"));
        Assert.Equal(AuthErrorCodes.RateLimited, error.Code);
        Assert.Contains("try again after 2026-11-22 03:10:00 UTC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_are_counted_separately()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);
        for (var i = 0; i < 4; i++)
        {
            limiter.RecordFailure("10.0.0.1");
        }

        Assert.NotNull(limiter.GetLockout("10.0.0.1"));
        Assert.Null(limiter.GetLockout("10.0.0.2"));
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);
        for (var i = 0; i < 3; i++)
        {
            limiter.RecordFailure("k1");
            _clock.Advance(TimeSpan.FromSeconds(25));
        }

        // The first failure (75 s ago) has slid out of the window, so this is the third in it, not the fourth.
        Assert.Null(limiter.RecordFailure("k1"));
        Assert.NotNull(limiter.RecordFailure("k1"));
    }

    [Fact]
    public void A_lockout_ends_after_its_period_and_counting_starts_afresh()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);
        for (var i = 0; i < 4; i++)
        {
            limiter.RecordFailure("k1");
        }

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.NotNull(limiter.GetLockout("k1"));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(limiter.GetLockout("k1"));
        Assert.Null(limiter.RecordFailure("k1"));
    }

    [Fact]
    public void Failures_during_a_lockout_neither_extend_it_nor_report_it_again()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);
        for (var i = 0; i < 4; i++)
        {
            limiter.RecordFailure("k1");
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(limiter.RecordFailure("k1"));
        Assert.Equal(Start.AddMinutes(10), limiter.GetLockout("k1")!.Value.Until);
    }

    [Fact]
    public void Concurrent_failures_from_one_source_lock_it_out_exactly_once()
    {
        var limiter = new AuthFailureLimiter(new AuthFailureLimits(100, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), _clock);
        var lockouts = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (limiter.RecordFailure("10.0.0.9") is not null)
            {
                Interlocked.Increment(ref lockouts);
            }
        });

        Assert.Equal(1, lockouts);
    }

    [Fact]
    public void Stale_sources_are_forgotten_when_the_table_grows()
    {
        var limiter = new AuthFailureLimiter(Limits, _clock);
        for (var i = 0; i < 1024; i++)
        {
            limiter.RecordFailure($"10.1.{i / 256}.{i % 256}");
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        limiter.RecordFailure("10.2.0.1");

        Assert.Equal(1, limiter.TrackedSources);
    }

    [Fact]
    public void Nonsensical_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AuthFailureLimiter(new AuthFailureLimits(0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1))));
    }
}
