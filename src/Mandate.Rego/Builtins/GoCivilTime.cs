namespace Mandate.Rego.Builtins;

/// <summary>
/// An instant with nanosecond precision seen in one zone, the way Go's <c>time.Time</c> carries it.
/// .NET's <see cref="DateTime"/> stops at 100 ns ticks and years 1–9999, while OPA's time builtins work
/// in whole nanoseconds, so civil fields are computed here from Unix seconds with proleptic Gregorian
/// arithmetic (valid for any year a <see cref="long"/> of seconds can hold).
/// </summary>
internal readonly record struct GoCivilTime(long UnixSeconds, int Nanosecond, int OffsetSeconds, string? ZoneName)
{
    public const long NanosPerSecond = 1_000_000_000;

    /// <summary>Seconds since the Unix epoch of the same wall clock reading in UTC.</summary>
    public long LocalSeconds => UnixSeconds + OffsetSeconds;

    public (long Year, int Month, int Day) Date => CivilFromDays(FloorDiv(LocalSeconds, 86_400));

    public (int Hour, int Minute, int Second) Clock
    {
        get
        {
            var secondOfDay = (int)FloorMod(LocalSeconds, 86_400);
            return (secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60);
        }
    }

    /// <summary>0 = Sunday, as Go's <c>time.Weekday</c>.</summary>
    public int Weekday => (int)FloorMod(FloorDiv(LocalSeconds, 86_400) + 4, 7);

    /// <summary>Day of the year, 1-based.</summary>
    public int YearDay
    {
        get
        {
            var (year, _, _) = Date;
            return (int)(FloorDiv(LocalSeconds, 86_400) - DaysFromCivil(year, 1, 1)) + 1;
        }
    }

    /// <summary>The instant as Unix nanoseconds, or null when it does not fit in an int64 (OPA's valid range).</summary>
    public long? TryUnixNanos()
    {
        var total = (Int128)UnixSeconds * NanosPerSecond + Nanosecond;
        return total < long.MinValue || total > long.MaxValue ? null : (long)total;
    }

    public static GoCivilTime FromUnixNanos(long nanos, GoZone zone)
    {
        var seconds = FloorDiv(nanos, NanosPerSecond);
        var nano = (int)FloorMod(nanos, NanosPerSecond);
        var (offset, name) = zone.At(seconds);
        return new GoCivilTime(seconds, nano, offset, name);
    }

    /// <summary>
    /// Go's <c>time.Date</c>: builds an instant from possibly out-of-range fields (month 13, day 32 …),
    /// normalising them, in <paramref name="zone"/>.
    /// </summary>
    public static GoCivilTime FromFields(long year, long month, long day, long hour, long minute, long second, long nanosecond, GoZone zone)
    {
        var monthIndex = month - 1;
        year += FloorDiv(monthIndex, 12);
        monthIndex = FloorMod(monthIndex, 12);
        second += FloorDiv(nanosecond, NanosPerSecond);
        var nano = (int)FloorMod(nanosecond, NanosPerSecond);
        var days = DaysFromCivil(year, (int)monthIndex + 1, 1) + day - 1;
        var local = days * 86_400 + hour * 3600 + minute * 60 + second;
        var unix = zone.LocalToUnix(local);
        var (offset, name) = zone.At(unix);
        return new GoCivilTime(unix, nano, offset, name);
    }

    public GoCivilTime In(GoZone zone)
    {
        var (offset, name) = zone.At(UnixSeconds);
        return this with { OffsetSeconds = offset, ZoneName = name };
    }

    public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(int month, long year) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no tables.
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = FloorDiv(year, 400);
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = FloorDiv(days, 146_097);
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
    }

    public static long FloorDiv(long a, long b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    public static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;
}
