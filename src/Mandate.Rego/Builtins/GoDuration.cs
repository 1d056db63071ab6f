namespace Mandate.Rego.Builtins;

/// <summary>
/// Go's <c>time.ParseDuration</c> ("1h30m", "1.5s", "-300ms") with the units OPA adds on top: d (24h),
/// w (7d) and y (365d). Errors carry Go's texts; when an OPA-only unit is present every failure reads
/// <c>time: invalid duration "…"</c>, as OPA rewrites them.
/// </summary>
internal static class GoDuration
{
    private const ulong HalfRange = 1UL << 63;
    private const ulong Hour = 3_600_000_000_000UL;

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["\u00b5s"] = 1_000, // micro sign
        ["\u03bcs"] = 1_000, // Greek mu
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = Hour,
        ["d"] = 24 * Hour,
        ["w"] = 7 * 24 * Hour,
        ["y"] = 365 * 24 * Hour,
    };

    public static bool TryParse(string text, out long nanoseconds, out string error)
    {
        var extended = text.AsSpan().IndexOfAny("dwy") >= 0;
        if (TryParseGo(text, out nanoseconds, out error))
        {
            return true;
        }
        if (extended)
        {
            error = "time: invalid duration " + GoTimeParser.Quote(text);
        }
        return false;
    }

    private static bool TryParseGo(string original, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = "";
        var invalid = "time: invalid duration " + GoTimeParser.Quote(original);
        var s = original.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            error = invalid;
            return false;
        }
        ulong total = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                error = invalid;
                return false;
            }
            var start = s.Length;
            if (!LeadingInt(ref s, out var whole))
            {
                error = invalid;
                return false;
            }
            var hasWhole = start != s.Length;
            ulong fraction = 0;
            double scale = 1;
            var hasFraction = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                var before = s.Length;
                LeadingFraction(ref s, out fraction, out scale);
                hasFraction = before != s.Length;
            }
            if (!hasWhole && !hasFraction)
            {
                error = invalid;
                return false;
            }
            var unitLength = 0;
            while (unitLength < s.Length && !(s[unitLength] == '.' || char.IsAsciiDigit(s[unitLength])))
            {
                unitLength++;
            }
            if (unitLength == 0)
            {
                error = "time: missing unit in duration " + GoTimeParser.Quote(original);
                return false;
            }
            var unitText = s[..unitLength].ToString();
            s = s[unitLength..];
            if (!Units.TryGetValue(unitText, out var unit))
            {
                error = "time: unknown unit " + GoTimeParser.Quote(unitText) + " in duration " + GoTimeParser.Quote(original);
                return false;
            }
            if (whole > HalfRange / unit)
            {
                error = invalid;
                return false;
            }
            whole *= unit;
            if (fraction > 0)
            {
                whole += (ulong)(fraction * (unit / scale));
                if (whole > HalfRange)
                {
                    error = invalid;
                    return false;
                }
            }
            total += whole;
            if (total > HalfRange)
            {
                error = invalid;
                return false;
            }
        }
        if (negative)
        {
            nanoseconds = total == HalfRange ? long.MinValue : -(long)total;
            return true;
        }
        if (total > long.MaxValue)
        {
            error = invalid;
            return false;
        }
        nanoseconds = (long)total;
        return true;
    }

    private static bool LeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > HalfRange / 10)
            {
                return false;
            }
            value = value * 10 + (ulong)(s[i] - '0');
            if (value > HalfRange)
            {
                return false;
            }
        }
        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }
            if (value > (HalfRange - 1) / 10)
            {
                overflow = true; // further digits cannot change the result
                continue;
            }
            value = value * 10 + (ulong)(s[i] - '0');
            scale *= 10;
        }
        s = s[i..];
    }
}
