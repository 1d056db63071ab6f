using System.Globalization;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// The shape nearly every policy message has — literal text with bare <c>%s</c>, <c>%v</c>, <c>%d</c> and <c>%q</c>
/// over strings and integers — formatted straight into a per-thread builder, so a decision that builds a message
/// allocates the message and nothing else. Anything else (flags, width, precision, other verbs, floats, composite
/// values, a string %q would escape, a missing or extra argument) answers null and goes to the general formatter,
/// which owns Go's exact output for those cases.
/// </summary>
internal static class SprintfFastPath
{
    // Builders above this size are dropped after use rather than kept alive by the thread.
    private const int MaxRetainedCapacity = 4096;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    public static string? TryFormat(string format, ReadOnlySpan<RegoValue> args, int limit)
    {
        var builder = t_builder ??= new StringBuilder(128);
        builder.Clear();
        string? result = Format(builder, format, args, limit);
        if (builder.Capacity > MaxRetainedCapacity)
        {
            t_builder = null;
        }

        return result;
    }

    private static string? Format(StringBuilder builder, string format, ReadOnlySpan<RegoValue> args, int limit)
    {
        int next = 0;
        int i = 0;
        while (i < format.Length)
        {
            int percent = format.IndexOf('%', i);
            if (percent < 0)
            {
                builder.Append(format, i, format.Length - i);
                break;
            }

            builder.Append(format, i, percent - i);
            if (percent + 1 == format.Length)
            {
                return null;
            }

            char verb = format[percent + 1];
            i = percent + 2;
            if (verb == '%')
            {
                builder.Append('%');
                continue;
            }

            if (next == args.Length || !TryAppend(builder, verb, args[next++]) || builder.Length > limit)
            {
                return null;
            }
        }

        return next == args.Length && builder.Length <= limit ? builder.ToString() : null;
    }

    private static bool TryAppend(StringBuilder builder, char verb, RegoValue value)
    {
        switch (verb, value)
        {
            case ('s' or 'v', RegoString s):
                builder.Append(s.Value);
                return true;
            case ('d' or 'v', RegoNumber n) when n.TryGetInt64(out long l):
                builder.Append(CultureInfo.InvariantCulture, $"{l}");
                return true;
            case ('q', RegoString s) when NeedsNoEscape(s.Value):
                builder.Append('"').Append(s.Value).Append('"');
                return true;
            default:
                return false;
        }
    }

    /// <summary>Go's strconv.Quote leaves printable ASCII other than the quote and the backslash as it is.</summary>
    private static bool NeedsNoEscape(string s)
    {
        foreach (char c in s)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }
}
