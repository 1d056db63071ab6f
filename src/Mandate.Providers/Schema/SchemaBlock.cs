using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// A block: attributes and nested block types, the body of every resource, data source and provider schema.
/// A class, not a record: it caches its implied type, which a record's <c>with</c> would copy stale.
/// </summary>
public sealed class SchemaBlock
{
    private CtyType? _impliedType;

    /// <summary>The empty block.</summary>
    public static readonly SchemaBlock Empty = new();

    /// <summary>Attributes by name.</summary>
    public IReadOnlyDictionary<string, SchemaAttribute> Attributes { get; init; } = new Dictionary<string, SchemaAttribute>();

    /// <summary>Nested block types by name.</summary>
    public IReadOnlyDictionary<string, SchemaNestedBlock> BlockTypes { get; init; } = new Dictionary<string, SchemaNestedBlock>();

    /// <summary>Free text about the block.</summary>
    public string? Description { get; init; }

    /// <summary>True when the description is markdown.</summary>
    public bool DescriptionIsMarkdown { get; init; }

    /// <summary>The whole block should not be used any more.</summary>
    public bool Deprecated { get; init; }

    /// <summary>
    /// The object type values of this block have, with one attribute per attribute and per nested block type
    /// (Terraform's configschema ImpliedType). Cached: every encode and decode needs it.
    /// </summary>
    public CtyType ImpliedType()
    {
        if (_impliedType is not null) return _impliedType;
        var attrs = new Dictionary<string, CtyType>(Attributes.Count + BlockTypes.Count, StringComparer.Ordinal);
        foreach (var (name, a) in Attributes) attrs[name] = a.ImpliedType();
        foreach (var (name, b) in BlockTypes) attrs[name] = b.ImpliedType();
        return _impliedType = CtyType.Object(attrs);
    }

    /// <summary>The attribute or nested block named <paramref name="name"/> exists.</summary>
    public bool Has(string name) => Attributes.ContainsKey(name) || BlockTypes.ContainsKey(name);
}
