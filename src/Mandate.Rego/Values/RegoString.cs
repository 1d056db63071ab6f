using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>
/// A string. Ordering is ordinal over UTF-16 code units, which matches Go's byte order of UTF-8 for every
/// string without characters above U+FFFF mixed with U+E000–U+FFFF (the only place the two orders differ).
/// </summary>
public sealed class RegoString : RegoValue
{
    public static readonly RegoString Empty = new(string.Empty);

    private int _hash;

    private RegoString(string value) => Value = value;

    public string Value { get; }

    public override ValueKind Kind => ValueKind.String;

    public static RegoString From(string value) => value.Length == 0 ? Empty : new RegoString(value);

    private protected override int CompareSameKind(RegoValue other) =>
        string.CompareOrdinal(Value, ((RegoString)other).Value);

    public override bool Equals([NotNullWhen(true)] RegoValue? other) =>
        ReferenceEquals(this, other) || (other is RegoString s && string.Equals(Value, s.Value, StringComparison.Ordinal));

    public override int GetHashCode()
    {
        var h = _hash;
        if (h == 0)
        {
            h = string.GetHashCode(Value, StringComparison.Ordinal) | 1;
            _hash = h;
        }

        return h;
    }

    public static implicit operator RegoString(string value) => From(value);
}
