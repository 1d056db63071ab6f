using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>The single <c>null</c> value.</summary>
public sealed class RegoNull : RegoValue
{
    public static readonly RegoNull Instance = new();

    private RegoNull()
    {
    }

    public override ValueKind Kind => ValueKind.Null;

    private protected override int CompareSameKind(RegoValue other) => 0;

    public override bool Equals([NotNullWhen(true)] RegoValue? other) => other is RegoNull;

    public override int GetHashCode() => 0x4E554C4C;
}
