using System.Diagnostics.CodeAnalysis;

namespace Mandate.Rego.Values;

/// <summary>
/// An immutable object whose keys may be any value. Entries are stored sorted by key (OPA's order), which
/// gives ordered iteration and JSON output, and O(log n) lookup by binary search. Lookups by a string key
/// (the common case) compare strings ordinally without building a value.
/// </summary>
public sealed class RegoObject : RegoValue
{
    public static readonly RegoObject Empty = new([], []);

    private readonly RegoValue[] _keys;
    private readonly RegoValue[] _values;
    private int _hash;

    private RegoObject(RegoValue[] sortedKeys, RegoValue[] values)
    {
        _keys = sortedKeys;
        _values = values;
    }

    public override ValueKind Kind => ValueKind.Object;

    public int Count => _keys.Length;

    /// <summary>The keys in OPA's order.</summary>
    public ReadOnlySpan<RegoValue> Keys => _keys;

    /// <summary>The values, index-aligned with <see cref="Keys"/>.</summary>
    public ReadOnlySpan<RegoValue> Values => _values;

    public static RegoObject From(IEnumerable<KeyValuePair<RegoValue, RegoValue>> entries)
    {
        var b = new Builder();
        foreach (var (k, v) in entries)
        {
            b.Set(k, v);
        }

        return b.Build();
    }

    public static RegoObject From(IEnumerable<KeyValuePair<string, RegoValue>> entries)
    {
        var b = new Builder();
        foreach (var (k, v) in entries)
        {
            b.Set(RegoString.From(k), v);
        }

        return b.Build();
    }

    public bool TryGetValue(RegoValue key, [NotNullWhen(true)] out RegoValue? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out RegoValue? value)
    {
        var lo = 0;
        var hi = _keys.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var k = _keys[mid];
            // Strings sort after null/boolean/number keys and before composite keys.
            var c = k is RegoString s ? string.CompareOrdinal(s.Value, key) : (k.Kind < ValueKind.String ? -1 : 1);
            if (c == 0)
            {
                value = _values[mid];
                return true;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        value = null;
        return false;
    }

    public RegoValue? this[string key] => TryGetValue(key, out var v) ? v : null;

    public RegoValue? this[RegoValue key] => TryGetValue(key, out var v) ? v : null;

    public bool ContainsKey(RegoValue key) => IndexOf(key) >= 0;

    private int IndexOf(RegoValue key) => ValueSequences.BinarySearch(_keys, key);

    /// <summary>A builder pre-filled with this object's entries, for derived objects.</summary>
    public Builder ToBuilder()
    {
        var b = new Builder();
        for (var i = 0; i < _keys.Length; i++)
        {
            b.Set(_keys[i], _values[i]);
        }

        return b;
    }

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        var n = Math.Min(_keys.Length, o._keys.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(_keys[i], o._keys[i]);
            if (c != 0)
            {
                return c;
            }

            c = Compare(_values[i], o._values[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _keys.Length.CompareTo(o._keys.Length);
    }

    public override bool Equals([NotNullWhen(true)] RegoValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not RegoObject o || o._keys.Length != _keys.Length || o.GetHashCode() != GetHashCode())
        {
            return false;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (!_keys[i].Equals(o._keys[i]) || !_values[i].Equals(o._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            _hash = ValueSequences.Hash(ValueKind.Object, _keys, _values);
        }

        return _hash;
    }

    /// <summary>Accumulates entries (a later <see cref="Set"/> of the same key replaces the value); sorts once.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<RegoValue, RegoValue> _entries = new(RegoValueComparer.Instance);

        public int Count => _entries.Count;

        public void Set(RegoValue key, RegoValue value) => _entries[key] = value;

        public void Set(string key, RegoValue value) => _entries[RegoString.From(key)] = value;

        /// <summary>Adds an entry unless the key exists; false (and no change) when it does.</summary>
        public bool TryAdd(RegoValue key, RegoValue value) => _entries.TryAdd(key, value);

        public bool TryGetValue(RegoValue key, [NotNullWhen(true)] out RegoValue? value) => _entries.TryGetValue(key, out value);

        public bool Remove(RegoValue key) => _entries.Remove(key);

        public RegoObject Build()
        {
            if (_entries.Count == 0)
            {
                return Empty;
            }

            var keys = new RegoValue[_entries.Count];
            var values = new RegoValue[_entries.Count];
            var i = 0;
            foreach (var (k, v) in _entries)
            {
                keys[i] = k;
                values[i] = v;
                i++;
            }

            Array.Sort(keys, values, RegoValueComparer.Instance);
            return new RegoObject(keys, values);
        }
    }
}
