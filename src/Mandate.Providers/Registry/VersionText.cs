using System.Globalization;

namespace Mandate.Providers.Registry;

/// <summary>
/// The lexical form shared by versions and constraint operands: up to three dot-separated numbers, then
/// optional <c>-prerelease</c> and <c>+metadata</c>. Constraints may leave out trailing numbers
/// (<c>~&gt; 1.2</c>), so the count of numbers given is kept.
/// </summary>
internal readonly record struct VersionText(ulong Major, ulong Minor, ulong Patch, int NumbersGiven, string Prerelease, string Metadata)
{
    public ProviderVersion ToVersion() => new(Major, Minor, Patch, Prerelease, Metadata);

    public static bool TryParse(string text, bool requireAllParts, out VersionText result, out string error)
    {
        result = default;
        if (text.Length == 0)
        {
            error = "it is empty; expected major.minor.patch, e.g. 1.2.3";
            return false;
        }
        if (text[0] is 'v' or 'V')
        {
            error = "a \"v\" prefix should not be used; write e.g. 1.2.3";
            return false;
        }
        var core = text;
        var metadata = "";
        var prerelease = "";
        var plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            metadata = core[(plus + 1)..];
            core = core[..plus];
            if (!ValidIdentifiers(metadata))
            {
                error = "the build metadata after '+' must be dot-separated letters, digits and dashes";
                return false;
            }
        }
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            prerelease = core[(dash + 1)..];
            core = core[..dash];
            if (!ValidIdentifiers(prerelease))
            {
                error = "the prerelease after '-' must be dot-separated letters, digits and dashes";
                return false;
            }
        }
        var numbers = core.Split('.');
        if (numbers.Length > 3)
        {
            error = "too many numbered parts; only major, minor and patch are allowed";
            return false;
        }
        if (requireAllParts && numbers.Length != 3)
        {
            error = "expected all three of major.minor.patch, e.g. 1.2.3";
            return false;
        }
        if (numbers.Length < 3 && (prerelease.Length > 0 || metadata.Length > 0))
        {
            error = "a prerelease or metadata suffix needs all three of major.minor.patch";
            return false;
        }
        Span<ulong> parsed = stackalloc ulong[3];
        for (var i = 0; i < numbers.Length; i++)
        {
            var n = numbers[i];
            if (n.Length == 0 || !ulong.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
            {
                error = n is "*" or "x" or "X"
                    ? "wildcards are not supported; leave out the parts that may vary, e.g. \"~> 1.2\""
                    : $"\"{n}\" is not a number";
                return false;
            }
            if (n.Length > 1 && n[0] == '0')
            {
                error = $"\"{n}\" has a leading zero";
                return false;
            }
        }
        result = new VersionText(parsed[0], parsed[1], parsed[2], numbers.Length, prerelease, metadata);
        error = "";
        return true;
    }

    private static bool ValidIdentifiers(string s)
    {
        foreach (var id in s.Split('.'))
        {
            if (id.Length == 0)
                return false;
            foreach (var c in id)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                    return false;
            }
        }
        return true;
    }
}
