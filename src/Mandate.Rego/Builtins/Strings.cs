using System.Globalization;
using System.Numerics;
using System.Text;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// String builtins. Positions and lengths are counted in Unicode code points (Go runes), not UTF-16 units,
/// because that is what OPA reports for <c>indexof</c>, <c>substring</c> and friends.
/// </summary>
internal static class Strings
{
    [RegoBuiltin("concat")]
    public static RegoValue Concat(BuiltinContext ctx, RegoValue delimiter, RegoValue collection)
    {
        string sep = Operands.String(delimiter, 1);
        ReadOnlySpan<RegoValue> items = collection switch
        {
            RegoArray a => a.Items,
            RegoSet s => s.Items,
            _ => throw Operands.TypeError(2, collection, "set", "array"),
        };
        // Sized and charged before building: a long separator multiplies with the element count.
        long length = 0;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is not RegoString str) throw Operands.ElementError(2, collection, items[i], "string");
            length += str.Value.Length + (i > 0 ? sep.Length : 0);
        }
        ctx.ChargeOutput(length);
        var sb = new StringBuilder((int)Math.Min(length, int.MaxValue));
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0) sb.Append(sep);
            sb.Append(((RegoString)items[i]).Value);
        }
        return RegoString.From(sb.ToString());
    }

    [RegoBuiltin("contains")]
    public static RegoValue Contains(RegoValue s, RegoValue search) =>
        RegoBoolean.From(Operands.String(s, 1).Contains(Operands.String(search, 2), StringComparison.Ordinal));

    [RegoBuiltin("startswith")]
    public static RegoValue StartsWith(RegoValue s, RegoValue prefix) =>
        RegoBoolean.From(Operands.String(s, 1).StartsWith(Operands.String(prefix, 2), StringComparison.Ordinal));

    [RegoBuiltin("endswith")]
    public static RegoValue EndsWith(RegoValue s, RegoValue suffix) =>
        RegoBoolean.From(Operands.String(s, 1).EndsWith(Operands.String(suffix, 2), StringComparison.Ordinal));

    [RegoBuiltin("lower")]
    public static RegoValue Lower(RegoValue s) => RegoString.From(Operands.String(s, 1).ToLowerInvariant());

    [RegoBuiltin("upper")]
    public static RegoValue Upper(RegoValue s) => RegoString.From(Operands.String(s, 1).ToUpperInvariant());

    [RegoBuiltin("format_int")]
    public static RegoValue FormatInt(RegoValue number, RegoValue numberBase)
    {
        RegoNumber n = Operands.Number(number, 1);
        RegoNumber b = Operands.Number(numberBase, 2);
        int radix = b.TryGetInt32(out int r) && r is 2 or 8 or 10 or 16
            ? r
            : throw Operands.EnumError(2, "2", "8", "10", "16");
        // OPA goes through a big.Float and truncates toward zero.
        BigInteger value = n.TryGetBigInteger(out BigInteger exact) ? exact : TruncateToInteger(n);
        string digits = GoFormat.ToBase(BigInteger.Abs(value), radix, upper: false);
        return RegoString.From(value.Sign < 0 ? "-" + digits : digits);
    }

    [RegoBuiltin("indexof")]
    public static RegoValue IndexOf(RegoValue s, RegoValue search)
    {
        string text = Operands.String(s, 1);
        string needle = Operands.String(search, 2);
        if (needle.Length == 0) throw new BuiltinException("empty search character");
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        return RegoNumber.From(at < 0 ? -1 : RuneIndex(text, at));
    }

    [RegoBuiltin("indexof_n")]
    public static RegoValue IndexOfN(BuiltinContext ctx, RegoValue s, RegoValue search)
    {
        string text = Operands.String(s, 1);
        string needle = Operands.String(search, 2);
        if (needle.Length == 0) throw new BuiltinException("empty search character");
        var found = new List<RegoValue>();
        // Overlapping matches count, as in OPA (it tests every rune position).
        for (int at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(needle, at + (char.IsHighSurrogate(text[at]) ? 2 : 1), StringComparison.Ordinal))
        {
            found.Add(RegoNumber.From(RuneIndex(text, at)));
            if (at + 1 >= text.Length) break;
        }
        ctx.ChargeOutput(found.Count);
        return RegoArray.From(found);
    }

    [RegoBuiltin("substring")]
    public static RegoValue Substring(RegoValue s, RegoValue start, RegoValue length)
    {
        string text = Operands.String(s, 1);
        int from = Operands.Int(start, 2);
        int count = Operands.Int(length, 3);
        if (from < 0) throw new BuiltinException("negative offset");
        int[] runeStarts = RuneStarts(text);
        int runeCount = runeStarts.Length - 1;
        if (from >= runeCount) return RegoString.Empty;
        int upto = count < 0 ? runeCount : (int)Math.Min(runeCount, (long)from + count);
        return RegoString.From(text[runeStarts[from]..runeStarts[upto]]);
    }

    [RegoBuiltin("split")]
    public static RegoValue Split(BuiltinContext ctx, RegoValue s, RegoValue delimiter)
    {
        string[] parts = GoSplit(Operands.String(s, 1), Operands.String(delimiter, 2));
        ctx.ChargeOutput(parts.Length);
        return RegoArray.From(parts.Select(p => (RegoValue)RegoString.From(p)));
    }

    /// <summary>The first n parts (n &gt; 0) or the last -n parts (n &lt; 0) of a split.</summary>
    [RegoBuiltin("strings.split_n")]
    public static RegoValue SplitN(BuiltinContext ctx, RegoValue s, RegoValue delimiter, RegoValue n)
    {
        string text = Operands.String(s, 1);
        string sep = Operands.String(delimiter, 2);
        int count = Operands.Int(n, 3);
        string[] parts = GoSplit(text, sep);
        IEnumerable<string> chosen = count >= 0
            ? parts.Take(count)
            : parts.Skip(Math.Max(0, parts.Length + count));
        RegoArray result = RegoArray.From(chosen.Select(p => (RegoValue)RegoString.From(p)));
        ctx.ChargeOutput(result.Count);
        return result;
    }

    [RegoBuiltin("replace")]
    public static RegoValue Replace(BuiltinContext ctx, RegoValue s, RegoValue old, RegoValue replacement)
    {
        string text = Operands.String(s, 1);
        string from = Operands.String(old, 2);
        string to = Operands.String(replacement, 3);
        string result = GoReplace(ctx, text, [(from, to)]);
        return RegoString.From(result);
    }

    [RegoBuiltin("strings.replace_n")]
    public static RegoValue ReplaceN(BuiltinContext ctx, RegoValue patterns, RegoValue s)
    {
        RegoObject obj = Operands.Object(patterns, 1);
        string text = Operands.String(s, 2);
        var pairs = new List<(string, string)>(obj.Count);
        // Keys come in OPA's sorted order, which is also the priority order of the replacements.
        for (int i = 0; i < obj.Count; i++)
        {
            if (obj.Keys[i] is not RegoString k) throw Operands.Error(1, "non-string key found in pattern object");
            if (obj.Values[i] is not RegoString v) throw Operands.Error(1, "non-string value found in pattern object");
            pairs.Add((k.Value, v.Value));
        }
        return RegoString.From(GoReplace(ctx, text, pairs));
    }

    [RegoBuiltin("trim")]
    public static RegoValue Trim(RegoValue s, RegoValue cutset) =>
        RegoString.From(TrimRunes(Operands.String(s, 1), Operands.String(cutset, 2), left: true, right: true));

    [RegoBuiltin("trim_left")]
    public static RegoValue TrimLeft(RegoValue s, RegoValue cutset) =>
        RegoString.From(TrimRunes(Operands.String(s, 1), Operands.String(cutset, 2), left: true, right: false));

    [RegoBuiltin("trim_right")]
    public static RegoValue TrimRight(RegoValue s, RegoValue cutset) =>
        RegoString.From(TrimRunes(Operands.String(s, 1), Operands.String(cutset, 2), left: false, right: true));

    [RegoBuiltin("trim_prefix")]
    public static RegoValue TrimPrefix(RegoValue s, RegoValue prefix)
    {
        string text = Operands.String(s, 1);
        string p = Operands.String(prefix, 2);
        return text.StartsWith(p, StringComparison.Ordinal) ? RegoString.From(text[p.Length..]) : s;
    }

    [RegoBuiltin("trim_suffix")]
    public static RegoValue TrimSuffix(RegoValue s, RegoValue suffix)
    {
        string text = Operands.String(s, 1);
        string p = Operands.String(suffix, 2);
        return text.EndsWith(p, StringComparison.Ordinal) ? RegoString.From(text[..^p.Length]) : s;
    }

    [RegoBuiltin("trim_space")]
    public static RegoValue TrimSpace(RegoValue s) => RegoString.From(Operands.String(s, 1).Trim());

    [RegoBuiltin("strings.reverse")]
    public static RegoValue Reverse(RegoValue s)
    {
        string text = Operands.String(s, 1);
        var runes = text.EnumerateRunes().ToArray();
        System.Array.Reverse(runes);
        var sb = new StringBuilder(text.Length);
        foreach (Rune r in runes) sb.Append(r.ToString());
        return RegoString.From(sb.ToString());
    }

    [RegoBuiltin("strings.count")]
    public static RegoValue Count(RegoValue s, RegoValue search)
    {
        string text = Operands.String(s, 1);
        string needle = Operands.String(search, 2);
        if (needle.Length == 0) return RegoNumber.From(RuneStarts(text).Length);
        int n = 0;
        for (int at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return RegoNumber.From(n);
    }

    /// <summary>Renders a Go text/template with the object's values (see <see cref="GoTemplate"/>).</summary>
    [RegoBuiltin("strings.render_template")]
    public static RegoValue RenderTemplate(BuiltinContext ctx, RegoValue template, RegoValue vars)
    {
        string text = Operands.String(template, 1);
        RegoObject data = Operands.Object(vars, 2);
        try
        {
            // Execute charges each piece of output as it is written, so a runaway range stops early.
            return RegoString.From(GoTemplate.Parse(text).Execute(data, ctx.ChargeOutput));
        }
        catch (FormatException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    [RegoBuiltin("strings.any_prefix_match")]
    public static RegoValue AnyPrefixMatch(RegoValue search, RegoValue base_)
    {
        string[] strs = StringOrCollection(search, 1);
        string[] prefixes = StringOrCollection(base_, 2);
        return RegoBoolean.From(strs.Any(s => prefixes.Any(p => s.StartsWith(p, StringComparison.Ordinal))));
    }

    [RegoBuiltin("strings.any_suffix_match")]
    public static RegoValue AnySuffixMatch(RegoValue search, RegoValue base_)
    {
        string[] strs = StringOrCollection(search, 1);
        string[] suffixes = StringOrCollection(base_, 2);
        return RegoBoolean.From(strs.Any(s => suffixes.Any(p => s.EndsWith(p, StringComparison.Ordinal))));
    }

    private static string[] StringOrCollection(RegoValue v, int pos)
    {
        ReadOnlySpan<RegoValue> items;
        switch (v)
        {
            case RegoString s:
                return [s.Value];
            case RegoArray a:
                items = a.Items;
                break;
            case RegoSet set:
                items = set.Items;
                break;
            default:
                throw Operands.TypeError(pos, v, "string", "set", "array");
        }
        var result = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            result[i] = items[i] is RegoString s ? s.Value : throw Operands.ElementError(pos, v, items[i], "string");
        }
        return result;
    }

    /// <summary>Go's strings.Split: an empty separator splits into code points.</summary>
    internal static string[] GoSplit(string text, string sep)
    {
        if (sep.Length == 0)
        {
            return text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        }
        return text.Split(sep, StringSplitOptions.None);
    }

    /// <summary>
    /// Go's strings.Replacer: left to right, at each position the first pair (in the given order) whose
    /// old text matches wins; an empty old text matches between every two code points.
    /// </summary>
    private static string GoReplace(BuiltinContext ctx, string text, List<(string Old, string New)> pairs)
    {
        if (pairs.Count == 1 && pairs[0].Old.Length > 0)
        {
            (string o, string n) = pairs[0];
            if (n.Length > o.Length)
            {
                long hits = (text.Length - text.Replace(o, string.Empty, StringComparison.Ordinal).Length) / o.Length;
                ctx.ChargeOutput(text.Length + hits * (n.Length - o.Length));
            }
            return text.Replace(o, n, StringComparison.Ordinal);
        }

        var sb = new StringBuilder(text.Length);
        int i = 0;
        int charged = 0;
        bool atEndDone = false;
        while (i <= text.Length && !atEndDone)
        {
            bool matched = false;
            foreach ((string o, string n) in pairs)
            {
                if (i + o.Length > text.Length || string.CompareOrdinal(text, i, o, 0, o.Length) != 0) continue;
                sb.Append(n);
                if (o.Length > 0)
                {
                    i += o.Length;
                }
                else if (i < text.Length)
                {
                    // An empty match also consumes the next code point, copied unchanged.
                    int len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                    sb.Append(text, i, len);
                    i += len;
                }
                else
                {
                    atEndDone = true;
                }
                matched = true;
                break;
            }
            if (matched)
            {
                // Charged as it grows: an empty pattern with a long replacement multiplies the input's size.
                ctx.ChargeOutput(sb.Length - charged);
                charged = sb.Length;
                continue;
            }
            if (i >= text.Length) break;
            sb.Append(text[i]);
            i++;
        }
        ctx.ChargeOutput(sb.Length - charged);
        return sb.ToString();
    }

    private static string TrimRunes(string text, string cutset, bool left, bool right)
    {
        var cut = new HashSet<int>(cutset.EnumerateRunes().Select(r => r.Value));
        int[] starts = RuneStarts(text);
        int lo = 0;
        int hi = starts.Length - 1;
        if (left)
        {
            while (lo < hi && cut.Contains(char.ConvertToUtf32(text, starts[lo]))) lo++;
        }
        if (right)
        {
            while (hi > lo && cut.Contains(char.ConvertToUtf32(text, starts[hi - 1]))) hi--;
        }
        return text[starts[lo]..starts[hi]];
    }

    /// <summary>UTF-16 offsets where each code point starts, plus the string length at the end.</summary>
    internal static int[] RuneStarts(string text)
    {
        var starts = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            starts.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        starts.Add(text.Length);
        return starts.ToArray();
    }

    /// <summary>Converts a UTF-16 offset into a code-point index.</summary>
    internal static int RuneIndex(string text, int utf16Index)
    {
        int n = 0;
        for (int i = 0; i < utf16Index; i++)
        {
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))) n++;
        }
        return n;
    }

    internal static BigInteger TruncateToInteger(RegoNumber n)
    {
        if (n.TryGetDecimal(out decimal d)) return new BigInteger(decimal.Truncate(d));
        return new BigInteger(Math.Truncate(n.ToDouble()));
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
