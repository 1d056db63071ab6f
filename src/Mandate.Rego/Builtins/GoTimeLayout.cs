using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins;

/// <summary>The elements of a Go time layout (Go's reference time is "Mon Jan 2 15:04:05 MST 2006").</summary>
internal enum GoLayoutElement
{
    None,
    LongMonth, Month, NumMonth, ZeroMonth,
    LongWeekDay, WeekDay,
    Day, UnderDay, ZeroDay, UnderYearDay, ZeroYearDay,
    Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond,
    LongYear, Year, PM, LowerPM, TZ,
    ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ,
    NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ,
    FracSecond0, FracSecond9,
}

/// <summary>
/// Translates Go time layouts. A layout is literal text with reference-time elements in it; this finds the
/// next element exactly as Go's <c>nextStdChunk</c> does (same precedence, e.g. "Jan" before "January" is
/// decided by lookahead), and formats instants with it. Parsing lives in <see cref="GoTimeParser"/>.
/// </summary>
internal static class GoTimeLayout
{
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";
    public const string Rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00";

    /// <summary>The layout names OPA accepts in place of a layout (Go's exported constants).</summary>
    public static readonly IReadOnlyDictionary<string, string> NamedLayouts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
        ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
        ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
        ["RFC822"] = "02 Jan 06 15:04 MST",
        ["RFC822Z"] = "02 Jan 06 15:04 -0700",
        ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
        ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
        ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
        ["RFC3339"] = Rfc3339,
        ["RFC3339Nano"] = Rfc3339Nano,
    };

    internal static readonly string[] LongDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    internal static readonly string[] ShortDayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    internal static readonly string[] LongMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    internal static readonly string[] ShortMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Finds the first element at or after <paramref name="start"/>. Returns the element, where it starts and
    /// its length; element None means the rest is literal. <paramref name="fracDigits"/> is set for fractions.
    /// </summary>
    public static (GoLayoutElement Element, int At, int Length) Next(string layout, int start, out int fracDigits)
    {
        fracDigits = 0;
        for (var i = start; i < layout.Length; i++)
        {
            var rest = layout.AsSpan(i);
            switch (layout[i])
            {
                case 'J':
                    if (rest.StartsWith("Jan"))
                    {
                        return rest.StartsWith("January") ? (GoLayoutElement.LongMonth, i, 7) : (GoLayoutElement.Month, i, 3);
                    }
                    break;
                case 'M':
                    if (rest.StartsWith("Mon"))
                    {
                        return rest.StartsWith("Monday") ? (GoLayoutElement.LongWeekDay, i, 6) : (GoLayoutElement.WeekDay, i, 3);
                    }
                    if (rest.StartsWith("MST"))
                    {
                        return (GoLayoutElement.TZ, i, 3);
                    }
                    break;
                case '0':
                    if (rest.Length >= 2 && rest[1] >= '1' && rest[1] <= '6')
                    {
                        var element = rest[1] switch
                        {
                            '1' => GoLayoutElement.ZeroMonth,
                            '2' => GoLayoutElement.ZeroDay,
                            '3' => GoLayoutElement.ZeroHour12,
                            '4' => GoLayoutElement.ZeroMinute,
                            '5' => GoLayoutElement.ZeroSecond,
                            _ => GoLayoutElement.Year,
                        };
                        return (element, i, 2);
                    }
                    if (rest.StartsWith("002"))
                    {
                        return (GoLayoutElement.ZeroYearDay, i, 3);
                    }
                    break;
                case '1':
                    return rest.StartsWith("15") ? (GoLayoutElement.Hour, i, 2) : (GoLayoutElement.NumMonth, i, 1);
                case '2':
                    return rest.StartsWith("2006") ? (GoLayoutElement.LongYear, i, 4) : (GoLayoutElement.Day, i, 1);
                case '_':
                    if (rest.StartsWith("_2"))
                    {
                        // "_2006" is a literal underscore followed by the year, not a padded day.
                        return rest.StartsWith("_2006") ? (GoLayoutElement.LongYear, i + 1, 4) : (GoLayoutElement.UnderDay, i, 2);
                    }
                    if (rest.StartsWith("__2"))
                    {
                        return (GoLayoutElement.UnderYearDay, i, 3);
                    }
                    break;
                case '3':
                    return (GoLayoutElement.Hour12, i, 1);
                case '4':
                    return (GoLayoutElement.Minute, i, 1);
                case '5':
                    return (GoLayoutElement.Second, i, 1);
                case 'P':
                    if (rest.StartsWith("PM"))
                    {
                        return (GoLayoutElement.PM, i, 2);
                    }
                    break;
                case 'p':
                    if (rest.StartsWith("pm"))
                    {
                        return (GoLayoutElement.LowerPM, i, 2);
                    }
                    break;
                case '-':
                    if (rest.StartsWith("-070000")) return (GoLayoutElement.NumSecondsTz, i, 7);
                    if (rest.StartsWith("-07:00:00")) return (GoLayoutElement.NumColonSecondsTZ, i, 9);
                    if (rest.StartsWith("-0700")) return (GoLayoutElement.NumTZ, i, 5);
                    if (rest.StartsWith("-07:00")) return (GoLayoutElement.NumColonTZ, i, 6);
                    if (rest.StartsWith("-07")) return (GoLayoutElement.NumShortTZ, i, 3);
                    break;
                case 'Z':
                    if (rest.StartsWith("Z070000")) return (GoLayoutElement.ISO8601SecondsTZ, i, 7);
                    if (rest.StartsWith("Z07:00:00")) return (GoLayoutElement.ISO8601ColonSecondsTZ, i, 9);
                    if (rest.StartsWith("Z0700")) return (GoLayoutElement.ISO8601TZ, i, 5);
                    if (rest.StartsWith("Z07:00")) return (GoLayoutElement.ISO8601ColonTZ, i, 6);
                    if (rest.StartsWith("Z07")) return (GoLayoutElement.ISO8601ShortTZ, i, 3);
                    break;
                case '.' or ',':
                    // ".000" or ".999" followed by a non-digit: a fraction of a second with that many digits.
                    if (rest.Length >= 2 && rest[1] is '0' or '9')
                    {
                        var digit = rest[1];
                        var j = 1;
                        while (j < rest.Length && rest[j] == digit)
                        {
                            j++;
                        }
                        if (j >= rest.Length || !char.IsAsciiDigit(rest[j]))
                        {
                            fracDigits = j - 1;
                            return (digit == '0' ? GoLayoutElement.FracSecond0 : GoLayoutElement.FracSecond9, i, j);
                        }
                    }
                    break;
            }
        }
        return (GoLayoutElement.None, layout.Length, 0);
    }

    /// <summary>Go's <c>Time.Format</c>.</summary>
    public static string Format(GoCivilTime time, string layout)
    {
        var builder = new StringBuilder(layout.Length + 10);
        var (year, month, day) = time.Date;
        var (hour, minute, second) = time.Clock;
        var position = 0;
        while (position < layout.Length)
        {
            var (element, at, length) = Next(layout, position, out var digits);
            builder.Append(layout, position, at - position);
            if (element == GoLayoutElement.None)
            {
                break;
            }
            position = at + length;
            switch (element)
            {
                case GoLayoutElement.Year: AppendInt(builder, FloorModPositive(year, 100), 2); break;
                case GoLayoutElement.LongYear: AppendInt(builder, year, 4); break;
                case GoLayoutElement.Month: builder.Append(ShortMonthNames[month - 1]); break;
                case GoLayoutElement.LongMonth: builder.Append(LongMonthNames[month - 1]); break;
                case GoLayoutElement.NumMonth: AppendInt(builder, month, 0); break;
                case GoLayoutElement.ZeroMonth: AppendInt(builder, month, 2); break;
                case GoLayoutElement.WeekDay: builder.Append(ShortDayNames[time.Weekday]); break;
                case GoLayoutElement.LongWeekDay: builder.Append(LongDayNames[time.Weekday]); break;
                case GoLayoutElement.Day: AppendInt(builder, day, 0); break;
                case GoLayoutElement.UnderDay:
                    if (day < 10)
                    {
                        builder.Append(' ');
                    }
                    AppendInt(builder, day, 0);
                    break;
                case GoLayoutElement.ZeroDay: AppendInt(builder, day, 2); break;
                case GoLayoutElement.UnderYearDay:
                    builder.Append(time.YearDay < 100 ? (time.YearDay < 10 ? "  " : " ") : "");
                    AppendInt(builder, time.YearDay, 0);
                    break;
                case GoLayoutElement.ZeroYearDay: AppendInt(builder, time.YearDay, 3); break;
                case GoLayoutElement.Hour: AppendInt(builder, hour, 2); break;
                case GoLayoutElement.Hour12: AppendInt(builder, hour % 12 == 0 ? 12 : hour % 12, 0); break;
                case GoLayoutElement.ZeroHour12: AppendInt(builder, hour % 12 == 0 ? 12 : hour % 12, 2); break;
                case GoLayoutElement.Minute: AppendInt(builder, minute, 0); break;
                case GoLayoutElement.ZeroMinute: AppendInt(builder, minute, 2); break;
                case GoLayoutElement.Second: AppendInt(builder, second, 0); break;
                case GoLayoutElement.ZeroSecond: AppendInt(builder, second, 2); break;
                case GoLayoutElement.PM: builder.Append(hour >= 12 ? "PM" : "AM"); break;
                case GoLayoutElement.LowerPM: builder.Append(hour >= 12 ? "pm" : "am"); break;
                case GoLayoutElement.TZ:
                    if (!string.IsNullOrEmpty(time.ZoneName))
                    {
                        builder.Append(time.ZoneName);
                    }
                    else
                    {
                        // No zone name known: Go prints the offset as -0700.
                        AppendOffset(builder, time.OffsetSeconds, colon: false, seconds: false, hoursOnly: false);
                    }
                    break;
                case GoLayoutElement.FracSecond0:
                case GoLayoutElement.FracSecond9:
                    AppendFraction(builder, layout[at], time.Nanosecond, digits, element == GoLayoutElement.FracSecond9);
                    break;
                default:
                    AppendZone(builder, element, time.OffsetSeconds);
                    break;
            }
        }
        return builder.ToString();
    }

    private static void AppendZone(StringBuilder builder, GoLayoutElement element, int offset)
    {
        var iso = element is GoLayoutElement.ISO8601TZ or GoLayoutElement.ISO8601SecondsTZ or GoLayoutElement.ISO8601ShortTZ
            or GoLayoutElement.ISO8601ColonTZ or GoLayoutElement.ISO8601ColonSecondsTZ;
        if (iso && offset == 0)
        {
            builder.Append('Z');
            return;
        }
        var colon = element is GoLayoutElement.ISO8601ColonTZ or GoLayoutElement.ISO8601ColonSecondsTZ
            or GoLayoutElement.NumColonTZ or GoLayoutElement.NumColonSecondsTZ;
        var seconds = element is GoLayoutElement.ISO8601SecondsTZ or GoLayoutElement.ISO8601ColonSecondsTZ
            or GoLayoutElement.NumSecondsTz or GoLayoutElement.NumColonSecondsTZ;
        var hoursOnly = element is GoLayoutElement.ISO8601ShortTZ or GoLayoutElement.NumShortTZ;
        AppendOffset(builder, offset, colon, seconds, hoursOnly);
    }

    private static void AppendOffset(StringBuilder builder, int offset, bool colon, bool seconds, bool hoursOnly)
    {
        var minutes = offset / 60;
        var absoluteOffset = offset;
        if (minutes < 0 || offset < 0)
        {
            builder.Append('-');
            minutes = -minutes;
            absoluteOffset = -offset;
        }
        else
        {
            builder.Append('+');
        }
        AppendInt(builder, minutes / 60, 2);
        if (!hoursOnly)
        {
            if (colon)
            {
                builder.Append(':');
            }
            AppendInt(builder, minutes % 60, 2);
        }
        if (seconds)
        {
            if (colon)
            {
                builder.Append(':');
            }
            AppendInt(builder, absoluteOffset % 60, 2);
        }
    }

    private static void AppendFraction(StringBuilder builder, char separator, int nanosecond, int digits, bool trimZeros)
    {
        var text = nanosecond.ToString("D9", CultureInfo.InvariantCulture);
        if (digits > 9)
        {
            digits = 9;
        }
        var part = text[..digits];
        if (trimZeros)
        {
            part = part.TrimEnd('0');
            if (part.Length == 0)
            {
                return;
            }
        }
        builder.Append(separator).Append(part);
    }

    private static void AppendInt(StringBuilder builder, long value, int width)
    {
        if (value < 0)
        {
            builder.Append('-');
            value = -value;
        }
        var text = value.ToString(CultureInfo.InvariantCulture);
        for (var i = text.Length; i < width; i++)
        {
            builder.Append('0');
        }
        builder.Append(text);
    }

    private static long FloorModPositive(long value, long modulus) => GoCivilTime.FloorMod(value, modulus);
}
