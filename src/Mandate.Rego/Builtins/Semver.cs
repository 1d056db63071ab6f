using System.Globalization;
using System.Numerics;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>semver.is_valid and semver.compare, following Semantic Versioning 2.0.0 (no "v" prefix).</summary>
internal static class Semver
{
    [RegoBuiltin("semver.is_valid")]
    public static RegoValue IsValid(RegoValue v) =>
        RegoBoolean.From(v is RegoString s && SemanticVersion.TryParse(s.Value, out _));

    /// <summary>-1, 0 or 1; build metadata is ignored, a pre-release sorts before its release.</summary>
    [RegoBuiltin("semver.compare")]
    public static RegoValue Compare(RegoValue a, RegoValue b)
    {
        SemanticVersion x = Version(a, 1);
        SemanticVersion y = Version(b, 2);
        return RegoNumber.From(Math.Sign(x.CompareTo(y)));
    }

    private static SemanticVersion Version(RegoValue v, int pos)
    {
        string s = Operands.String(v, pos);
        return SemanticVersion.TryParse(s, out SemanticVersion? version)
            ? version
            : throw new BuiltinException($"operand {pos}: string {Go.GoQuote.Quote(s)} is not a valid SemVer");
    }
}

/// <summary>A parsed semantic version.</summary>
internal sealed class SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch, string[] preRelease)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
    }

    public BigInteger Major { get; }

    public BigInteger Minor { get; }

    public BigInteger Patch { get; }

    public string[] PreRelease { get; }

    public static bool TryParse(string s, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        string core = s;
        int plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!ValidIdentifiers(core[(plus + 1)..], numericRule: false)) return false;
            core = core[..plus];
        }
        string[] pre = [];
        int dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            string preText = core[(dash + 1)..];
            if (!ValidIdentifiers(preText, numericRule: true)) return false;
            pre = preText.Split('.');
            core = core[..dash];
        }
        string[] parts = core.Split('.');
        if (parts.Length != 3) return false;
        var numbers = new BigInteger[3];
        for (int i = 0; i < 3; i++)
        {
            if (!IsNumeric(parts[i]) || (parts[i].Length > 1 && parts[i][0] == '0')) return false;
            numbers[i] = BigInteger.Parse(parts[i], CultureInfo.InvariantCulture);
        }
        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], pre);
        return true;
    }

    private static bool ValidIdentifiers(string text, bool numericRule)
    {
        if (text.Length == 0) return false;
        foreach (string id in text.Split('.'))
        {
            if (id.Length == 0) return false;
            foreach (char c in id)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
            }
            // Numeric pre-release identifiers must not have leading zeros.
            if (numericRule && IsNumeric(id) && id.Length > 1 && id[0] == '0') return false;
        }
        return true;
    }

    private static bool IsNumeric(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        int c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease.Length == 0 || other.PreRelease.Length == 0)
        {
            return other.PreRelease.Length.CompareTo(PreRelease.Length) switch { 0 => 0, var x => Math.Sign(x) };
        }
        for (int i = 0; i < Math.Min(PreRelease.Length, other.PreRelease.Length); i++)
        {
            string a = PreRelease[i];
            string b = other.PreRelease[i];
            bool an = IsNumeric(a);
            bool bn = IsNumeric(b);
            c = (an, bn) switch
            {
                (true, true) => BigInteger.Parse(a, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(b, CultureInfo.InvariantCulture)),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a, b),
            };
            if (c != 0) return Math.Sign(c);
        }
        return PreRelease.Length.CompareTo(other.PreRelease.Length);
    }
}
