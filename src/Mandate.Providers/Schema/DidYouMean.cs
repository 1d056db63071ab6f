namespace Mandate.Providers.Schema;

/// <summary>The single "did you mean" function every error with a misspelt name uses.</summary>
public static class DidYouMean
{
    /// <summary>
    /// Valid names closest to <paramref name="given"/> by case-insensitive Levenshtein distance, best first.
    /// A name qualifies when its distance is at most a third of the longer name's length (at least 1), or when one
    /// contains the other (<c>name</c> vs <c>table_name</c>) — typos and partial names both get an answer, random
    /// words do not.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string given, IEnumerable<string> candidates, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(candidates);
        var lowered = given.ToLowerInvariant();
        return candidates
            .Select(c => (Name: c, Distance: Levenshtein(lowered, c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Max(given.Length, c.Name.Length) / 3)
                || (given.Length >= 3 && c.Name.Contains(given, StringComparison.OrdinalIgnoreCase))
                || (c.Name.Length >= 3 && given.Contains(c.Name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>
    /// Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring characters
    /// (optimal string alignment): "nmae" is one edit from "name", as a person would count it.
    /// </summary>
    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }
}
