using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>A nested block type inside a block: its body and how it repeats.</summary>
public sealed record SchemaNestedBlock
{
    /// <summary>The block type's name.</summary>
    public required string TypeName { get; init; }

    /// <summary>The nested block's body.</summary>
    public required SchemaBlock Block { get; init; }

    /// <summary>How the block repeats.</summary>
    public SchemaNesting Nesting { get; init; } = SchemaNesting.Single;

    /// <summary>Fewest blocks config must write (list and set).</summary>
    public long MinItems { get; init; }

    /// <summary>Most blocks config may write (list and set); 0 means no limit.</summary>
    public long MaxItems { get; init; }

    /// <summary>
    /// The type of this block's value inside its parent. Lists and maps whose body holds a dynamic attribute
    /// become dynamic (each element may then differ in type), as in Terraform's configschema.
    /// </summary>
    public CtyType ImpliedType()
    {
        var body = Block.ImpliedType();
        return Nesting switch
        {
            SchemaNesting.Single or SchemaNesting.Group => body,
            SchemaNesting.List => body.HasDynamicTypes ? CtyType.Dynamic : CtyType.List(body),
            SchemaNesting.Set => CtyType.Set(body),
            _ => body.HasDynamicTypes ? CtyType.Dynamic : CtyType.Map(body),
        };
    }
}
