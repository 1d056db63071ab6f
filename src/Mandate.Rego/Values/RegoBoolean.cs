using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary><c>true</c> or <c>false</c>; only the two interned instances exist, so reference equality holds.</summary>
public sealed class RegoBoolean : RegoValue
{
    public static new readonly RegoBoolean True = new(true);
    public static new readonly RegoBoolean False = new(false);

    private RegoBoolean(bool value) => Value = value;

    public bool Value { get; }

    public override ValueKind Kind => ValueKind.Boolean;

    public static RegoBoolean From(bool value) => value ? True : False;

    private protected override int CompareSameKind(RegoValue other) =>
        Value.CompareTo(((RegoBoolean)other).Value);

    public override bool Equals([NotNullWhen(true)] RegoValue? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => Value ? 1231 : 1237;
}
