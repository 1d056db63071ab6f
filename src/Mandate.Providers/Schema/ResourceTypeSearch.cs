namespace Mandate.Providers.Schema;

/// <summary>What the search knows about one resource type: its name, description and top-level attribute names.</summary>
public sealed record ResourceTypeEntry(string TypeName, string? Description, IReadOnlyList<string> AttributeNames)
{
    /// <summary>An entry from a schema.</summary>
    public static ResourceTypeEntry Of(string typeName, ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new(typeName, schema.Block.Description, [.. schema.Block.Attributes.Keys, .. schema.Block.BlockTypes.Keys]);
    }
}

/// <summary>One search hit.</summary>
public sealed record ResourceTypeMatch(string TypeName, double Score);

/// <summary>
/// Keyword search over a provider's resource types ("dynamo table" → aws_dynamodb_table). Each query word scores
/// against the type name's words (after the provider prefix): exact word 10, word prefix either way 7 ("dynamo" →
/// dynamodb), inside a word 4, a one-edit typo 5, inside the joined name 3; failing those, the description 2 or an
/// attribute name 1. A type whose name holds every query word gets a bonus, and each name word the query did not
/// ask for costs a little, so aws_s3_bucket outranks aws_s3_bucket_policy for "s3 bucket".
/// </summary>
public sealed class ResourceTypeSearch
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "a", "an", "the", "of", "for", "to", "in", "on", "with", "and", "resource", "resources" };

    private readonly List<Indexed> _entries;

    /// <summary>An index over <paramref name="entries"/>.</summary>
    public ResourceTypeSearch(IEnumerable<ResourceTypeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries.Select(Indexed.Of)];
    }

    /// <summary>An index over every resource type of <paramref name="schema"/>.</summary>
    public static ResourceTypeSearch ForResourceTypes(ProviderSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new(schema.ResourceTypes.Select(kv => ResourceTypeEntry.Of(kv.Key, kv.Value)));
    }

    /// <summary>The best matches for <paramref name="query"/>, best first; empty when nothing matches.</summary>
    public IReadOnlyList<ResourceTypeMatch> Search(string query, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = Words(query).Where(w => !StopWords.Contains(w)).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0) return [];
        return _entries
            .Select(e => new ResourceTypeMatch(e.Entry.TypeName, Score(e, words)))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.TypeName.Length)
            .ThenBy(m => m.TypeName, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    private static double Score(Indexed e, List<string> words)
    {
        double score = 0;
        var matchedInName = 0;
        var usedNameWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in words)
        {
            // A query word naming the provider ("aws") matches every type: it says nothing, so it scores nothing.
            if (w == e.Prefix) continue;
            var (nameScore, nameWord) = ScoreAgainstName(e, w);
            if (nameScore > 0)
            {
                score += nameScore;
                matchedInName++;
                if (nameWord is not null) usedNameWords.Add(nameWord);
            }
            else if (e.Description.Contains(w, StringComparison.Ordinal)) score += 2;
            else if (e.AttributeWords.Contains(w)) score += 1;
        }

        if (score == 0) return 0;
        if (matchedInName == words.Count(w => w != e.Prefix)) score += 3;
        score -= 0.5 * e.NameWords.Count(n => !usedNameWords.Contains(n));
        return Math.Max(score, 0.01);
    }

    private static (double Score, string? NameWord) ScoreAgainstName(Indexed e, string w)
    {
        (double, string?) best = (0, null);
        foreach (var n in e.NameWords)
        {
            double s = n == w ? 10
                : w.Length >= 2 && (n.StartsWith(w, StringComparison.Ordinal) || (n.Length >= 2 && w.StartsWith(n, StringComparison.Ordinal))) ? 7
                : w.Length >= 4 && n.Length >= 4 && Math.Abs(w.Length - n.Length) <= 1 && DidYouMean.Levenshtein(w, n) == 1 ? 5
                : w.Length >= 3 && n.Contains(w, StringComparison.Ordinal) ? 4
                : 0;
            if (s > best.Item1) best = (s, n);
        }

        if (best.Item1 == 0 && w.Length >= 3 && e.JoinedName.Contains(w, StringComparison.Ordinal)) best = (3, null);
        return best;
    }

    private static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Split(c => !char.IsAsciiLetterOrDigit(c)).Where(w => w.Length > 0);

    private sealed record Indexed(ResourceTypeEntry Entry, string Prefix, string[] NameWords, string JoinedName, string Description, HashSet<string> AttributeWords)
    {
        public static Indexed Of(ResourceTypeEntry entry)
        {
            var all = entry.TypeName.ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
            // The first word is the provider's local name (aws_…); only the rest describes the type.
            var nameWords = all.Length > 1 ? all[1..] : all;
            return new Indexed(entry, all.Length > 1 ? all[0] : "", nameWords, string.Concat(nameWords),
                (entry.Description ?? "").ToLowerInvariant(),
                entry.AttributeNames.SelectMany(a => a.ToLowerInvariant().Split('_')).ToHashSet(StringComparer.Ordinal));
        }
    }
}

/// <summary>string.Split over a predicate, which the BCL lacks.</summary>
file static class SplitExtensions
{
    public static string[] Split(this string text, Func<char, bool> isSeparator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !isSeparator(text[i])) continue;
            if (i > start) parts.Add(text[start..i]);
            start = i + 1;
        }

        return [.. parts];
    }
}
