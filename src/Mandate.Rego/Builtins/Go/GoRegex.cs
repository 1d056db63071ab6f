using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Compiles Go RE2 patterns to .NET regular expressions. Rego's regex builtins promise RE2: linear-time
/// matching and RE2's syntax. So patterns are translated (RE2's ASCII-only \d \w \s, <c>$</c> meaning end
/// of text, <c>(?P&lt;name&gt;)</c>, <c>\Q…\E</c>, POSIX classes, <c>\x{…}</c>) and what RE2 refuses
/// (back-references, look-around, possessive and nested quantifiers) is refused with Go's message, then
/// run on .NET's non-backtracking engine so a hostile pattern cannot take exponential time.
/// </summary>
internal static class GoRegex
{
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Upper bound on one match; the engine is linear, so this only guards enormous inputs.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Compiles (cached) or throws <see cref="GoRegexException"/> with Go's error text.</summary>
    public static Regex Compile(string pattern)
    {
        if (Cache.TryGetValue(pattern, out Regex? cached)) return cached;
        string translated = GoRegexTranslator.Translate(pattern);
        Regex regex;
        try
        {
            regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            regex = new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new GoRegexException("error parsing regexp: " + e.Message);
        }
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[pattern] = regex;
        return regex;
    }

    public static bool IsValid(string pattern)
    {
        try
        {
            Compile(pattern);
            return true;
        }
        catch (GoRegexException)
        {
            return false;
        }
    }

    /// <summary>Go's regexp.QuoteMeta: backslash before every RE2 metacharacter.</summary>
    public static string QuoteMeta(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length * 2);
        foreach (char c in s)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>A pattern Go's regexp package would not compile; the message is Go's.</summary>
internal sealed class GoRegexException(string message) : Exception(message);
