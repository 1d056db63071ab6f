namespace Mandate.Core.Pipeline;

/// <summary>Suggests the closest valid names for a mistyped one (edit distance, then shared prefix).</summary>
public static class DidYouMean
{
    public static IReadOnlyList<string> Closest(string given, IEnumerable<string> candidates, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(given);
        return candidates
            .Select(c => (Name: c, Distance: Distance(given.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, given.Length / 2) || c.Name.Contains(given, StringComparison.OrdinalIgnoreCase))
            // A candidate containing what was typed ("cidr" → "cidr_block") beats a short one a few edits away ("id").
            .OrderBy(c => c.Name.Contains(given, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Name)
            .ToList();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
