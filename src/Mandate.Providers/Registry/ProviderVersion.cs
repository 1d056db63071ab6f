using System.Globalization;

namespace Mandate.Providers.Registry;

/// <summary>
/// A semantic version (<c>major.minor.patch[-prerelease][+metadata]</c>) as provider registries publish
/// them. Ordering follows semver precedence: build metadata is ignored for ordering, and a prerelease
/// sorts before its release. Equality is exact (metadata included), so a set never merges two distinct
/// published versions.
/// </summary>
public sealed class ProviderVersion : IComparable<ProviderVersion>, IEquatable<ProviderVersion>
{
    /// <summary>Creates a version from its parts; <paramref name="prerelease"/> and <paramref name="metadata"/> may be empty.</summary>
    public ProviderVersion(ulong major, ulong minor, ulong patch, string prerelease = "", string metadata = "")
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease ?? "";
        Metadata = metadata ?? "";
    }

    /// <summary>The major version number.</summary>
    public ulong Major { get; }

    /// <summary>The minor version number.</summary>
    public ulong Minor { get; }

    /// <summary>The patch version number.</summary>
    public ulong Patch { get; }

    /// <summary>Prerelease identifiers without the leading dash, e.g. <c>beta.2</c>; empty for a release.</summary>
    public string Prerelease { get; }

    /// <summary>Build metadata without the leading plus; never affects ordering.</summary>
    public string Metadata { get; }

    /// <summary>True when this is a prerelease, which only an exact constraint may select.</summary>
    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>Parses a complete version, e.g. <c>5.100.0</c> or <c>1.0.0-beta.1</c>.</summary>
    /// <exception cref="FormatException">The text is not a complete semantic version.</exception>
    public static ProviderVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!VersionText.TryParse(text, requireAllParts: true, out var parsed, out var error))
            throw new FormatException($"Invalid version \"{text}\": {error}");
        return parsed.ToVersion();
    }

    /// <summary>Parses like <see cref="Parse"/> without throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProviderVersion? version)
    {
        version = null;
        if (text is null || !VersionText.TryParse(text, requireAllParts: true, out var parsed, out _))
            return false;
        version = parsed.ToVersion();
        return true;
    }

    /// <summary>Semver precedence; metadata does not take part.</summary>
    public int CompareTo(ProviderVersion? other)
    {
        if (other is null)
            return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    /// <summary>True when both versions have the same precedence, whatever their metadata.</summary>
    public bool SamePrecedence(ProviderVersion other) => CompareTo(other) == 0;

    // Semver §11: a release outranks its prereleases; identifiers compare numerically when both are numeric,
    // numeric ones rank below alphanumeric ones, and a longer list wins when all shared identifiers are equal.
    private static int ComparePrerelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
            return (a.Length == 0 ? 1 : 0) - (b.Length == 0 ? 1 : 0);
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = ulong.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ln);
            var rightNumeric = ulong.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var rn);
            var c = (leftNumeric, rightNumeric) switch
            {
                (true, true) => ln.CompareTo(rn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0)
                return Math.Sign(c);
        }
        return left.Length.CompareTo(right.Length);
    }

    /// <inheritdoc/>
    public bool Equals(ProviderVersion? other) =>
        other is not null && CompareTo(other) == 0 && Metadata == other.Metadata;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProviderVersion);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease, Metadata);

    /// <summary>The canonical text, as used in directory and file names.</summary>
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(IsPrerelease ? "-" + Prerelease : "")}{(Metadata.Length > 0 ? "+" + Metadata : "")}";

    /// <summary>Orders by precedence.</summary>
    public static bool operator <(ProviderVersion left, ProviderVersion right) => left.CompareTo(right) < 0;

    /// <summary>Orders by precedence.</summary>
    public static bool operator >(ProviderVersion left, ProviderVersion right) => left.CompareTo(right) > 0;

    /// <summary>Orders by precedence.</summary>
    public static bool operator <=(ProviderVersion left, ProviderVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Orders by precedence.</summary>
    public static bool operator >=(ProviderVersion left, ProviderVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Exact equality, metadata included.</summary>
    public static bool operator ==(ProviderVersion? left, ProviderVersion? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Exact inequality, metadata included.</summary>
    public static bool operator !=(ProviderVersion? left, ProviderVersion? right) => !(left == right);
}
