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
            case RegoNull:
                sb.Append("null");
                break;
            case RegoBoolean b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case RegoNumber n:
                sb.Append(n.ToJsonText());
                break;
            case RegoString s:
                AppendQuoted(sb, s.Value);
                break;
            case RegoArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, a[i]);
                }

                sb.Append(']');
                break;
            case RegoSet set when set.Count == 0:
                sb.Append("set()");
                break;
            case RegoSet set:
                sb.Append('{');
                var first = true;
                foreach (var item in set.Items)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    Append(sb, item);
                }

                sb.Append('}');
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
        }
    }

    /// <summary>Quotes like Go's strconv.Quote: printable characters stay, the rest are escaped.</summary>
    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < ' ' or '\x7f':
                    sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}
