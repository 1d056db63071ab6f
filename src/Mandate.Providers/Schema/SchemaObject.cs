using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>A nested attribute type (protocol 6): attributes with a nesting mode, like a block without blocks.</summary>
public sealed record SchemaObject
{
    /// <summary>The attributes by name.</summary>
    public required IReadOnlyDictionary<string, SchemaAttribute> Attributes { get; init; }

    /// <summary>Single, list, set or map (group is not used for nested attributes).</summary>
    public SchemaNesting Nesting { get; init; } = SchemaNesting.Single;

    /// <summary>Minimum element count (deprecated in the protocol; kept when a provider sends it).</summary>
    public long MinItems { get; init; }

    /// <summary>Maximum element count, 0 meaning unbounded.</summary>
    public long MaxItems { get; init; }

    /// <summary>
    /// The type of values of this nested attribute. Optional attributes do not mark the object type: the wire
    /// always carries every attribute, so this is the type the codecs use.
    /// </summary>
    public CtyType ImpliedType()
    {
        var obj = CtyType.Object(Attributes.ToDictionary(kv => kv.Key, kv => kv.Value.ImpliedType(), StringComparer.Ordinal));
        return Nesting switch
        {
            SchemaNesting.Single or SchemaNesting.Group => obj,
            SchemaNesting.List => obj.HasDynamicTypes ? CtyType.Dynamic : CtyType.List(obj),
            SchemaNesting.Set => CtyType.Set(obj),
            _ => obj.HasDynamicTypes ? CtyType.Dynamic : CtyType.Map(obj),
        };
    }
}
