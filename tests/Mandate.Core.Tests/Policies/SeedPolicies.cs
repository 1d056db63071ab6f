namespace Mandate.Core.Tests.Policies;

using Mandate.TestFixtures;

/// <summary>
/// The four example intent policies of the product documentation, read verbatim from the shared seed
/// document (not retyped), so a test proves Mandate honours exactly what is documented.
/// </summary>
internal static class SeedPolicies
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(Load);

    public static string AllowOnlyS3 => All.Value["Allow only specific resource types"];

    public static string DenyDeletes => All.Value["Deny delete operations"];

    public static string RestrictProviders => All.Value["Restrict operations by provider"];

    public static string RequireTags => All.Value["Require tags on resources"];

    private static IReadOnlyDictionary<string, string> Load()
    {
        var path = Path.Combine(RepoPaths.Shared, "seeds", "001_83cf2403b1b0ac9b.txt");
        var lines = File.ReadAllLines(path);
        var policies = new Dictionary<string, string>();
        // Each example is a heading ending in '»', a line-number gutter, then the policy from
        // "package spacelift" to the closing brace of its last rule (the next heading or the end).
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].EndsWith('»') || i + 1 >= lines.Length)
            {
                continue;
            }

            var title = lines[i].TrimEnd('»').Trim();
            var start = Array.FindIndex(lines, i + 1, l => l.StartsWith("package ", StringComparison.Ordinal));
            var nextHeading = Array.FindIndex(lines, i + 1, l => l.EndsWith('»'));
            if (start < 0 || (nextHeading >= 0 && start > nextHeading))
            {
                continue;
            }

            var end = nextHeading < 0 ? lines.Length : nextHeading;
            policies[title] = string.Join('\n', lines[start..end]).Trim();
        }

        return policies;
    }
}
