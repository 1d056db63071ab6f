namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Decides whether two "regex globs" (the pattern subset of regex.globs_match: literals, <c>.</c>,
/// <c>[…]</c> classes, <c>\</c> escapes, each optionally followed by <c>*</c>, <c>+</c> or <c>?</c>) can match a
/// common string. Each glob is a chain of states; a breadth-first walk over pairs of states looks for a
/// path where both reach their ends, taking a step only where the two character sets overlap.
/// </summary>
internal static class GlobIntersection
{
    private const int MaxRune = 0x10FFFF;

    public static bool Intersects(string a, string b)
    {
        List<Token> x = Parse(a);
        List<Token> y = Parse(b);
        var seen = new HashSet<(int, int)>();
        var queue = new Queue<(int, int)>();
        void Visit(int i, int j)
        {
            foreach (int ci in Closure(x, i))
            {
                foreach (int cj in Closure(y, j))
                {
                    if (seen.Add((ci, cj))) queue.Enqueue((ci, cj));
                }
            }
        }
        Visit(0, 0);
        while (queue.Count > 0)
        {
            (int i, int j) = queue.Dequeue();
            if (i == x.Count && j == y.Count) return true;
            if (i == x.Count || j == y.Count) continue;
            if (!Overlaps(x[i].Set, y[j].Set)) continue;
            // A repeating token stays put; its closure also offers moving on (repeating tokens are optional).
            Visit(x[i].Repeats ? i : i + 1, y[j].Repeats ? j : j + 1);
        }
        return false;
    }

    /// <summary>States reachable without consuming: skipping tokens that may match nothing.</summary>
    private static IEnumerable<int> Closure(List<Token> tokens, int i)
    {
        yield return i;
        while (i < tokens.Count && tokens[i].Optional)
        {
            i++;
            yield return i;
        }
    }

    /// <summary>One position of a glob: a character set, whether it may be skipped and whether it may repeat.</summary>
    private sealed record Token(CharSet Set, bool Optional, bool Repeats);

    private sealed record CharSet(List<(int Lo, int Hi)> Ranges, bool Negated);

    private static List<Token> Parse(string pattern)
    {
        var tokens = new List<Token>();
        int i = 0;
        var runes = pattern.EnumerateRunes().Select(r => r.Value).ToArray();
        while (i < runes.Length)
        {
            int c = runes[i];
            CharSet set;
            switch (c)
            {
                case '*' or '+' or '?':
                    throw Invalid(pattern, i + 1, $"quantifier '{(char)c}' with no preceding character");
                case ']':
                    throw Invalid(pattern, i + 1, "set-close ']' with no preceding '['");
                case '.':
                    set = new CharSet([(0, MaxRune)], false);
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= runes.Length) throw Invalid(pattern, i + 1, "escape '\\' at end of input");
                    set = new CharSet([(runes[i + 1], runes[i + 1])], false);
                    i += 2;
                    break;
                case '[':
                    set = ParseClass(pattern, runes, ref i);
                    break;
                default:
                    set = new CharSet([(c, c)], false);
                    i++;
                    break;
            }
            int q = i < runes.Length ? runes[i] : 0;
            switch (q)
            {
                case '*':
                    tokens.Add(new Token(set, Optional: true, Repeats: true));
                    i++;
                    break;
                case '+':
                    tokens.Add(new Token(set, Optional: false, Repeats: false));
                    tokens.Add(new Token(set, Optional: true, Repeats: true));
                    i++;
                    break;
                case '?':
                    tokens.Add(new Token(set, Optional: true, Repeats: false));
                    i++;
                    break;
                default:
                    tokens.Add(new Token(set, Optional: false, Repeats: false));
                    break;
            }
        }
        return tokens;
    }

    private static CharSet ParseClass(string pattern, int[] runes, ref int i)
    {
        int open = i;
        i++;
        bool negated = i < runes.Length && runes[i] == '^';
        if (negated) i++;
        var ranges = new List<(int, int)>();
        while (true)
        {
            if (i >= runes.Length) throw Invalid(pattern, open + 1, "set-open '[' with no closing ']'");
            int c = runes[i];
            if (c == ']' && ranges.Count > 0)
            {
                i++;
                return new CharSet(ranges, negated);
            }
            if (c == '\\' && i + 1 < runes.Length) c = runes[++i];
            i++;
            int hi = c;
            if (i + 1 < runes.Length && runes[i] == '-' && runes[i + 1] != ']')
            {
                hi = runes[i + 1] == '\\' && i + 2 < runes.Length ? runes[i + 2] : runes[i + 1];
                i += runes[i + 1] == '\\' ? 3 : 2;
                if (hi < c) throw Invalid(pattern, i, "range with lower bound above upper bound");
            }
            ranges.Add((c, hi));
        }
    }

    private static bool Overlaps(CharSet a, CharSet b)
    {
        foreach ((int lo1, int hi1) in Positive(a))
        {
            foreach ((int lo2, int hi2) in Positive(b))
            {
                if (Math.Max(lo1, lo2) <= Math.Min(hi1, hi2)) return true;
            }
        }
        return false;
    }

    /// <summary>The set as ranges of members (the complement, for a negated class).</summary>
    private static IEnumerable<(int Lo, int Hi)> Positive(CharSet set)
    {
        if (!set.Negated) return set.Ranges;
        var result = new List<(int, int)>();
        int next = 0;
        foreach ((int lo, int hi) in set.Ranges.OrderBy(r => r.Lo))
        {
            if (lo > next) result.Add((next, lo - 1));
            next = Math.Max(next, hi + 1);
        }
        if (next <= MaxRune) result.Add((next, MaxRune));
        return result;
    }

    private static FormatException Invalid(string pattern, int pos, string what) =>
        new($"input:{pattern}, pos:{pos}, {what}: the input provided is invalid");
}
