namespace Mandate.Providers.Registry;

/// <summary>The operators of a Terraform version constraint.</summary>
public enum ConstraintOperator
{
    /// <summary><c>=</c> or no operator: exactly this version.</summary>
    Equal,
    /// <summary><c>!=</c>: any version but this one.</summary>
    NotEqual,
    /// <summary><c>&gt;</c></summary>
    GreaterThan,
    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,
    /// <summary><c>&lt;</c></summary>
    LessThan,
    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,
    /// <summary><c>~&gt;</c>: at least this version, only the rightmost given number may grow.</summary>
    Pessimistic,
}

/// <summary>One comparison of a constraint list, e.g. <c>~&gt; 5.0</c>.</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Version">The operand, with omitted numbers as zero.</param>
/// <param name="NumbersGiven">How many of major.minor.patch were written (decides the reach of <c>~&gt;</c>).</param>
public sealed record VersionConstraint(ConstraintOperator Operator, ProviderVersion Version, int NumbersGiven)
{
    /// <summary>True when <paramref name="candidate"/> satisfies this comparison, prerelease rules aside.</summary>
    public bool Allows(ProviderVersion candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var c = candidate.CompareTo(Version);
        return Operator switch
        {
            ConstraintOperator.Equal => c == 0 && MetadataMatches(candidate),
            ConstraintOperator.NotEqual => !(c == 0 && MetadataMatches(candidate)),
            ConstraintOperator.GreaterThan => c > 0,
            ConstraintOperator.GreaterThanOrEqual => c >= 0,
            ConstraintOperator.LessThan => c < 0,
            ConstraintOperator.LessThanOrEqual => c <= 0,
            ConstraintOperator.Pessimistic => c >= 0 && candidate.CompareTo(PessimisticUpperBound()) < 0,
            _ => false,
        };
    }

    // Metadata only counts when the constraint spells it out; "= 1.0.0" accepts a published "1.0.0+abc".
    private bool MetadataMatches(ProviderVersion candidate) =>
        Version.Metadata.Length == 0 || Version.Metadata == candidate.Metadata;

    // "~> 1.2.3" stays below 1.3.0; "~> 1.2" and "~> 1" stay below 2.0.0 (as in Terraform: with fewer than three
    // numbers the minor version may grow).
    private ProviderVersion PessimisticUpperBound() =>
        NumbersGiven == 3
            ? new ProviderVersion(Version.Major, Version.Minor + 1, 0)
            : new ProviderVersion(Version.Major + 1, 0, 0);

    /// <inheritdoc/>
    public override string ToString()
    {
        var operand = Version.ToString();
        if (NumbersGiven < 3)
            operand = NumbersGiven == 1 ? $"{Version.Major}" : $"{Version.Major}.{Version.Minor}";
        var op = Operator switch
        {
            ConstraintOperator.Equal => "=",
            ConstraintOperator.NotEqual => "!=",
            ConstraintOperator.GreaterThan => ">",
            ConstraintOperator.GreaterThanOrEqual => ">=",
            ConstraintOperator.LessThan => "<",
            ConstraintOperator.LessThanOrEqual => "<=",
            _ => "~>",
        };
        return $"{op} {operand}";
    }
}

/// <summary>
/// A comma-separated list of version constraints, all of which must hold, parsed with Terraform's syntax:
/// <c>=</c> (or none), <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>~&gt;</c>.
/// A prerelease version is chosen only when an exact (<c>=</c>) constraint names it, as Terraform documents.
/// An empty list allows every release.
/// </summary>
public sealed class VersionConstraints
{
    /// <summary>No constraint: every release is acceptable.</summary>
    public static readonly VersionConstraints Any = new([]);

    private VersionConstraints(IReadOnlyList<VersionConstraint> items) => Items = items;

    /// <summary>The individual comparisons, in the order written.</summary>
    public IReadOnlyList<VersionConstraint> Items { get; }

    /// <summary>Parses e.g. <c>"&gt;= 4.0, &lt; 6.0, != 5.3.1"</c>.</summary>
    /// <exception cref="FormatException">Names the offending item and what is accepted.</exception>
    public static VersionConstraints Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            return Any;
        var items = new List<VersionConstraint>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0)
                throw new FormatException($"Invalid version constraint \"{text}\": an empty item between commas.");
            items.Add(ParseItem(item, text));
        }
        return new VersionConstraints(items);
    }

    /// <summary>Constraints that admit exactly one version.</summary>
    public static VersionConstraints Exactly(ProviderVersion version) =>
        new([new VersionConstraint(ConstraintOperator.Equal, version, 3)]);

    private static VersionConstraint ParseItem(string item, string whole)
    {
        var (op, rest) = item switch
        {
            _ when item.StartsWith("~>", StringComparison.Ordinal) => (ConstraintOperator.Pessimistic, item[2..]),
            _ when item.StartsWith(">=", StringComparison.Ordinal) => (ConstraintOperator.GreaterThanOrEqual, item[2..]),
            _ when item.StartsWith("<=", StringComparison.Ordinal) => (ConstraintOperator.LessThanOrEqual, item[2..]),
            _ when item.StartsWith("!=", StringComparison.Ordinal) => (ConstraintOperator.NotEqual, item[2..]),
            _ when item.StartsWith("=>", StringComparison.Ordinal) || item.StartsWith("=<", StringComparison.Ordinal) =>
                throw new FormatException(
                    $"Invalid version constraint \"{item}\" in \"{whole}\": operator \"{item[..2]}\" is not valid; did you mean \"{item[1]}=\"?"),
            _ when item.StartsWith('>') => (ConstraintOperator.GreaterThan, item[1..]),
            _ when item.StartsWith('<') => (ConstraintOperator.LessThan, item[1..]),
            _ when item.StartsWith('=') => (ConstraintOperator.Equal, item[1..]),
            _ when item.Length > 0 && char.IsAsciiDigit(item[0]) => (ConstraintOperator.Equal, item),
            _ when item[0] is 'v' or 'V' => throw new FormatException(
                $"Invalid version constraint \"{item}\" in \"{whole}\": a \"v\" prefix should not be used; write e.g. \"{item[1..]}\"."),
            _ => throw new FormatException(
                $"Invalid version constraint \"{item}\" in \"{whole}\": expected an operator (=, !=, >, >=, <, <=, ~>) followed by a version, e.g. \"~> 5.0\"."),
        };
        var operand = rest.Trim();
        if (!VersionText.TryParse(operand, requireAllParts: false, out var version, out var error))
            throw new FormatException($"Invalid version constraint \"{item}\" in \"{whole}\": {error}.");
        return new VersionConstraint(op, version.ToVersion(), version.NumbersGiven);
    }

    /// <summary>
    /// True when <paramref name="version"/> satisfies every item. Prereleases additionally need an exact
    /// constraint naming them, so "&gt;= 1.0" never drifts onto a beta.
    /// </summary>
    public bool Allows(ProviderVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var item in Items)
        {
            if (!item.Allows(version))
                return false;
        }
        if (!version.IsPrerelease)
            return true;
        foreach (var item in Items)
        {
            if (item.Operator == ConstraintOperator.Equal && item.Version.IsPrerelease)
                return true;
        }
        return false;
    }

    /// <summary>The newest version among <paramref name="available"/> allowed by these constraints, or null.</summary>
    public ProviderVersion? Newest(IEnumerable<ProviderVersion> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        ProviderVersion? best = null;
        foreach (var v in available)
        {
            if (Allows(v) && (best is null || v.CompareTo(best) > 0))
                best = v;
        }
        return best;
    }

    /// <summary>Terraform's canonical spelling, items joined by ", ".</summary>
    public override string ToString() => string.Join(", ", Items);
}
