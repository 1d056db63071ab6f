namespace Mandate.Providers.Schema;

/// <summary>Everything GetProviderSchema returns that Mandate uses: the provider's own config and its types.</summary>
public sealed record ProviderSchema
{
    /// <summary>The schema of the provider block.</summary>
    public required ResourceSchema Provider { get; init; }

    /// <summary>The provider_meta schema, when the provider declares one.</summary>
    public ResourceSchema? ProviderMeta { get; init; }

    /// <summary>Managed resource types by name.</summary>
    public IReadOnlyDictionary<string, ResourceSchema> ResourceTypes { get; init; } = new Dictionary<string, ResourceSchema>();

    /// <summary>Data sources by name.</summary>
    public IReadOnlyDictionary<string, ResourceSchema> DataSources { get; init; } = new Dictionary<string, ResourceSchema>();
}
