using System.Globalization;
using System.Text;

namespace Mandate.Rego.Values;

/// <summary>Formats values as Rego term text, the way OPA prints terms (used by print, sprintf %v, errors).</summary>
public static class RegoText
{
    public static string Format(RegoValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, RegoValue value)
    {
        switch (value)
        {
            case RegoString s:
                AppendQuoted(sb, s.Value);
                break;
            case RegoArray a:
                AppendJoined(sb, '[', a.Items, ", ", ']', 0, static (b, item, _) => Append(b, item));
                break;
            case RegoSet set when set.Count == 0:
                sb.Append("set()");
                break;
            case RegoSet set:
                AppendJoined(sb, '{', set.Items, ", ", '}', 0, static (b, item, _) => Append(b, item));
                break;
            case RegoObject o:
                sb.Append('{');
                for (var i = 0; i < o.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, o.Keys[i]);
                    sb.Append(": ");
                    Append(sb, o.Values[i]);
                }

                sb.Append('}');
                break;
            default:
                AppendScalar(sb, value);
                break;
        }
    }

    /// <summary>null, booleans and numbers, which read the same as Rego text and as JSON.</summary>
    internal static void AppendScalar(StringBuilder sb, RegoValue value)
    {
        switch (value)
        {
            case RegoNull:
                sb.Append("null");
                break;
            case RegoBoolean b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case RegoNumber n:
                sb.Append(n.ToJsonText());
                break;
        }
    }

    /// <summary>Elements between brackets with a separator (arrays and sets, in Rego text and JSON).</summary>
    internal static void AppendJoined<TState>(StringBuilder sb, char open, ReadOnlySpan<RegoValue> items, string separator, char close, TState state, Action<StringBuilder, RegoValue, TState> appendItem)
    {
        sb.Append(open);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            appendItem(sb, items[i], state);
        }

        sb.Append(close);
    }

    /// <summary>Quotes like Go's strconv.Quote: printable characters stay, the rest are escaped.</summary>
    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            if (TryAppendCommonEscape(sb, c))
            {
                continue;
            }

            if (c is < ' ' or '\x7f')
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('"');
    }

    /// <summary>The escapes Go's quoting and JSON share (quote, backslash, newline, return, tab); false for other characters.</summary>
    internal static bool TryAppendCommonEscape(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '"':
                sb.Append("\\\"");
                return true;
            case '\\':
                sb.Append("\\\\");
                return true;
            case '\n':
                sb.Append("\\n");
                return true;
            case '\r':
                sb.Append("\\r");
                return true;
            case '\t':
                sb.Append("\\t");
                return true;
            default:
                return false;
        }
    }
}
