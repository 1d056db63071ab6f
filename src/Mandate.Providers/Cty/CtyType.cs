using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Mandate.Providers.Cty;

/// <summary>The family a <see cref="CtyType"/> belongs to.</summary>
public enum CtyTypeKind
{
    /// <summary>UTF-8 text.</summary>
    String,
    /// <summary>An exact decimal number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>Ordered elements of one type.</summary>
    List,
    /// <summary>Unordered, unique elements of one type.</summary>
    Set,
    /// <summary>String keys to elements of one type.</summary>
    Map,
    /// <summary>Named attributes, each with its own type.</summary>
    Object,
    /// <summary>Positional elements, each with its own type.</summary>
    Tuple,
    /// <summary>"Any type, decided by the value": cty's DynamicPseudoType.</summary>
    Dynamic,
}

/// <summary>
/// A cty type, as Terraform and its providers use it. Immutable and compared structurally; the hash is
/// computed once because types are compared on every value operation.
/// </summary>
public sealed class CtyType : IEquatable<CtyType>
{
    private static readonly FrozenDictionary<string, CtyType> NoAttributes = FrozenDictionary<string, CtyType>.Empty;

    /// <summary>The string type.</summary>
    public static readonly CtyType String = new(CtyTypeKind.String);
    /// <summary>The number type.</summary>
    public static readonly CtyType Number = new(CtyTypeKind.Number);
    /// <summary>The bool type.</summary>
    public static readonly CtyType Bool = new(CtyTypeKind.Bool);
    /// <summary>The dynamic pseudo-type: the real type is carried by each value.</summary>
    public static readonly CtyType Dynamic = new(CtyTypeKind.Dynamic);
    /// <summary>The object type with no attributes.</summary>
    public static readonly CtyType EmptyObject = Object(new Dictionary<string, CtyType>());
    /// <summary>The tuple type with no elements.</summary>
    public static readonly CtyType EmptyTuple = Tuple([]);

    private readonly int _hash;

    private CtyType(CtyTypeKind kind, CtyType? element = null, IReadOnlyDictionary<string, CtyType>? attributes = null,
        ImmutableArray<string> attributeNames = default, FrozenSet<string>? optional = null,
        ImmutableArray<CtyType> elements = default)
    {
        Kind = kind;
        ElementType = element;
        AttributeTypes = attributes ?? NoAttributes;
        AttributeNames = attributeNames.IsDefault ? [] : attributeNames;
        OptionalAttributes = optional ?? FrozenSet<string>.Empty;
        TupleElementTypes = elements.IsDefault ? [] : elements;
        _hash = ComputeHash();
    }

    /// <summary>The null of this type, made once (a benign race may make two; either is correct).</summary>
    internal CtyValue? CachedNull { get; set; }

    /// <summary>The unknown of this type, made once.</summary>
    internal CtyValue? CachedUnknown { get; set; }

    /// <summary>The type family.</summary>
    public CtyTypeKind Kind { get; }

    /// <summary>Element type of a list, set or map; null otherwise.</summary>
    public CtyType? ElementType { get; }

    /// <summary>Attribute types of an object (empty otherwise).</summary>
    public IReadOnlyDictionary<string, CtyType> AttributeTypes { get; }

    /// <summary>Attribute names of an object in ordinal order, the order every codec writes them in.</summary>
    public ImmutableArray<string> AttributeNames { get; }

    /// <summary>Object attributes that may be omitted in a type constraint (cty's optional attributes).</summary>
    public IReadOnlySet<string> OptionalAttributes { get; }

    /// <summary>Element types of a tuple (empty otherwise).</summary>
    public ImmutableArray<CtyType> TupleElementTypes { get; }

    /// <summary>True for string, number and bool.</summary>
    public bool IsPrimitive => Kind is CtyTypeKind.String or CtyTypeKind.Number or CtyTypeKind.Bool;

    /// <summary>True for list, set and map (one element type).</summary>
    public bool IsCollection => Kind is CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map;

    /// <summary>True when this type is or contains the dynamic pseudo-type.</summary>
    public bool HasDynamicTypes => Kind switch
    {
        CtyTypeKind.Dynamic => true,
        CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map => ElementType!.HasDynamicTypes,
        CtyTypeKind.Object => AttributeTypes.Values.Any(t => t.HasDynamicTypes),
        CtyTypeKind.Tuple => TupleElementTypes.Any(t => t.HasDynamicTypes),
        _ => false,
    };

    /// <summary>A list of <paramref name="element"/>.</summary>
    public static CtyType List(CtyType element) => new(CtyTypeKind.List, element: Checked(element));

    /// <summary>A set of <paramref name="element"/>.</summary>
    public static CtyType Set(CtyType element) => new(CtyTypeKind.Set, element: Checked(element));

    /// <summary>A map of string to <paramref name="element"/>.</summary>
    public static CtyType Map(CtyType element) => new(CtyTypeKind.Map, element: Checked(element));

    /// <summary>A tuple with the given element types.</summary>
    public static CtyType Tuple(IEnumerable<CtyType> elements) =>
        new(CtyTypeKind.Tuple, elements: [.. elements.Select(Checked)]);

    /// <summary>An object with the given attributes; <paramref name="optional"/> names attributes that may be omitted.</summary>
    public static CtyType Object(IReadOnlyDictionary<string, CtyType> attributes, IEnumerable<string>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var names = attributes.Keys.Order(StringComparer.Ordinal).ToImmutableArray();
        var opt = optional?.ToFrozenSet(StringComparer.Ordinal);
        if (opt is not null)
        {
            foreach (var name in opt)
            {
                if (!attributes.ContainsKey(name))
                    throw new ArgumentException($"Optional attribute \"{name}\" is not an attribute of the object type.", nameof(optional));
            }
        }

        foreach (var t in attributes.Values) Checked(t);
        return new CtyType(CtyTypeKind.Object, attributes: attributes.ToFrozenDictionary(StringComparer.Ordinal),
            attributeNames: names, optional: opt is { Count: > 0 } ? opt : null);
    }

    /// <summary>The same type with every optional-attribute marker removed, at any depth.</summary>
    public CtyType WithoutOptionalAttributesDeep() => Kind switch
    {
        CtyTypeKind.List => List(ElementType!.WithoutOptionalAttributesDeep()),
        CtyTypeKind.Set => Set(ElementType!.WithoutOptionalAttributesDeep()),
        CtyTypeKind.Map => Map(ElementType!.WithoutOptionalAttributesDeep()),
        CtyTypeKind.Tuple => Tuple(TupleElementTypes.Select(t => t.WithoutOptionalAttributesDeep())),
        CtyTypeKind.Object => Object(AttributeTypes.ToDictionary(kv => kv.Key, kv => kv.Value.WithoutOptionalAttributesDeep(), StringComparer.Ordinal)),
        _ => this,
    };

    /// <summary>The type of attribute <paramref name="name"/>; throws when this is not an object with it.</summary>
    public CtyType AttributeType(string name) =>
        AttributeTypes.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"Type {this} has no attribute \"{name}\".");

    /// <summary>Parses Terraform's JSON type encoding, e.g. <c>["list","string"]</c>.</summary>
    public static CtyType ParseJson(ReadOnlySpan<byte> utf8Json) => CtyTypeJson.Parse(utf8Json);

    /// <summary>Parses Terraform's JSON type encoding from text.</summary>
    public static CtyType ParseJson(string json) => CtyTypeJson.Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Terraform's JSON type encoding, as the plugin protocol carries it.</summary>
    public byte[] ToJsonUtf8() => CtyTypeJson.Write(this);

    /// <summary>Terraform's JSON type encoding as text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToJsonUtf8());

    /// <summary>A readable name, as Terraform prints types: <c>list(string)</c>, <c>object({a=number})</c>.</summary>
    public string FriendlyName() => Kind switch
    {
        CtyTypeKind.String => "string",
        CtyTypeKind.Number => "number",
        CtyTypeKind.Bool => "bool",
        CtyTypeKind.Dynamic => "any",
        CtyTypeKind.List => $"list({ElementType!.FriendlyName()})",
        CtyTypeKind.Set => $"set({ElementType!.FriendlyName()})",
        CtyTypeKind.Map => $"map({ElementType!.FriendlyName()})",
        CtyTypeKind.Tuple => $"tuple([{string.Join(", ", TupleElementTypes.Select(t => t.FriendlyName()))}])",
        _ => "object({" + string.Join(", ", AttributeNames.Select(n =>
            OptionalAttributes.Contains(n) ? $"{n}=optional({AttributeTypes[n].FriendlyName()})" : $"{n}={AttributeTypes[n].FriendlyName()}")) + "})",
    };

    /// <inheritdoc/>
    public override string ToString() => FriendlyName();

    /// <inheritdoc/>
    public bool Equals(CtyType? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other.Kind != Kind) return false;
        switch (Kind)
        {
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map:
                return ElementType!.Equals(other.ElementType);
            case CtyTypeKind.Tuple:
                return TupleElementTypes.SequenceEqual(other.TupleElementTypes);
            case CtyTypeKind.Object:
                if (AttributeNames.Length != other.AttributeNames.Length || OptionalAttributes.Count != other.OptionalAttributes.Count)
                    return false;
                foreach (var (name, type) in AttributeTypes)
                {
                    if (!other.AttributeTypes.TryGetValue(name, out var o) || !type.Equals(o)) return false;
                }

                return OptionalAttributes.All(other.OptionalAttributes.Contains);
            default:
                return true;
        }
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CtyType);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Structural equality.</summary>
    public static bool operator ==(CtyType? left, CtyType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(CtyType? left, CtyType? right) => !(left == right);

    private int ComputeHash()
    {
        var h = new HashCode();
        h.Add(Kind);
        h.Add(ElementType);
        foreach (var name in AttributeNames)
        {
            h.Add(name, StringComparer.Ordinal);
            h.Add(AttributeTypes[name]);
            h.Add(OptionalAttributes.Contains(name));
        }

        foreach (var t in TupleElementTypes) h.Add(t);
        return h.ToHashCode();
    }

    private static CtyType Checked(CtyType t) => t ?? throw new ArgumentNullException(nameof(t), "A cty type cannot contain a null type.");
}
