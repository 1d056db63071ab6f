using System.Text;
using System.Text.RegularExpressions;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;
using DotNetRegex = System.Text.RegularExpressions.Regex;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Regular-expression builtins with Go RE2 syntax and semantics (see <see cref="GoRegex"/>): patterns are
/// translated, refused where RE2 would refuse them, and matched in linear time.
/// </summary>
internal static class Regexes
{
    [RegoBuiltin("regex.match")]
    public static RegoValue Match(RegoValue pattern, RegoValue value) =>
        RegoBoolean.From(Compile(Operands.String(pattern, 1)).IsMatch(Operands.String(value, 2)));

    [RegoBuiltin("re_match", Deprecated = true)]
    public static RegoValue ReMatch(RegoValue pattern, RegoValue value) => Match(pattern, value);

    /// <summary>Never fails: a non-string or a pattern RE2 rejects is simply not valid.</summary>
    [RegoBuiltin("regex.is_valid")]
    public static RegoValue IsValid(RegoValue pattern) =>
        RegoBoolean.From(pattern is RegoString s && GoRegex.IsValid(s.Value));

    [RegoBuiltin("regex.split")]
    public static RegoValue Split(BuiltinContext ctx, RegoValue pattern, RegoValue value)
    {
        DotNetRegex re = Compile(Operands.String(pattern, 1));
        string s = Operands.String(value, 2);
        var parts = new List<RegoValue>();
        if (s.Length == 0)
        {
            parts.Add(RegoString.Empty);
            return RegoArray.From(parts);
        }
        // Go's Regexp.Split, including its use of the last match's start to decide on a tail.
        int beg = 0;
        int end = 0;
        foreach (Match m in FindAll(re, s, -1))
        {
            end = m.Index;
            if (m.Index + m.Length != 0) parts.Add(RegoString.From(s[beg..end]));
            beg = m.Index + m.Length;
        }
        if (end != s.Length) parts.Add(RegoString.From(s[beg..]));
        ctx.ChargeOutput(parts.Count);
        return RegoArray.From(parts);
    }

    [RegoBuiltin("regex.find_n")]
    public static RegoValue FindN(BuiltinContext ctx, RegoValue pattern, RegoValue value, RegoValue number)
    {
        DotNetRegex re = Compile(Operands.String(pattern, 1));
        string s = Operands.String(value, 2);
        int n = Operands.Int(number, 3);
        var found = FindAll(re, s, n).Select(m => (RegoValue)RegoString.From(m.Value)).ToList();
        ctx.ChargeOutput(found.Count);
        return RegoArray.From(found);
    }

    [RegoBuiltin("regex.find_all_string_submatch_n")]
    public static RegoValue FindAllSubmatch(BuiltinContext ctx, RegoValue pattern, RegoValue value, RegoValue number)
    {
        DotNetRegex re = Compile(Operands.String(pattern, 1));
        string s = Operands.String(value, 2);
        int n = Operands.Int(number, 3);
        var rows = new List<RegoValue>();
        foreach (Match m in FindAll(re, s, n))
        {
            var groups = new RegoValue[m.Groups.Count];
            for (int g = 0; g < groups.Length; g++)
            {
                // Go reports an unmatched group as the empty string.
                groups[g] = RegoString.From(m.Groups[g].Success ? m.Groups[g].Value : string.Empty);
            }
            rows.Add(RegoArray.From(groups));
            ctx.ChargeOutput(groups.Length);
        }
        return RegoArray.From(rows);
    }

    [RegoBuiltin("regex.replace")]
    public static RegoValue Replace(BuiltinContext ctx, RegoValue s, RegoValue pattern, RegoValue value)
    {
        string text = Operands.String(s, 1);
        DotNetRegex re = Compile(Operands.String(pattern, 2));
        string template = Operands.String(value, 3);
        var sb = new StringBuilder(text.Length);
        int last = 0;
        int charged = 0;
        foreach (Match m in FindAll(re, text, -1))
        {
            sb.Append(text, last, m.Index - last);
            Expand(sb, template, m, re);
            last = m.Index + m.Length;
            // Charged per match: an empty pattern with a long replacement multiplies the input's size.
            ctx.ChargeOutput(sb.Length - charged);
            charged = sb.Length;
        }
        sb.Append(text, last, text.Length - last);
        ctx.ChargeOutput(sb.Length - charged);
        return RegoString.From(sb.ToString());
    }

    /// <summary>
    /// Matches a template whose parts between the delimiters are regular expressions and whose other
    /// parts are literal text (the gorilla/mux style OPA uses).
    /// </summary>
    [RegoBuiltin("regex.template_match")]
    public static RegoValue TemplateMatch(RegoValue template, RegoValue value, RegoValue delimiterStart, RegoValue delimiterEnd)
    {
        string t = Operands.String(template, 1);
        string s = Operands.String(value, 2);
        string start = Operands.String(delimiterStart, 3);
        string end = Operands.String(delimiterEnd, 4);
        if (start.Length == 0 || end.Length == 0) throw new BuiltinException("delimiters must not be empty");
        char open = start[0];
        char close = end[0];

        var pattern = new StringBuilder("^");
        int level = 0;
        int partStart = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == open)
            {
                if (level == 0)
                {
                    pattern.Append(GoRegex.QuoteMeta(t[partStart..i]));
                    partStart = i + 1;
                }
                level++;
            }
            else if (t[i] == close)
            {
                level--;
                if (level < 0) throw new BuiltinException($"unbalanced braces in {GoQuote.Quote(t)}");
                if (level == 0)
                {
                    pattern.Append('(').Append(t[partStart..i]).Append(')');
                    partStart = i + 1;
                }
            }
        }
        if (level != 0) throw new BuiltinException($"unbalanced braces in {GoQuote.Quote(t)}");
        pattern.Append(GoRegex.QuoteMeta(t[partStart..])).Append('$');
        return RegoBoolean.From(Compile(pattern.ToString()).IsMatch(s));
    }

    /// <summary>True when some string matches both globs (see <see cref="GlobIntersection"/>).</summary>
    [RegoBuiltin("regex.globs_match")]
    public static RegoValue GlobsMatch(RegoValue glob1, RegoValue glob2)
    {
        string a = Operands.String(glob1, 1);
        string b = Operands.String(glob2, 2);
        try
        {
            return RegoBoolean.From(GlobIntersection.Intersects(a, b));
        }
        catch (FormatException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    private static DotNetRegex Compile(string pattern)
    {
        try
        {
            return GoRegex.Compile(pattern);
        }
        catch (GoRegexException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    /// <summary>
    /// Go's FindAll: at most n matches (all when n &lt; 0), skipping an empty match that abuts the
    /// previous match, which .NET would report.
    /// </summary>
    internal static List<Match> FindAll(DotNetRegex re, string s, int n)
    {
        var result = new List<Match>();
        if (n == 0) return result;
        int prevEnd = -1;
        for (Match m = re.Match(s); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0 && m.Index == prevEnd) continue;
            result.Add(m);
            prevEnd = m.Index + m.Length;
            if (n > 0 && result.Count >= n) break;
        }
        return result;
    }

    /// <summary>Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; the longest name wins.</summary>
    private static void Expand(StringBuilder sb, string template, Match m, DotNetRegex re)
    {
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            string? name = null;
            int next;
            if (template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i + 2);
                if (close > i + 2 && IsName(template.AsSpan(i + 2, close - i - 2)))
                {
                    name = template[(i + 2)..close];
                }
                next = close + 1;
            }
            else
            {
                int j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_')) j++;
                if (j > i + 1) name = template[(i + 1)..j];
                next = j;
            }
            if (name is null)
            {
                // Not a valid reference: Go copies the dollar sign literally.
                sb.Append('$');
                i++;
                continue;
            }
            sb.Append(GroupValue(m, re, name));
            i = next;
        }
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        foreach (char ch in s)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_') return false;
        }
        return s.Length > 0;
    }

    private static string GroupValue(Match m, DotNetRegex re, string name)
    {
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            return index < m.Groups.Count && m.Groups[index].Success ? m.Groups[index].Value : string.Empty;
        }
        int number = re.GroupNumberFromName(name);
        return number >= 0 && m.Groups[number].Success ? m.Groups[number].Value : string.Empty;
    }
}
