using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA's <c>time.*</c> builtins. Instants are int64 nanoseconds since the Unix epoch; an instant operand is
/// either that number or <c>[ns, zone]</c> (<c>[ns, zone, layout]</c> for <c>time.format</c>), where zone is
/// an IANA name, "UTC"/"" or "Local". Go layouts and durations are translated by <see cref="GoTimeLayout"/>,
/// <see cref="GoTimeParser"/> and <see cref="GoDuration"/>.
/// </summary>
internal static class TimeBuiltins
{
    private const string InstantOperand = "either number (ns) or [number (ns), string (tz)]";

    [RegoBuiltin("time.now_ns", Nondeterministic = true)]
    public static RegoValue NowNs(BuiltinContext context) => RegoNumber.From(context.NowNanoseconds);

    [RegoBuiltin("time.parse_ns")]
    public static RegoValue ParseNs(RegoValue layout, RegoValue value)
    {
        var layoutText = Operands.String(layout, 1);
        var valueText = Operands.String(value, 2);
        if (GoTimeLayout.NamedLayouts.TryGetValue(layoutText, out var named))
        {
            layoutText = named;
        }
        return SafeNanos(GoTimeParser.Parse(layoutText, valueText));
    }

    [RegoBuiltin("time.parse_rfc3339_ns")]
    public static RegoValue ParseRfc3339Ns(RegoValue value) =>
        SafeNanos(GoTimeParser.Parse(GoTimeLayout.Rfc3339, Operands.String(value, 1)));

    [RegoBuiltin("time.parse_duration_ns")]
    public static RegoValue ParseDurationNs(RegoValue duration)
    {
        var text = Operands.String(duration, 1);
        return GoDuration.TryParse(text, out var nanos, out var error)
            ? RegoNumber.From(nanos)
            : throw new BuiltinException(error);
    }

    [RegoBuiltin("time.format")]
    public static RegoValue Format(RegoValue instant)
    {
        var (time, layout) = ReadInstant(instant);
        if (layout.Length == 0)
        {
            layout = GoTimeLayout.Rfc3339Nano;
        }
        else if (GoTimeLayout.NamedLayouts.TryGetValue(layout, out var named))
        {
            layout = named;
        }
        return RegoString.From(GoTimeLayout.Format(time, layout));
    }

    [RegoBuiltin("time.date")]
    public static RegoValue Date(RegoValue instant)
    {
        var (year, month, day) = ReadInstant(instant).Time.Date;
        return RegoArray.From(RegoNumber.From(year), RegoNumber.From(month), RegoNumber.From(day));
    }

    [RegoBuiltin("time.clock")]
    public static RegoValue Clock(RegoValue instant)
    {
        var (hour, minute, second) = ReadInstant(instant).Time.Clock;
        return RegoArray.From(RegoNumber.From(hour), RegoNumber.From(minute), RegoNumber.From(second));
    }

    [RegoBuiltin("time.weekday")]
    public static RegoValue Weekday(RegoValue instant) =>
        RegoString.From(GoTimeLayout.LongDayNames[ReadInstant(instant).Time.Weekday]);

    [RegoBuiltin("time.add_date")]
    public static RegoValue AddDate(RegoValue instant, RegoValue years, RegoValue months, RegoValue days)
    {
        var (time, _) = ReadInstant(instant);
        var addYears = Operands.Int(years, 2);
        var addMonths = Operands.Int(months, 3);
        var addDays = Operands.Int(days, 4);
        var (year, month, day) = time.Date;
        var (hour, minute, second) = time.Clock;
        var zone = ZoneOf(instant);
        var result = GoCivilTime.FromFields(year + addYears, month + (long)addMonths, day + (long)addDays, hour, minute, second, time.Nanosecond, zone);
        return SafeNanos(result);
    }

    [RegoBuiltin("time.diff")]
    public static RegoValue Diff(RegoValue first, RegoValue second)
    {
        var (t1, _) = ReadInstant(first);
        var (t2, _) = ReadInstant(second);
        // Both instants are read in the first one's zone, then the later minus the earlier, field by field
        // with borrows, as OPA does (months borrow the length of the earlier instant's month).
        t2 = t2.In(ZoneOf(first));
        if (Compare(t1, t2) > 0)
        {
            (t1, t2) = (t2, t1);
        }
        var (y1, m1, d1) = t1.Date;
        var (y2, m2, d2) = t2.Date;
        var (h1, min1, s1) = t1.Clock;
        var (h2, min2, s2) = t2.Clock;
        long year = y2 - y1;
        int month = m2 - m1, day = d2 - d1, hour = h2 - h1, minute = min2 - min1, sec = s2 - s1;
        if (sec < 0)
        {
            sec += 60;
            minute--;
        }
        if (minute < 0)
        {
            minute += 60;
            hour--;
        }
        if (hour < 0)
        {
            hour += 24;
            day--;
        }
        if (day < 0)
        {
            day += GoCivilTime.DaysInMonth(m1, y1);
            month--;
        }
        if (month < 0)
        {
            month += 12;
            year--;
        }
        return RegoArray.From(RegoNumber.From(year), RegoNumber.From(month), RegoNumber.From(day),
            RegoNumber.From(hour), RegoNumber.From(minute), RegoNumber.From(sec));
    }

    [RegoBuiltin("test.sleep", Nondeterministic = true)]
    public static RegoValue Sleep(BuiltinContext context, RegoValue duration)
    {
        var text = Operands.String(duration, 1);
        if (!GoDuration.TryParse(text, out var nanos, out var error))
        {
            throw new BuiltinException(error);
        }
        if (nanos > 0)
        {
            // Sleeps in slices so that cancellation and the deadline still stop a long sleep.
            var remaining = TimeSpan.FromTicks(nanos / 100);
            while (remaining > TimeSpan.Zero)
            {
                context.CheckDeadlineNow();
                var slice = remaining < TimeSpan.FromMilliseconds(50) ? remaining : TimeSpan.FromMilliseconds(50);
                context.CancellationToken.WaitHandle.WaitOne(slice);
                remaining -= slice;
            }
        }
        return RegoNull.Instance;
    }

    private static int Compare(GoCivilTime a, GoCivilTime b) =>
        a.UnixSeconds != b.UnixSeconds ? a.UnixSeconds.CompareTo(b.UnixSeconds) : a.Nanosecond.CompareTo(b.Nanosecond);

    private static RegoNumber SafeNanos(GoCivilTime time) =>
        time.TryUnixNanos() is { } nanos ? RegoNumber.From(nanos) : throw new BuiltinException("time outside of valid range");

    private static GoZone ZoneOf(RegoValue instant)
    {
        if (instant is RegoArray { Count: > 1 } array && array[1] is RegoString zoneName
            && GoZone.TryLoad(zoneName.Value, out var zone, out _))
        {
            return zone;
        }
        return GoZone.Utc;
    }

    // OPA's tzTime: a number of nanoseconds, or [ns], [ns, zone] or [ns, zone, layout].
    private static (GoCivilTime Time, string Layout) ReadInstant(RegoValue instant)
    {
        RegoValue nanosValue;
        var zone = GoZone.Utc;
        var layout = "";
        switch (instant)
        {
            case RegoArray { Count: 0 }:
                throw Operands.TypeError(1, instant, InstantOperand);
            case RegoArray array:
                nanosValue = Operands.Number(array[0], 1);
                if (array.Count > 1)
                {
                    var zoneName = Operands.String(array[1], 1);
                    if (!GoZone.TryLoad(zoneName, out zone, out var error))
                    {
                        throw new BuiltinException(error);
                    }
                }
                if (array.Count > 2)
                {
                    layout = Operands.String(array[2], 1);
                }
                break;
            case RegoNumber:
                nanosValue = instant;
                break;
            default:
                throw Operands.TypeError(1, instant, InstantOperand);
        }
        if (!((RegoNumber)nanosValue).TryGetInt64(out var nanos))
        {
            throw new BuiltinException("timestamp too big");
        }
        return (GoCivilTime.FromUnixNanos(nanos, zone), layout);
    }
}
