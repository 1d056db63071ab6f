using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>An immutable array. The element array is owned by the instance and never mutated.</summary>
public sealed class RegoArray : RegoValue
{
    public static readonly RegoArray Empty = new([]);

    private readonly RegoValue[] _items;
    private int _hash;

    private RegoArray(RegoValue[] items) => _items = items;

    public override ValueKind Kind => ValueKind.Array;

    public int Count => _items.Length;

    public RegoValue this[int index] => _items[index];

    public ReadOnlySpan<RegoValue> Items => _items;

    /// <summary>Creates an array from a copy of <paramref name="items"/>.</summary>
    public static RegoArray From(IEnumerable<RegoValue> items)
    {
        var array = items.ToArray();
        return array.Length == 0 ? Empty : new RegoArray(array);
    }

    public static RegoArray From(params ReadOnlySpan<RegoValue> items) =>
        items.IsEmpty ? Empty : new RegoArray(items.ToArray());

    /// <summary>Wraps an array the caller has just built and will never touch again (no copy).</summary>
    internal static RegoArray Own(RegoValue[] items) => items.Length == 0 ? Empty : new RegoArray(items);

    internal static RegoArray Own(List<RegoValue> items) => items.Count == 0 ? Empty : new RegoArray(items.ToArray());

    private protected override int CompareSameKind(RegoValue other) => ValueSequences.Compare(_items, ((RegoArray)other)._items);

    public override bool Equals([NotNullWhen(true)] RegoValue? other) =>
        ReferenceEquals(this, other)
        || (other is RegoArray a && a._items.Length == _items.Length && a.GetHashCode() == GetHashCode() && ValueSequences.ItemsEqual(_items, a._items));

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            _hash = ValueSequences.Hash(ValueKind.Array, _items);
        }

        return _hash;
    }
}
