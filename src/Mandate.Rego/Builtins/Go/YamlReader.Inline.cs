using System.Globalization;
using System.Numerics;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

// Inline values: flow collections, quoted scalars and plain scalars resolved by YAML 1.1.
internal sealed partial class YamlReader
{
    private static RegoValue ParseInline(string text, int lineNo)
    {
        int i = 0;
        RegoValue v = ParseFlow(text, ref i, lineNo, inFlow: false);
        SkipSpaces(text, ref i);
        if (i < text.Length) throw Error(lineNo, $"did not find expected end of value near {GoQuote.Quote(text[i..])}");
        return v;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] == ' ') i++;
    }

    private static RegoValue ParseFlow(string s, ref int i, int lineNo, bool inFlow)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length) return RegoNull.Instance;
        switch (s[i])
        {
            case '[':
                i++;
                var items = new List<RegoValue>();
                while (true)
                {
                    SkipSpaces(s, ref i);
                    if (i >= s.Length) throw Error(lineNo, "did not find expected ',' or ']'");
                    if (s[i] == ']')
                    {
                        i++;
                        return RegoArray.From(items);
                    }
                    items.Add(ParseFlow(s, ref i, lineNo, inFlow: true));
                    SkipSpaces(s, ref i);
                    if (i < s.Length && s[i] == ',') i++;
                }
            case '{':
                i++;
                var entries = new RegoObject.Builder();
                while (true)
                {
                    SkipSpaces(s, ref i);
                    if (i >= s.Length) throw Error(lineNo, "did not find expected ',' or '}'");
                    if (s[i] == '}')
                    {
                        i++;
                        return entries.Build();
                    }
                    RegoValue key = ParseFlow(s, ref i, lineNo, inFlow: true);
                    SkipSpaces(s, ref i);
                    RegoValue value = RegoNull.Instance;
                    if (i < s.Length && s[i] == ':')
                    {
                        i++;
                        value = ParseFlow(s, ref i, lineNo, inFlow: true);
                    }
                    string k = key is RegoString ks ? ks.Value : RegoJson.Serialize(key);
                    entries.Set(RegoString.From(k), value);
                    SkipSpaces(s, ref i);
                    if (i < s.Length && s[i] == ',') i++;
                }
            case '"':
                return RegoString.From(DoubleQuoted(s, ref i, lineNo));
            case '\'':
                return RegoString.From(SingleQuoted(s, ref i, lineNo));
            case '&' or '*' or '!':
                throw Error(lineNo, "anchors, aliases and tags are not supported");
            default:
                int start = i;
                while (i < s.Length)
                {
                    char c = s[i];
                    if (inFlow && (c is ',' or ']' or '}' || (c == ':' && (i + 1 == s.Length || s[i + 1] is ' ' or ',' or ']' or '}')))) break;
                    i++;
                }
                return ResolvePlain(s[start..i].Trim());
        }
    }

    private static string DoubleQuoted(string s, ref int i, int lineNo)
    {
        var sb = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            char c = s[i++];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (i >= s.Length) break;
            char e = s[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'x': sb.Append((char)Hex(s, ref i, 2, lineNo)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Hex(s, ref i, 4, lineNo))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(s, ref i, 8, lineNo))); break;
                default: sb.Append(e); break;
            }
        }
        if (i >= s.Length) throw Error(lineNo, "found unexpected end of stream while scanning a quoted scalar");
        i++;
        return sb.ToString();
    }

    private static int Hex(string s, ref int i, int digits, int lineNo)
    {
        if (i + digits > s.Length || !int.TryParse(s.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
        {
            throw Error(lineNo, "did not find expected hexdecimal number");
        }
        i += digits;
        return v;
    }

    private static string SingleQuoted(string s, ref int i, int lineNo)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= s.Length) throw Error(lineNo, "found unexpected end of stream while scanning a quoted scalar");
            if (s[i] == '\'')
            {
                if (i + 1 < s.Length && s[i + 1] == '\'')
                {
                    sb.Append('\'');
                    i += 2;
                    continue;
                }
                i++;
                return sb.ToString();
            }
            sb.Append(s[i++]);
        }
    }

    /// <summary>YAML 1.1 resolution of a plain scalar, as Go's yaml reader applies it.</summary>
    internal static RegoValue ResolvePlain(string s)
    {
        switch (s)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return RegoBoolean.True;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return RegoBoolean.False;
        }
        string digits = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (DecimalInt().IsMatch(s) && RegoNumber.TryParse(digits.TrimStart('+'), out RegoNumber n)) return n;
        string unsigned = digits.TrimStart('+', '-');
        bool negative = digits.StartsWith('-');
        if (unsigned.StartsWith("0x", StringComparison.Ordinal) && unsigned.Length > 2
            && BigInteger.TryParse("0" + unsigned[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out BigInteger hex))
        {
            return RegoNumber.From(negative ? -hex : hex);
        }
        if (unsigned.Length > 1 && unsigned[0] == '0' && unsigned.All(c => c is >= '0' and <= '7'))
        {
            BigInteger oct = unsigned.Aggregate(BigInteger.Zero, (acc, c) => acc * 8 + (c - '0'));
            return RegoNumber.From(negative ? -oct : oct);
        }
        if (Float().IsMatch(s) && s.Any(char.IsAsciiDigit) && RegoNumber.TryParse(NormalizeFloat(digits), out RegoNumber f)) return f;
        return RegoString.From(s);
    }

    private static string NormalizeFloat(string s)
    {
        string t = s.TrimStart('+');
        if (t.StartsWith('.')) t = "0" + t;
        else if (t.StartsWith("-.", StringComparison.Ordinal)) t = "-0" + t[1..];
        int e = t.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? t : t[..e];
        if (mantissa.EndsWith('.')) mantissa += "0";
        return e < 0 ? mantissa : mantissa + t[e..];
    }
}
