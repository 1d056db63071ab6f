using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Writes a value as YAML the way OPA's yaml.marshal does (sigs.k8s.io/yaml over go-yaml): block style,
/// keys sorted, two-space indentation, sequences under a key not indented, strings quoted only when they
/// would otherwise read back as another type.
/// </summary>
internal static class YamlWriter
{
    public static string Write(RegoValue value)
    {
        var sb = new StringBuilder();
        WriteNode(sb, RegoJson.RoundTrip(value), 0, inSequence: false);
        if (sb.Length == 0 || sb[^1] != '\n') sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, RegoValue v, int indent, bool inSequence)
    {
        switch (v)
        {
            case RegoObject { Count: > 0 } o:
                var keys = Enumerable.Range(0, o.Count).OrderBy(i => ((RegoString)o.Keys[i]).Value, StringComparer.Ordinal);
                bool first = true;
                foreach (int i in keys)
                {
                    // The first key of a mapping inside a sequence sits on the "- " line.
                    if (!(first && inSequence)) sb.Append(' ', indent);
                    first = false;
                    sb.Append(Scalar(((RegoString)o.Keys[i]).Value)).Append(':');
                    WriteChild(sb, o.Values[i], indent, childIndent: indent + 2, sequenceIndent: indent);
                }
                break;
            case RegoArray { Count: > 0 } a:
                bool firstItem = true;
                foreach (RegoValue item in a.Items)
                {
                    if (!(firstItem && inSequence)) sb.Append(' ', indent);
                    firstItem = false;
                    sb.Append("- ");
                    if (IsNonEmptyCollection(item))
                    {
                        WriteNode(sb, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        sb.Append(Inline(item)).Append('\n');
                    }
                }
                break;
            default:
                sb.Append(Inline(v)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, RegoValue v, int indent, int childIndent, int sequenceIndent)
    {
        switch (v)
        {
            case RegoObject { Count: > 0 }:
                sb.Append('\n');
                WriteNode(sb, v, childIndent, inSequence: false);
                break;
            case RegoArray { Count: > 0 }:
                sb.Append('\n');
                WriteNode(sb, v, sequenceIndent, inSequence: false);
                break;
            default:
                sb.Append(' ').Append(Inline(v)).Append('\n');
                break;
        }
        _ = indent;
    }

    private static bool IsNonEmptyCollection(RegoValue v) => v is RegoObject { Count: > 0 } or RegoArray { Count: > 0 };

    private static string Inline(RegoValue v) => v switch
    {
        RegoNull => "null",
        RegoBoolean b => b.Value ? "true" : "false",
        RegoNumber n => n.ToJsonText(),
        RegoString s => Scalar(s.Value),
        RegoObject => "{}",
        RegoArray => "[]",
        _ => Scalar(v.ToString()),
    };

    /// <summary>A string as a plain scalar when it reads back as the same string, else double-quoted.</summary>
    internal static string Scalar(string s)
    {
        if (IsPlainSafe(s)) return s;
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < ' ') sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static bool IsPlainSafe(string s)
    {
        if (s.Length == 0 || s != s.Trim()) return false;
        if (YamlReader.ResolvePlain(s) is not RegoString) return false;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)) return false;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return false;
        foreach (char c in s)
        {
            if (c < ' ' || c == 0x7F) return false;
        }
        return true;
    }
}
