using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>The schema of a resource type, data source or provider configuration: a versioned block.</summary>
public sealed record ResourceSchema
{
    /// <summary>The version of this schema; stored state of an older version must be upgraded first.</summary>
    public long Version { get; init; }

    /// <summary>The top-level block.</summary>
    public required SchemaBlock Block { get; init; }

    /// <summary>The object type of values of this schema.</summary>
    public CtyType ImpliedType() => Block.ImpliedType();
}
