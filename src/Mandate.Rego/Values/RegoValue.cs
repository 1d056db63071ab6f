using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>
/// An immutable Rego value. Equality is structural (numbers compare numerically, so <c>1 == 1.0</c>),
/// hashes are cached by the composite types, and <see cref="Compare"/> is OPA's total order:
/// null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set. Inside a kind: false &lt; true;
/// numbers numerically; strings ordinally; arrays element-wise then by length; objects by their sorted
/// keys pairwise (key first, then value) then by size; sets by their sorted elements then by size.
/// </summary>
public abstract class RegoValue : IEquatable<RegoValue>, IComparable<RegoValue>
{
    private protected RegoValue()
    {
    }

    public abstract ValueKind Kind { get; }

    /// <summary>OPA's type name as used in error messages ("null", "boolean", "number", …).</summary>
    public string TypeName => TypeNameOf(Kind);

    public static string TypeNameOf(ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "boolean",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Object => "object",
        _ => "set",
    };

    /// <summary>True for arrays, objects and sets.</summary>
    public bool IsCollection => Kind >= ValueKind.Array;

    public static RegoValue Null => RegoNull.Instance;

    public static RegoValue True => RegoBoolean.True;

    public static RegoValue False => RegoBoolean.False;

    /// <summary>OPA's total order; see the type's summary.</summary>
    public static int Compare(RegoValue a, RegoValue b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a.Kind != b.Kind)
        {
            return a.Kind < b.Kind ? -1 : 1;
        }

        return a.CompareSameKind(b);
    }

    public int CompareTo(RegoValue? other) => other is null ? 1 : Compare(this, other);

    /// <summary>Compares with a value of the same <see cref="Kind"/>.</summary>
    private protected abstract int CompareSameKind(RegoValue other);

    public abstract bool Equals([NotNullWhen(true)] RegoValue? other);

    public sealed override bool Equals(object? obj) => obj is RegoValue v && Equals(v);

    public abstract override int GetHashCode();

    /// <summary>The value as Rego term text (strings quoted, sets as <c>{1, 2}</c> or <c>set()</c>).</summary>
    public override string ToString() => RegoText.Format(this);

    public static bool operator ==(RegoValue? a, RegoValue? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(RegoValue? a, RegoValue? b) => !(a == b);

    public static bool operator <(RegoValue a, RegoValue b) => Compare(a, b) < 0;

    public static bool operator >(RegoValue a, RegoValue b) => Compare(a, b) > 0;

    public static bool operator <=(RegoValue a, RegoValue b) => Compare(a, b) <= 0;

    public static bool operator >=(RegoValue a, RegoValue b) => Compare(a, b) >= 0;

    /// <summary>The truthiness OPA gives an expression's value: everything but <c>false</c> is true.</summary>
    public bool IsFalse => ReferenceEquals(this, RegoBoolean.False);
}

/// <summary>Comparer adapters so values can key .NET collections and sorts.</summary>
public sealed class RegoValueComparer : IComparer<RegoValue>, IEqualityComparer<RegoValue>
{
    public static readonly RegoValueComparer Instance = new();

    public int Compare(RegoValue? x, RegoValue? y) =>
        x is null ? (y is null ? 0 : -1) : y is null ? 1 : RegoValue.Compare(x, y);

    public bool Equals(RegoValue? x, RegoValue? y) => x is null ? y is null : x.Equals(y);

    public int GetHashCode(RegoValue obj) => obj.GetHashCode();
}
