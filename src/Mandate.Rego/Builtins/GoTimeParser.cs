using System.Globalization;
using Mandate.Rego.Builtins.Go;

namespace Mandate.Rego.Builtins;

/// <summary>Thrown for a value that does not match its layout; the message is Go's <c>time.ParseError</c> text.</summary>
internal sealed class GoTimeParseException(string message) : Exception(message);

/// <summary>
/// Go's <c>time.Parse</c>: reads <c>value</c> element by element as the layout dictates, with Go's rules
/// (two-digit years pivot at 69, fractional seconds accepted after seconds, "Z" for UTC in ISO zones,
/// day validated against the month at the end) and Go's error texts, which OPA passes through.
/// </summary>
internal static class GoTimeParser
{
    public static GoCivilTime Parse(string layout, string value)
    {
        var state = new ParseState(layout, value);
        return state.Run();
    }

    /// <summary>Go's <c>strconv.Quote</c>, which Go's time errors use for the texts they show.</summary>
    internal static string Quote(string text) => GoQuote.Quote(text);

    private sealed class ParseState
    {
        private readonly string layout;
        private readonly string original;
        private string _value;
        private long _year;
        private int _month = -1, _day = -1, _yearDay = -1, _hour, _minute, _second, _nanosecond;
        private bool _pmSet, _amSet, _utc;
        private int? _zoneOffset;
        private string? _zoneName;

        public ParseState(string layout, string original)
        {
            this.layout = layout;
            this.original = original;
            _value = original;
        }

        public GoCivilTime Run()
        {
            var position = 0;
            while (true)
            {
                var (element, at, length) = GoTimeLayout.Next(layout, position, out var fracDigits);
                var prefix = layout[position..at];
                if (!Skip(prefix))
                {
                    throw Error(prefix, _value, "");
                }
                if (element == GoLayoutElement.None)
                {
                    if (_value.Length != 0)
                    {
                        throw new GoTimeParseException("parsing time " + Quote(original) + ": extra text: " + Quote(_value));
                    }
                    break;
                }
                position = at + length;
                var elementText = layout.Substring(at, length);
                var hold = _value;
                var nextIsFraction = GoTimeLayout.Next(layout, position, out _) is var (nextElement, nextAt, _)
                    && nextAt == position && nextElement is GoLayoutElement.FracSecond0 or GoLayoutElement.FracSecond9;
                var rangeError = ParseElement(element, fracDigits, nextIsFraction, out var ok);
                if (rangeError is not null)
                {
                    throw Error(elementText, _value, ": " + rangeError + " out of range");
                }
                if (!ok)
                {
                    throw Error(elementText, hold, "");
                }
            }
            return Build();
        }

        private GoCivilTime Build()
        {
            if (_pmSet && _hour < 12)
            {
                _hour += 12;
            }
            else if (_amSet && _hour == 12)
            {
                _hour = 0;
            }
            if (_yearDay >= 0)
            {
                var (_, m, d) = GoCivilTime.CivilFromDays(GoCivilTime.DaysFromCivil(_year, 1, 1) + _yearDay - 1);
                if (_yearDay > (GoCivilTime.IsLeapYear(_year) ? 366 : 365) || (_month >= 0 && _month != m) || (_day >= 0 && _day != d))
                {
                    throw Error("", _value, ": day-of-year does not match " + (_month >= 0 && _month != m ? "month" : "day"));
                }
                _month = m;
                _day = d;
            }
            else
            {
                _month = _month < 0 ? 1 : _month;
                _day = _day < 0 ? 1 : _day;
            }
            if (_day < 1 || _day > GoCivilTime.DaysInMonth(_month, _year))
            {
                throw Error("", _value, ": day out of range");
            }
            var zone = _utc ? GoZone.Utc
                : _zoneOffset is { } offset ? GoZone.Fixed(offset, null)
                : _zoneName is { } name ? GoZone.Fixed(0, name)
                : GoZone.Utc;
            return GoCivilTime.FromFields(_year, _month, _day, _hour, _minute, _second, _nanosecond, zone);
        }

        private GoTimeParseException Error(string element, string rest, string message) =>
            new(message.Length == 0
                ? "parsing time " + Quote(original) + " as " + Quote(layout) + ": cannot parse " + Quote(rest) + " as " + Quote(element)
                : "parsing time " + Quote(original) + message);

        // Go's skip: literal layout text must match exactly, except that a space matches any run of spaces.
        private bool Skip(string prefix)
        {
            var p = 0;
            var v = 0;
            while (p < prefix.Length)
            {
                if (prefix[p] == ' ')
                {
                    if (v < _value.Length && _value[v] != ' ')
                    {
                        _value = _value[v..];
                        return false;
                    }
                    while (p < prefix.Length && prefix[p] == ' ') p++;
                    while (v < _value.Length && _value[v] == ' ') v++;
                    continue;
                }
                if (v >= _value.Length || _value[v] != prefix[p])
                {
                    _value = _value[v..];
                    return false;
                }
                p++;
                v++;
            }
            _value = _value[v..];
            return true;
        }

        // Parses one element from _value. Returns a range error name ("month", "hour" …) or null; ok=false is a syntax error.
        private string? ParseElement(GoLayoutElement element, int fracDigits, bool nextIsFraction, out bool ok)
        {
            ok = true;
            switch (element)
            {
                case GoLayoutElement.Year:
                    if (!TakeDigits(2, 2, out var shortYear)) return Fail(out ok);
                    _year = shortYear >= 69 ? shortYear + 1900 : shortYear + 2000;
                    return null;
                case GoLayoutElement.LongYear:
                    if (_value.Length < 4 || !char.IsAsciiDigit(_value[0]) || !TakeDigits(4, 4, out var year)) return Fail(out ok);
                    _year = year;
                    return null;
                case GoLayoutElement.Month:
                case GoLayoutElement.LongMonth:
                    var monthIndex = Lookup(element == GoLayoutElement.Month ? GoTimeLayout.ShortMonthNames : GoTimeLayout.LongMonthNames);
                    if (monthIndex < 0) return Fail(out ok);
                    _month = monthIndex + 1;
                    return null;
                case GoLayoutElement.NumMonth:
                case GoLayoutElement.ZeroMonth:
                    if (!GetNum(element == GoLayoutElement.ZeroMonth, out _month)) return Fail(out ok);
                    return _month is <= 0 or > 12 ? "month" : null;
                case GoLayoutElement.WeekDay:
                case GoLayoutElement.LongWeekDay:
                    return Lookup(element == GoLayoutElement.WeekDay ? GoTimeLayout.ShortDayNames : GoTimeLayout.LongDayNames) < 0 ? Fail(out ok) : null;
                case GoLayoutElement.Day:
                case GoLayoutElement.UnderDay:
                case GoLayoutElement.ZeroDay:
                    if (element == GoLayoutElement.UnderDay && _value.Length > 0 && _value[0] == ' ')
                    {
                        _value = _value[1..];
                    }
                    if (!GetNum(element == GoLayoutElement.ZeroDay, out _day)) return Fail(out ok);
                    return null;
                case GoLayoutElement.UnderYearDay:
                case GoLayoutElement.ZeroYearDay:
                    for (var i = 0; i < 2 && element == GoLayoutElement.UnderYearDay && _value.Length > 0 && _value[0] == ' '; i++)
                    {
                        _value = _value[1..];
                    }
                    if (!TakeDigits(element == GoLayoutElement.ZeroYearDay ? 3 : 1, 3, out var yearDay)) return Fail(out ok);
                    _yearDay = (int)yearDay;
                    return _yearDay is < 1 or > 366 ? "day-of-year" : null;
                case GoLayoutElement.Hour:
                    if (!GetNum(false, out _hour)) return Fail(out ok);
                    return _hour is < 0 or >= 24 ? "hour" : null;
                case GoLayoutElement.Hour12:
                case GoLayoutElement.ZeroHour12:
                    if (!GetNum(element == GoLayoutElement.ZeroHour12, out _hour)) return Fail(out ok);
                    return _hour is < 0 or > 12 ? "hour" : null;
                case GoLayoutElement.Minute:
                case GoLayoutElement.ZeroMinute:
                    if (!GetNum(element == GoLayoutElement.ZeroMinute, out _minute)) return Fail(out ok);
                    return _minute is < 0 or >= 60 ? "minute" : null;
                case GoLayoutElement.Second:
                case GoLayoutElement.ZeroSecond:
                    if (!GetNum(element == GoLayoutElement.ZeroSecond, out _second)) return Fail(out ok);
                    if (_second is < 0 or >= 60) return "second";
                    // A fraction after the seconds is accepted even when the layout has none (Go does the same).
                    if (!nextIsFraction && _value.Length >= 2 && _value[0] is '.' or ',' && char.IsAsciiDigit(_value[1]))
                    {
                        var digits = 1;
                        while (digits < _value.Length && char.IsAsciiDigit(_value[digits])) digits++;
                        _nanosecond = ParseNanoseconds(_value[..digits]);
                        _value = _value[digits..];
                    }
                    return null;
                case GoLayoutElement.PM:
                case GoLayoutElement.LowerPM:
                    if (_value.Length < 2) return Fail(out ok);
                    var marker = _value[..2];
                    var upper = element == GoLayoutElement.PM;
                    if (marker == (upper ? "PM" : "pm")) _pmSet = true;
                    else if (marker == (upper ? "AM" : "am")) _amSet = true;
                    else return Fail(out ok);
                    _value = _value[2..];
                    return null;
                case GoLayoutElement.TZ:
                    return ParseZoneName() ? null : Fail(out ok);
                case GoLayoutElement.FracSecond0:
                    var width = 1 + fracDigits;
                    if (_value.Length < width || _value[0] is not ('.' or ',')) return Fail(out ok);
                    for (var i = 1; i < width; i++)
                    {
                        if (!char.IsAsciiDigit(_value[i])) return Fail(out ok);
                    }
                    _nanosecond = ParseNanoseconds(_value[..width]);
                    _value = _value[width..];
                    return null;
                case GoLayoutElement.FracSecond9:
                    if (_value.Length < 2 || _value[0] is not ('.' or ',') || !char.IsAsciiDigit(_value[1]))
                    {
                        return null; // the optional fraction is absent
                    }
                    var end = 1;
                    while (end < _value.Length && char.IsAsciiDigit(_value[end])) end++;
                    _nanosecond = ParseNanoseconds(_value[..end]);
                    _value = _value[end..];
                    return null;
                default:
                    return ParseNumericZone(element) ? null : Fail(out ok);
            }
        }

        private static string? Fail(out bool ok)
        {
            ok = false;
            return null;
        }

        private static int ParseNanoseconds(string fraction)
        {
            // fraction is the separator and its digits; digits past nanoseconds are dropped, as Go does.
            var digits = fraction[1..];
            if (digits.Length > 9) digits = digits[..9];
            return int.Parse(digits.PadRight(9, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        private int Lookup(string[] names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (_value.Length >= names[i].Length && string.Compare(_value, 0, names[i], 0, names[i].Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    _value = _value[names[i].Length..];
                    return i;
                }
            }
            return -1;
        }

        // Go's getnum: one or two digits, exactly two when fixed.
        private bool GetNum(bool fixedWidth, out int number)
        {
            number = 0;
            if (_value.Length == 0 || !char.IsAsciiDigit(_value[0])) return false;
            if (_value.Length < 2 || !char.IsAsciiDigit(_value[1]))
            {
                if (fixedWidth) return false;
                number = _value[0] - '0';
                _value = _value[1..];
                return true;
            }
            number = (_value[0] - '0') * 10 + (_value[1] - '0');
            _value = _value[2..];
            return true;
        }

        private bool TakeDigits(int min, int max, out long number)
        {
            number = 0;
            var count = 0;
            while (count < max && count < _value.Length && char.IsAsciiDigit(_value[count]))
            {
                number = number * 10 + (_value[count] - '0');
                count++;
            }
            if (count < min) return false;
            _value = _value[count..];
            return true;
        }

        private bool ParseNumericZone(GoLayoutElement element)
        {
            var iso = element is GoLayoutElement.ISO8601TZ or GoLayoutElement.ISO8601SecondsTZ or GoLayoutElement.ISO8601ShortTZ
                or GoLayoutElement.ISO8601ColonTZ or GoLayoutElement.ISO8601ColonSecondsTZ;
            if (iso && _value.Length >= 1 && _value[0] == 'Z')
            {
                _value = _value[1..];
                _utc = true;
                return true;
            }
            var colon = element is GoLayoutElement.ISO8601ColonTZ or GoLayoutElement.ISO8601ColonSecondsTZ
                or GoLayoutElement.NumColonTZ or GoLayoutElement.NumColonSecondsTZ;
            var withSeconds = element is GoLayoutElement.ISO8601SecondsTZ or GoLayoutElement.ISO8601ColonSecondsTZ
                or GoLayoutElement.NumSecondsTz or GoLayoutElement.NumColonSecondsTZ;
            var hoursOnly = element is GoLayoutElement.ISO8601ShortTZ or GoLayoutElement.NumShortTZ;
            var shape = "+hh" + (hoursOnly ? "" : colon ? ":mm" : "mm") + (withSeconds ? colon ? ":ss" : "ss" : "");
            if (_value.Length < shape.Length) return false;
            int hours = 0, minutes = 0, seconds = 0, field = 0;
            for (var i = 0; i < shape.Length; i++)
            {
                var expected = shape[i];
                var actual = _value[i];
                if (expected == '+')
                {
                    if (actual is not ('+' or '-')) return false;
                }
                else if (expected == ':')
                {
                    if (actual != ':') return false;
                }
                else
                {
                    if (!char.IsAsciiDigit(actual)) return false;
                    field = field * 10 + (actual - '0');
                    if (i + 1 == shape.Length || shape[i + 1] is ':' || shape[i + 1] != expected)
                    {
                        if (expected == 'h') hours = field;
                        else if (expected == 'm') minutes = field;
                        else seconds = field;
                        field = 0;
                    }
                }
            }
            if (hours > 24 || minutes > 60 || seconds > 60) return false;
            var offset = (hours * 60 + minutes) * 60 + seconds;
            _zoneOffset = _value[0] == '-' ? -offset : offset;
            _value = _value[shape.Length..];
            return true;
        }

        // Go's parseTimeZone, reduced to what changes the result: "UTC" is UTC, three to five capital letters
        // name a zone whose offset is unknown (Go then uses offset 0 unless the local zone knows the name).
        private bool ParseZoneName()
        {
            if (_value.StartsWith("UTC", StringComparison.Ordinal))
            {
                _value = _value[3..];
                _utc = true;
                return true;
            }
            var length = 0;
            while (length < _value.Length && length < 5 && char.IsAsciiLetterUpper(_value[length])) length++;
            if (length < 3) return false;
            _zoneName = _value[..length];
            _value = _value[length..];
            return true;
        }
    }
}
