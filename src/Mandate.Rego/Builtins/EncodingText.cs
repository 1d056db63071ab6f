using System.Globalization;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// base64, base64url, hex and urlquery builtins. Decoding is as strict as Go's: padding must be right,
/// and error texts name the offending byte offset as Go does.
/// </summary>
internal static class EncodingText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [RegoBuiltin("base64.encode")]
    public static RegoValue Base64Encode(RegoValue s) =>
        RegoString.From(Convert.ToBase64String(Utf8.GetBytes(Operands.String(s, 1))));

    [RegoBuiltin("base64.decode")]
    public static RegoValue Base64Decode(RegoValue s) =>
        RegoString.From(Utf8.GetString(DecodeBase64(Operands.String(s, 1), urlSafe: false, padded: true)));

    [RegoBuiltin("base64.is_valid")]
    public static RegoValue Base64IsValid(RegoValue s)
    {
        string text = Operands.String(s, 1);
        try
        {
            DecodeBase64(text, urlSafe: false, padded: true);
            return RegoBoolean.True;
        }
        catch (BuiltinException)
        {
            return RegoBoolean.False;
        }
    }

    [RegoBuiltin("base64url.encode")]
    public static RegoValue Base64UrlEncode(RegoValue s) =>
        RegoString.From(ToUrlAlphabet(Convert.ToBase64String(Utf8.GetBytes(Operands.String(s, 1)))));

    [RegoBuiltin("base64url.encode_no_pad")]
    public static RegoValue Base64UrlEncodeNoPad(RegoValue s) =>
        RegoString.From(ToUrlAlphabet(Convert.ToBase64String(Utf8.GetBytes(Operands.String(s, 1)))).TrimEnd('='));

    /// <summary>Accepts padded input, and unpadded input when it carries no '=' at all (as OPA).</summary>
    [RegoBuiltin("base64url.decode")]
    public static RegoValue Base64UrlDecode(RegoValue s)
    {
        string text = Operands.String(s, 1);
        bool padded = text.Length % 4 == 0 || text.Contains('=', StringComparison.Ordinal);
        return RegoString.From(Utf8.GetString(DecodeBase64(text, urlSafe: true, padded: padded)));
    }

    [RegoBuiltin("hex.encode")]
    public static RegoValue HexEncode(RegoValue s) =>
        RegoString.From(Convert.ToHexStringLower(Utf8.GetBytes(Operands.String(s, 1))));

    [RegoBuiltin("hex.decode")]
    public static RegoValue HexDecode(RegoValue s)
    {
        string text = Operands.String(s, 1);
        var bytes = new byte[text.Length / 2];
        // Go reports the first invalid byte before complaining about an odd length.
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]))
            {
                int rune = char.ConvertToUtf32(text, i);
                throw new BuiltinException(
                    $"encoding/hex: invalid byte: U+{rune.ToString("X4", CultureInfo.InvariantCulture)} {Go.GoQuote.QuoteRune(rune)}");
            }
        }
        if (text.Length % 2 == 1) throw new BuiltinException("encoding/hex: odd length hex string");
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(text.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        return RegoString.From(Utf8.GetString(bytes));
    }

    [RegoBuiltin("urlquery.encode")]
    public static RegoValue UrlQueryEncode(RegoValue s) => RegoString.From(QueryEscape(Operands.String(s, 1)));

    [RegoBuiltin("urlquery.decode")]
    public static RegoValue UrlQueryDecode(RegoValue s) => RegoString.From(QueryUnescape(Operands.String(s, 1)));

    /// <summary>Go's url.Values.Encode: keys sorted, each value as key=value, joined by '&amp;'.</summary>
    [RegoBuiltin("urlquery.encode_object")]
    public static RegoValue UrlQueryEncodeObject(RegoValue obj)
    {
        RegoObject o = Operands.Object(obj, 1);
        var pairs = new List<(string Key, List<string> Values)>();
        for (int i = 0; i < o.Count; i++)
        {
            string key = o.Keys[i] is RegoString k ? k.Value : throw Operands.TypeError(1, o.Keys[i], "string");
            var values = new List<string>();
            switch (o.Values[i])
            {
                case RegoString v:
                    values.Add(v.Value);
                    break;
                case RegoArray a:
                    foreach (RegoValue item in a.Items) values.Add(ElementString(item));
                    break;
                case RegoSet set:
                    foreach (RegoValue item in set.Items) values.Add(ElementString(item));
                    break;
                default:
                    throw Operands.TypeError(1, o.Values[i], "string", "array", "set");
            }
            pairs.Add((key, values));
        }
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder();
        foreach ((string key, List<string> values) in pairs)
        {
            foreach (string v in values)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(QueryEscape(key)).Append('=').Append(QueryEscape(v));
            }
        }
        return RegoString.From(sb.ToString());
    }

    /// <summary>Go's url.ParseQuery: each key maps to the array of its values, in order.</summary>
    [RegoBuiltin("urlquery.decode_object")]
    public static RegoValue UrlQueryDecodeObject(RegoValue s)
    {
        string text = Operands.String(s, 1);
        var result = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        foreach (string part in text.Split('&'))
        {
            if (part.Length == 0) continue;
            if (part.Contains(';', StringComparison.Ordinal)) throw new BuiltinException("invalid semicolon separator in query");
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = QueryUnescape(eq < 0 ? part : part[..eq]);
            string value = eq < 0 ? string.Empty : QueryUnescape(part[(eq + 1)..]);
            if (!result.TryGetValue(key, out List<RegoValue>? list)) result[key] = list = [];
            list.Add(RegoString.From(value));
        }
        return RegoObject.From(result.Select(kv => new KeyValuePair<string, RegoValue>(kv.Key, RegoArray.From(kv.Value))));
    }

    private static string ElementString(RegoValue v) =>
        v is RegoString s ? s.Value : throw Operands.TypeError(1, v, "string");

    /// <summary>Go's url.QueryEscape: unreserved bytes stay, space becomes '+', the rest %XX.</summary>
    internal static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (byte b in Utf8.GetBytes(s))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else if (b == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>Go's url.QueryUnescape: '+' is a space; a bad escape is an error quoting it.</summary>
    internal static string QueryUnescape(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    string bad = s[i..Math.Min(s.Length, i + 3)];
                    throw new BuiltinException($"invalid URL escape {Go.GoQuote.Quote(bad)}");
                }
                bytes.Add(byte.Parse(s.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Utf8.GetBytes(s.Substring(i, char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1)));
                if (char.IsHighSurrogate(c) && i + 1 < s.Length) i++;
            }
        }
        return Utf8.GetString(bytes.ToArray());
    }

    private static string ToUrlAlphabet(string b64) => b64.Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Strict base64 decoding with Go's error text "illegal base64 data at input byte N". Newlines are
    /// skipped, as Go's decoder skips them.
    /// </summary>
    internal static byte[] DecodeBase64(string text, bool urlSafe, bool padded)
    {
        var clean = new StringBuilder(text.Length + 3);
        int firstPad = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\r' or '\n') continue;
            bool valid = char.IsAsciiLetterOrDigit(c) || (urlSafe ? c is '-' or '_' : c is '+' or '/');
            if (c == '=' && padded)
            {
                if (firstPad < 0) firstPad = clean.Length;
                clean.Append('=');
                continue;
            }
            if (!valid || firstPad >= 0) throw IllegalBase64(i);
            clean.Append(urlSafe ? c switch { '-' => '+', '_' => '/', _ => c } : c);
        }
        string s = clean.ToString();
        if (padded)
        {
            if (s.Length % 4 != 0)
            {
                // Go names the start of the incomplete final quantum.
                throw IllegalBase64(s.Length - s.Length % 4);
            }
            int pads = firstPad < 0 ? 0 : s.Length - firstPad;
            if (pads > 2) throw IllegalBase64(firstPad);
        }
        else
        {
            if (s.Length % 4 == 1) throw IllegalBase64(s.Length - 1);
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        }
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw IllegalBase64(Math.Max(0, text.Length - 1));
        }
    }

    private static BuiltinException IllegalBase64(int offset) =>
        new($"illegal base64 data at input byte {offset.ToString(CultureInfo.InvariantCulture)}");
}
