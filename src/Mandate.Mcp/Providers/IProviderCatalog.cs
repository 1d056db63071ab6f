namespace Mandate.Mcp.Providers;

using Mandate.Providers.Schema;

/// <summary>One provider that can be used here, with the versions available locally.</summary>
/// <param name="Address">Full address, e.g. <c>registry.terraform.io/hashicorp/aws</c>.</param>
/// <param name="Versions">Available versions, newest first.</param>
public sealed record ProviderListing(string Address, IReadOnlyList<string> Versions)
{
    /// <summary>The short name (<c>hashicorp/aws</c>).</summary>
    public string ShortName => Address.StartsWith("registry.terraform.io/", StringComparison.Ordinal) ? Address["registry.terraform.io/".Length..] : Address;

    /// <summary>The type name (<c>aws</c>), also the prefix of its resource types.</summary>
    public string TypeName => Address[(Address.LastIndexOf('/') + 1)..];
}

/// <summary>A provider's schema with a keyword index over its resource types, built once per provider version.</summary>
public sealed class ProviderSchemaView(ProviderListing provider, string version, ProviderSchema schema)
{
    private readonly Lazy<ResourceTypeSearch> _search = new(() => ResourceTypeSearch.ForResourceTypes(schema));

    public ProviderListing Provider { get; } = provider;

    public string Version { get; } = version;

    public ProviderSchema Schema { get; } = schema;

    public ResourceTypeSearch Search => _search.Value;
}

/// <summary>Which providers exist here and what their schemas are: what the provider tools read.</summary>
public interface IProviderCatalog
{
    /// <summary>Every provider whose address or name contains one of <paramref name="query"/>'s words; all when null or empty.</summary>
    IReadOnlyList<ProviderListing> Search(string? query);

    /// <summary>
    /// The schema of <paramref name="provider"/> (<c>aws</c>, <c>hashicorp/aws</c> or a full address) at
    /// <paramref name="version"/> (newest when null). Throws not_found naming the providers that exist.
    /// </summary>
    Task<ProviderSchemaView> GetSchemaAsync(string provider, string? version, CancellationToken cancellationToken);
}
