using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// The glob dialect of OPA's <c>glob.match</c> (Go's gobwas/glob): <c>*</c> is any run of non-delimiter
/// characters, <c>**</c> any run at all, <c>?</c> one non-delimiter character, <c>[abc]</c>, <c>[a-z]</c> and
/// <c>[!…]</c> classes, <c>{a,b}</c> alternatives (which nest and hold globs) and <c>\</c> escapes. A glob is
/// compiled once to a non-backtracking .NET regex anchored at both ends.
/// </summary>
internal static class GlobPattern
{
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    private const string Meta = "*?[]{}\\";

    public static bool Match(string pattern, IReadOnlyList<int> delimiters, string text)
    {
        var key = new StringBuilder(pattern).Append('\0');
        foreach (int d in delimiters) key.Append(char.ConvertFromUtf32(d));
        string id = key.ToString();
        if (!Cache.TryGetValue(id, out Regex? regex))
        {
            regex = new Regex(ToRegex(pattern, delimiters),
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            if (Cache.Count >= CacheLimit) Cache.Clear();
            Cache[id] = regex;
        }
        return regex.IsMatch(text);
    }

    /// <summary>gobwas's QuoteMeta: a backslash before each glob metacharacter.</summary>
    public static string QuoteMeta(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (char c in s)
        {
            if (Meta.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Translates a glob; throws <see cref="GlobException"/> for malformed patterns.</summary>
    internal static string ToRegex(string pattern, IReadOnlyList<int> delimiters)
    {
        var notDelimiter = new StringBuilder("[^");
        foreach (int d in delimiters) AppendClassChar(notDelimiter, d);
        notDelimiter.Append(']');
        string single = delimiters.Count == 0 ? "." : notDelimiter.ToString();

        var sb = new StringBuilder("^(?:");
        int i = 0;
        int braceDepth = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        sb.Append(".*");
                        i += 2;
                        while (i < pattern.Length && pattern[i] == '*') i++;
                    }
                    else
                    {
                        sb.Append(single).Append('*');
                        i++;
                    }
                    continue;
                case '?':
                    sb.Append(single);
                    i++;
                    continue;
                case '[':
                    i = AppendClass(sb, pattern, i);
                    continue;
                case '{':
                    braceDepth++;
                    sb.Append("(?:");
                    i++;
                    continue;
                case '}' when braceDepth > 0:
                    braceDepth--;
                    sb.Append(')');
                    i++;
                    continue;
                case ',' when braceDepth > 0:
                    sb.Append('|');
                    i++;
                    continue;
                case '\\':
                    if (i + 1 >= pattern.Length) throw new GlobException("unexpected end of input");
                    i++;
                    AppendLiteral(sb, char.ConvertToUtf32(pattern, i));
                    i += char.IsSurrogatePair(pattern, i) ? 2 : 1;
                    continue;
                default:
                    AppendLiteral(sb, char.ConvertToUtf32(pattern, i));
                    i += char.IsSurrogatePair(pattern, i) ? 2 : 1;
                    continue;
            }
        }
        if (braceDepth > 0) throw new GlobException("unexpected end of input");
        return sb.Append(")$").ToString();
    }

    private static int AppendClass(StringBuilder sb, string pattern, int start)
    {
        int i = start + 1;
        var cls = new StringBuilder("[");
        if (i < pattern.Length && pattern[i] == '!')
        {
            cls.Append('^');
            i++;
        }
        bool any = false;
        while (true)
        {
            if (i >= pattern.Length) throw new GlobException("unexpected end of input");
            if (pattern[i] == ']')
            {
                i++;
                break;
            }
            int lo = ReadClassRune(pattern, ref i);
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                i++;
                int hi = ReadClassRune(pattern, ref i);
                if (hi < lo) throw new GlobException("hi character should be greater than lo character");
                AppendClassChar(cls, lo);
                cls.Append('-');
                AppendClassChar(cls, hi);
            }
            else
            {
                AppendClassChar(cls, lo);
            }
            any = true;
        }
        if (!any) throw new GlobException("empty character class");
        sb.Append(cls).Append(']');
        return i;
    }

    private static int ReadClassRune(string pattern, ref int i)
    {
        if (pattern[i] == '\\' && i + 1 < pattern.Length) i++;
        int r = char.ConvertToUtf32(pattern, i);
        i += char.IsSurrogatePair(pattern, i) ? 2 : 1;
        return r;
    }

    private static void AppendLiteral(StringBuilder sb, int rune) => GoRegexTranslator.AppendLiteral(sb, rune);

    private static void AppendClassChar(StringBuilder sb, int rune)
    {
        if (rune < 0x80 && @"\]-[^".Contains((char)rune, StringComparison.Ordinal)) sb.Append('\\');
        sb.Append(char.ConvertFromUtf32(rune));
    }
}

/// <summary>A glob that gobwas/glob would refuse to compile.</summary>
internal sealed class GlobException(string message) : Exception(message);
