using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>
/// An immutable set, stored as its distinct elements in OPA's order. Sorted storage gives ordered
/// iteration (which OPA also uses), ordered JSON output and O(log n) membership by binary search without
/// a hash table per set.
/// </summary>
public sealed class RegoSet : RegoValue
{
    public static readonly RegoSet Empty = new([]);

    private readonly RegoValue[] _items;
    private int _hash;

    private RegoSet(RegoValue[] sortedDistinct) => _items = sortedDistinct;

    public override ValueKind Kind => ValueKind.Set;

    public int Count => _items.Length;

    /// <summary>The elements in OPA's order.</summary>
    public ReadOnlySpan<RegoValue> Items => _items;

    public static RegoSet From(IEnumerable<RegoValue> items)
    {
        var b = new Builder();
        foreach (var item in items)
        {
            b.Add(item);
        }

        return b.Build();
    }

    public static RegoSet From(params ReadOnlySpan<RegoValue> items)
    {
        var b = new Builder();
        foreach (var item in items)
        {
            b.Add(item);
        }

        return b.Build();
    }

    /// <summary>Wraps elements already sorted and distinct (checked in debug builds).</summary>
    internal static RegoSet FromSortedDistinct(RegoValue[] items)
    {
#if DEBUG
        for (var i = 1; i < items.Length; i++)
        {
            System.Diagnostics.Debug.Assert(Compare(items[i - 1], items[i]) < 0, "set elements must be sorted and distinct");
        }
#endif
        return items.Length == 0 ? Empty : new RegoSet(items);
    }

    public bool Contains(RegoValue value) => IndexOf(value) >= 0;

    private int IndexOf(RegoValue value) => ValueSequences.BinarySearch(_items, value);

    public RegoSet Union(RegoSet other)
    {
        if (other.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return other;
        }

        var result = new List<RegoValue>(_items.Length + other._items.Length);
        int i = 0, j = 0;
        while (i < _items.Length && j < other._items.Length)
        {
            var c = Compare(_items[i], other._items[j]);
            if (c == 0)
            {
                result.Add(_items[i]);
                i++;
                j++;
            }
            else if (c < 0)
            {
                result.Add(_items[i++]);
            }
            else
            {
                result.Add(other._items[j++]);
            }
        }

        for (; i < _items.Length; i++)
        {
            result.Add(_items[i]);
        }

        for (; j < other._items.Length; j++)
        {
            result.Add(other._items[j]);
        }

        return new RegoSet(result.ToArray());
    }

    public RegoSet Intersect(RegoSet other)
    {
        var result = new List<RegoValue>();
        foreach (var item in _items)
        {
            if (other.Contains(item))
            {
                result.Add(item);
            }
        }

        return result.Count == 0 ? Empty : new RegoSet(result.ToArray());
    }

    public RegoSet Except(RegoSet other)
    {
        var result = new List<RegoValue>();
        foreach (var item in _items)
        {
            if (!other.Contains(item))
            {
                result.Add(item);
            }
        }

        return result.Count == _items.Length ? this : result.Count == 0 ? Empty : new RegoSet(result.ToArray());
    }

    private protected override int CompareSameKind(RegoValue other) => ValueSequences.Compare(_items, ((RegoSet)other)._items);

    public override bool Equals([NotNullWhen(true)] RegoValue? other) =>
        ReferenceEquals(this, other)
        || (other is RegoSet s && s._items.Length == _items.Length && s.GetHashCode() == GetHashCode() && ValueSequences.ItemsEqual(_items, s._items));

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            _hash = ValueSequences.Hash(ValueKind.Set, _items);
        }

        return _hash;
    }

    /// <summary>
    /// Accumulates distinct elements; <see cref="Build"/> sorts once. Small sets (the usual deny/allow
    /// messages) are kept in a short array checked linearly; a hash set takes over past a few elements.
    /// </summary>
    public sealed class Builder
    {
        private const int LinearLimit = 8;

        private RegoValue[]? _small;
        private int _smallCount;
        private HashSet<RegoValue>? _seen;

        public int Count => _seen?.Count ?? _smallCount;

        /// <summary>Adds an element; false when it was already present.</summary>
        public bool Add(RegoValue value)
        {
            if (_seen is not null)
            {
                return _seen.Add(value);
            }

            if (Contains(value))
            {
                return false;
            }

            if (_smallCount < LinearLimit)
            {
                (_small ??= new RegoValue[LinearLimit])[_smallCount++] = value;
                return true;
            }

            _seen = new HashSet<RegoValue>(_small!, RegoValueComparer.Instance);
            Array.Clear(_small!);
            _smallCount = 0;
            return _seen.Add(value);
        }

        public bool Contains(RegoValue value)
        {
            if (_seen is not null)
            {
                return _seen.Contains(value);
            }

            for (var i = 0; i < _smallCount; i++)
            {
                if (_small![i].Equals(value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Empties the builder for reuse (the evaluator keeps a few per thread).</summary>
        internal void Clear()
        {
            if (_small is not null)
            {
                Array.Clear(_small, 0, _smallCount);
            }

            _smallCount = 0;

            // A large set's table is kept (cleared) for the next evaluation that builds one.
            _seen?.Clear();
        }

        public RegoSet Build()
        {
            var count = Count;
            if (count == 0)
            {
                return Empty;
            }

            var items = new RegoValue[count];
            if (_seen is not null)
            {
                _seen.CopyTo(items);
            }
            else
            {
                Array.Copy(_small!, items, count);
            }

            if (count > 1)
            {
                Array.Sort(items, RegoValueComparer.Instance);
            }

            return new RegoSet(items);
        }
    }
}
