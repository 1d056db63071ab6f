using System.Text;
using System.Text.Json;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>json.marshal, json.marshal_with_options, json.unmarshal, json.is_valid.</summary>
internal static class EncodingJson
{
    /// <summary>Go's encoding/json escapes &lt; &gt; &amp;, and so does OPA's json.marshal.</summary>
    [RegoBuiltin("json.marshal")]
    public static RegoValue Marshal(BuiltinContext ctx, RegoValue x)
    {
        string json = RegoJson.Serialize(x, escapeHtml: true);
        ctx.ChargeOutput(json.Length);
        return RegoString.From(json);
    }

    /// <summary>
    /// Options: <c>pretty</c> (default true when prefix or indent is given), <c>prefix</c> (written before
    /// every line) and <c>indent</c> (default a tab).
    /// </summary>
    [RegoBuiltin("json.marshal_with_options")]
    public static RegoValue MarshalWithOptions(BuiltinContext ctx, RegoValue x, RegoValue options)
    {
        RegoObject opts = Operands.Object(options, 2);
        bool? pretty = null;
        string prefix = string.Empty;
        string indent = "\t";
        bool sawLayout = false;
        for (int i = 0; i < opts.Count; i++)
        {
            string key = opts.Keys[i] is RegoString k
                ? k.Value
                : throw Operands.Error(2, "object contained non-string key");
            RegoValue v = opts.Values[i];
            switch (key)
            {
                case "pretty":
                    pretty = v is RegoBoolean b ? b.Value : throw Operands.Error(2, "pretty option must be a boolean");
                    break;
                case "prefix":
                    prefix = v is RegoString p ? p.Value : throw Operands.Error(2, "prefix option must be a string");
                    sawLayout = true;
                    break;
                case "indent":
                    indent = v is RegoString ind ? ind.Value : throw Operands.Error(2, "indent option must be a string");
                    sawLayout = true;
                    break;
                default:
                    throw Operands.Error(2, $"object contained unknown key \"{key}\"");
            }
        }

        string compact = RegoJson.Serialize(x, escapeHtml: true);
        if (!(pretty ?? sawLayout))
        {
            ctx.ChargeOutput(compact.Length);
            return RegoString.From(compact);
        }
        ctx.ChargeOutput(prefix.Length);
        return RegoString.From(prefix + Indent(compact, prefix, indent, ctx.ChargeOutput));
    }

    [RegoBuiltin("json.unmarshal")]
    public static RegoValue Unmarshal(RegoValue s)
    {
        string text = Operands.String(s, 1);
        try
        {
            return RegoJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    [RegoBuiltin("json.is_valid")]
    public static RegoValue IsValid(RegoValue s) =>
        RegoBoolean.From(s is RegoString str && RegoJson.TryParse(str.Value, out _));

    /// <summary>Go's json.Indent over compact JSON: one element per line, "key": value, empty [] and {} kept.</summary>
    /// <param name="charge">Told the size of each line break written (long prefixes and indents add up).</param>
    internal static string Indent(string compact, string prefix, string indent, Action<long>? charge = null)
    {
        charge?.Invoke(compact.Length);
        var sb = new StringBuilder(compact.Length * 2);
        int depth = 0;
        bool inString = false;
        for (int i = 0; i < compact.Length; i++)
        {
            char c = compact[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\')
                {
                    sb.Append(compact[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    sb.Append(c);
                    break;
                case '{':
                case '[':
                    sb.Append(c);
                    if (i + 1 < compact.Length && compact[i + 1] is '}' or ']')
                    {
                        sb.Append(compact[++i]);
                        break;
                    }
                    depth++;
                    NewLine(sb, prefix, indent, depth, charge);
                    break;
                case '}':
                case ']':
                    depth--;
                    NewLine(sb, prefix, indent, depth, charge);
                    sb.Append(c);
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, prefix, indent, depth, charge);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, string prefix, string indent, int depth, Action<long>? charge)
    {
        charge?.Invoke(1 + prefix.Length + (long)indent.Length * depth);
        sb.Append('\n').Append(prefix);
        for (int d = 0; d < depth; d++) sb.Append(indent);
    }
}
