using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// One attribute of a block. Exactly one of <see cref="Type"/> and <see cref="NestedType"/> is set: plain
/// attributes have a cty type, protocol-6 nested attributes have an object of attributes with a nesting mode.
/// </summary>
public sealed record SchemaAttribute
{
    /// <summary>The attribute's name.</summary>
    public required string Name { get; init; }

    /// <summary>The cty type, for plain attributes.</summary>
    public CtyType? Type { get; init; }

    /// <summary>The nested attribute type, for nested attributes.</summary>
    public SchemaObject? NestedType { get; init; }

    /// <summary>Free text; may be long or markdown.</summary>
    public string? Description { get; init; }

    /// <summary>True when the description is markdown rather than plain text.</summary>
    public bool DescriptionIsMarkdown { get; init; }

    /// <summary>Config must set it.</summary>
    public bool Required { get; init; }

    /// <summary>Config may set it.</summary>
    public bool Optional { get; init; }

    /// <summary>The provider may set it (alone: read-only; with Optional: defaulted by the provider when unset).</summary>
    public bool Computed { get; init; }

    /// <summary>Its value must not be shown.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Still accepted but should not be used.</summary>
    public bool Deprecated { get; init; }

    /// <summary>Sent in config but never stored in state (protocol 5.7/6.7 write-only attributes).</summary>
    public bool WriteOnly { get; init; }

    /// <summary>The type of this attribute's value in an object of the block's implied type.</summary>
    public CtyType ImpliedType() =>
        NestedType?.ImpliedType() ?? Type ?? throw new InvalidOperationException($"Attribute \"{Name}\" has neither a type nor a nested type.");

    /// <summary>True when config may never set it: computed and not optional.</summary>
    public bool IsComputedOnly => Computed && !Optional && !Required;
}
