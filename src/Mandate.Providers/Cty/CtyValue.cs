using System.Collections.Immutable;

namespace Mandate.Providers.Cty;

/// <summary>
/// An immutable cty value: null, unknown (known only after apply), or known, optionally marked sensitive.
/// <para>
/// Layout: primitives keep their payload in fields; list, set and tuple keep <see cref="Elements"/>; objects keep
/// attribute values in <see cref="CtyType.AttributeNames"/> order; maps keep sorted keys beside their values, so
/// equal maps are equal element by element. Sets are deduplicated and kept in one canonical order, so two sets
/// with the same members compare equal whatever order they were built in.
/// </para>
/// </summary>
public sealed partial class CtyValue
{
    private readonly string? _string;
    private readonly CtyNumber _number;
    private readonly bool _bool;
    private readonly ImmutableArray<CtyValue> _elements;
    private readonly ImmutableArray<string> _mapKeys;

    private CtyValue(CtyType type, CtyValueState state, bool sensitive, string? str = null, CtyNumber number = default,
        bool boolean = false, ImmutableArray<CtyValue> elements = default, ImmutableArray<string> mapKeys = default)
    {
        Type = type;
        State = state;
        IsSensitive = sensitive;
        _string = str;
        _number = number;
        _bool = boolean;
        _elements = elements.IsDefault ? [] : elements;
        _mapKeys = mapKeys.IsDefault ? [] : mapKeys;
    }

    /// <summary>The value's type (for objects with dynamic attributes: the declared type it was built with).</summary>
    public CtyType Type { get; }

    /// <summary>Whether the value is known, null or unknown.</summary>
    public CtyValueState State { get; }

    /// <summary>True for null values.</summary>
    public bool IsNull => State == CtyValueState.Null;

    /// <summary>False for values known only after apply.</summary>
    public bool IsKnown => State != CtyValueState.Unknown;

    /// <summary>True when this value (not necessarily its elements) carries the sensitive mark.</summary>
    public bool IsSensitive { get; }

    /// <summary>Elements of a known list, set or tuple; attribute values of an object (in name order); values of a map (in key order).</summary>
    public ImmutableArray<CtyValue> Elements => _elements;

    /// <summary>Keys of a known map, in ordinal order, parallel to <see cref="Elements"/>.</summary>
    public ImmutableArray<string> MapKeys => _mapKeys;

    /// <summary>Number of elements of a known collection or tuple, or attributes of an object.</summary>
    public int Length => _elements.Length;

    /// <summary>The null value of the dynamic pseudo-type.</summary>
    public static readonly CtyValue DynamicNull = new(CtyType.Dynamic, CtyValueState.Null, false);

    /// <summary>The unknown value of the dynamic pseudo-type ("some value of some type, after apply").</summary>
    public static readonly CtyValue DynamicUnknown = new(CtyType.Dynamic, CtyValueState.Unknown, false);

    /// <summary>true.</summary>
    public static readonly CtyValue True = new(CtyType.Bool, CtyValueState.Known, false, boolean: true);

    /// <summary>false.</summary>
    public static readonly CtyValue False = new(CtyType.Bool, CtyValueState.Known, false, boolean: false);

    /// <summary>The empty object.</summary>
    public static readonly CtyValue EmptyObject = new(CtyType.EmptyObject, CtyValueState.Known, false);

    /// <summary>The null of <paramref name="type"/>.</summary>
    public static CtyValue Null(CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        // Values are immutable, so one null per type instance serves every object attribute that is null.
        return type.Kind == CtyTypeKind.Dynamic ? DynamicNull : type.CachedNull ??= new(type, CtyValueState.Null, false);
    }

    /// <summary>The unknown of <paramref name="type"/>.</summary>
    public static CtyValue Unknown(CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind == CtyTypeKind.Dynamic ? DynamicUnknown : type.CachedUnknown ??= new(type, CtyValueState.Unknown, false);
    }

    /// <summary>A string; cty normalizes strings to Unicode NFC, so we do too.</summary>
    public static CtyValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(CtyType.String, CtyValueState.Known, false, str: value.IsNormalized() ? value : value.Normalize());
    }

    /// <summary>A number.</summary>
    public static CtyValue Number(CtyNumber value) => new(CtyType.Number, CtyValueState.Known, false, number: value);

    /// <summary>An integer.</summary>
    public static CtyValue Number(long value) => Number(CtyNumber.FromInt64(value));

    /// <summary>A float64, read as its shortest round-trip decimal.</summary>
    public static CtyValue Number(double value) => Number(CtyNumber.FromDouble(value));

    /// <summary>A bool.</summary>
    public static CtyValue Bool(bool value) => value ? True : False;

    /// <summary>A list of <paramref name="elementType"/>; every element must conform to it.</summary>
    public static CtyValue List(CtyType elementType, IEnumerable<CtyValue> elements)
    {
        var items = elements.ToImmutableArray();
        foreach (var e in items) CheckConforms(e, elementType, "list element");
        return new(CtyType.List(elementType), CtyValueState.Known, false, elements: items);
    }

    /// <summary>A set of <paramref name="elementType"/>: duplicates are dropped and members put in canonical order.</summary>
    public static CtyValue Set(CtyType elementType, IEnumerable<CtyValue> elements)
    {
        var items = new List<CtyValue>();
        var seen = new HashSet<CtyValue>();
        foreach (var e in elements)
        {
            CheckConforms(e, elementType, "set element");
            if (seen.Add(e)) items.Add(e);
        }

        items.Sort(CtySetOrder.Instance);
        return new(CtyType.Set(elementType), CtyValueState.Known, false, elements: [.. items]);
    }

    /// <summary>A map of <paramref name="elementType"/>.</summary>
    public static CtyValue Map(CtyType elementType, IEnumerable<KeyValuePair<string, CtyValue>> entries)
    {
        var sorted = new SortedDictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (k, v) in entries)
        {
            CheckConforms(v, elementType, $"map element \"{k}\"");
            if (!sorted.TryAdd(k, v)) throw new ArgumentException($"Map key \"{k}\" appears twice.", nameof(entries));
        }

        return new(CtyType.Map(elementType), CtyValueState.Known, false, elements: [.. sorted.Values], mapKeys: [.. sorted.Keys]);
    }

    /// <summary>A tuple; its type is made of the elements' types.</summary>
    public static CtyValue Tuple(IEnumerable<CtyValue> elements)
    {
        var items = elements.ToImmutableArray();
        return new(CtyType.Tuple(items.Select(e => e.Type)), CtyValueState.Known, false, elements: items);
    }

    /// <summary>An object whose type is made of the attribute values' types.</summary>
    public static CtyValue Object(IReadOnlyDictionary<string, CtyValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var type = CtyType.Object(attributes.ToDictionary(kv => kv.Key, kv => kv.Value.Type, StringComparer.Ordinal));
        return new(type, CtyValueState.Known, false, elements: [.. type.AttributeNames.Select(n => attributes[n])]);
    }

    /// <summary>
    /// An object of a declared <paramref name="type"/>: every attribute must be given and conform to its declared
    /// type (a dynamic attribute accepts a value of any type). Keeping the declared type is what the codecs need.
    /// </summary>
    public static CtyValue Object(CtyType type, IReadOnlyDictionary<string, CtyValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(attributes);
        if (type.Kind != CtyTypeKind.Object) throw new ArgumentException($"Expected an object type, got {type}.", nameof(type));
        if (attributes.Count != type.AttributeNames.Length || attributes.Keys.Any(k => !type.AttributeTypes.ContainsKey(k)))
        {
            var missing = type.AttributeNames.Where(n => !attributes.ContainsKey(n));
            var extra = attributes.Keys.Where(k => !type.AttributeTypes.ContainsKey(k));
            throw new ArgumentException($"Object attributes do not match {type}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}].", nameof(attributes));
        }

        var values = ImmutableArray.CreateBuilder<CtyValue>(type.AttributeNames.Length);
        foreach (var name in type.AttributeNames)
        {
            var v = attributes[name];
            CheckConforms(v, type.AttributeTypes[name], $"attribute \"{name}\"");
            values.Add(v);
        }

        return new(type, CtyValueState.Known, false, elements: values.MoveToImmutable());
    }

    /// <summary>The empty list of <paramref name="elementType"/>.</summary>
    public static CtyValue EmptyList(CtyType elementType) => List(elementType, []);

    /// <summary>The empty set of <paramref name="elementType"/>.</summary>
    public static CtyValue EmptySet(CtyType elementType) => Set(elementType, []);

    /// <summary>The empty map of <paramref name="elementType"/>.</summary>
    public static CtyValue EmptyMap(CtyType elementType) => Map(elementType, []);

    /// <summary>The text of a known string.</summary>
    public string AsString() => Type.Kind == CtyTypeKind.String && State == CtyValueState.Known ? _string! : throw NotA("known string");

    /// <summary>The number of a known number.</summary>
    public CtyNumber AsNumber() => Type.Kind == CtyTypeKind.Number && State == CtyValueState.Known ? _number : throw NotA("known number");

    /// <summary>The truth of a known bool.</summary>
    public bool AsBool() => Type.Kind == CtyTypeKind.Bool && State == CtyValueState.Known ? _bool : throw NotA("known bool");

    /// <summary>The value of object attribute <paramref name="name"/>; for a null or unknown object, a null or unknown of the attribute's type.</summary>
    public CtyValue GetAttribute(string name)
    {
        if (Type.Kind != CtyTypeKind.Object) throw NotA("object");
        var index = Type.AttributeNames.IndexOf(name, StringComparer.Ordinal);
        if (index < 0) throw new KeyNotFoundException($"{Type} has no attribute \"{name}\".");
        return State switch
        {
            CtyValueState.Known => _elements[index],
            CtyValueState.Null => Null(Type.AttributeTypes[name]),
            _ => Unknown(Type.AttributeTypes[name]),
        };
    }

    /// <summary>The map element with <paramref name="key"/>, if present.</summary>
    public bool TryGetMapElement(string key, out CtyValue element)
    {
        var i = _mapKeys.BinarySearch(key, StringComparer.Ordinal);
        element = i >= 0 ? _elements[i] : Null(Type.ElementType ?? CtyType.Dynamic);
        return i >= 0;
    }

    /// <summary>Attributes of a known object as (name, value) pairs, in name order.</summary>
    public IEnumerable<KeyValuePair<string, CtyValue>> Attributes()
    {
        if (Type.Kind != CtyTypeKind.Object) throw NotA("object");
        for (var i = 0; i < _elements.Length; i++) yield return new(Type.AttributeNames[i], _elements[i]);
    }

    /// <summary>Entries of a known map, in key order.</summary>
    public IEnumerable<KeyValuePair<string, CtyValue>> MapEntries()
    {
        for (var i = 0; i < _mapKeys.Length; i++) yield return new(_mapKeys[i], _elements[i]);
    }

    /// <summary>The same value marked sensitive.</summary>
    public CtyValue MarkSensitive() => IsSensitive ? this : With(sensitive: true);

    /// <summary>The same value without the sensitive mark on itself (nested marks stay).</summary>
    public CtyValue Unmark() => IsSensitive ? With(sensitive: false) : this;

    /// <summary>A copy with this value's kind of payload but new elements (used by transforms over containers).</summary>
    internal CtyValue WithElements(ImmutableArray<CtyValue> elements) =>
        new(Type, State, IsSensitive, _string, _number, _bool, elements, _mapKeys);

    private CtyValue With(bool sensitive) => new(Type, State, sensitive, _string, _number, _bool, _elements, _mapKeys);

    private InvalidOperationException NotA(string what) =>
        new($"The value is not a {what}: it is {(IsNull ? "a null " : IsKnown ? "a " : "an unknown ")}{Type}.");

    /// <summary>True when a value of type <paramref name="actual"/> may stand where <paramref name="declared"/> is expected.</summary>
    internal static bool Conforms(CtyType actual, CtyType declared)
    {
        if (declared.Kind == CtyTypeKind.Dynamic || actual.Kind == CtyTypeKind.Dynamic || actual.Equals(declared)) return true;
        if (actual.Kind != declared.Kind) return false;
        return actual.Kind switch
        {
            CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map => Conforms(actual.ElementType!, declared.ElementType!),
            CtyTypeKind.Tuple => actual.TupleElementTypes.Length == declared.TupleElementTypes.Length
                && actual.TupleElementTypes.Zip(declared.TupleElementTypes).All(p => Conforms(p.First, p.Second)),
            CtyTypeKind.Object => actual.AttributeNames.SequenceEqual(declared.AttributeNames)
                && actual.AttributeNames.All(n => Conforms(actual.AttributeTypes[n], declared.AttributeTypes[n])),
            _ => false,
        };
    }

    private static void CheckConforms(CtyValue value, CtyType declared, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Conforms(value.Type, declared))
            throw new ArgumentException($"The {what} has type {value.Type}, which does not conform to {declared}.");
    }
}

/// <summary>Whether a value is known, null or unknown.</summary>
public enum CtyValueState
{
    /// <summary>A known, non-null value.</summary>
    Known,
    /// <summary>null.</summary>
    Null,
    /// <summary>Known only after apply.</summary>
    Unknown,
}
