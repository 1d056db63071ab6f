using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Mandate.Providers.Schema;

/// <summary>
/// One provider's schema as held by <see cref="SchemaCache"/>: the index is in memory, each type is parsed from the
/// data file on its first lookup and kept. The data file is opened per read, so nothing holds it open.
/// </summary>
public sealed class CachedProviderSchema
{
    private readonly string _dataPath;
    private readonly CacheIndex _index;
    private readonly ConcurrentDictionary<string, ResourceSchema> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ResourceSchema> _dataSources = new(StringComparer.Ordinal);
    private readonly Lazy<ResourceSchema> _provider;
    private readonly Lazy<ResourceSchema?> _providerMeta;
    private readonly Lazy<ResourceTypeSearch> _search;

    private CachedProviderSchema(string directory, CacheIndex index)
    {
        _dataPath = Path.Combine(directory, SchemaCache.DataFileName);
        _index = index;
        _provider = new(() => Read(index.Provider));
        _providerMeta = new(() => index.ProviderMeta is { } m ? Read(m) : null);
        _search = new(() => new ResourceTypeSearch(index.ResourceTypes.Select(kv => new ResourceTypeEntry(kv.Key, kv.Value.Description, []))));
    }

    /// <summary>The provider block's schema.</summary>
    public ResourceSchema Provider => _provider.Value;

    /// <summary>The provider_meta schema, if any.</summary>
    public ResourceSchema? ProviderMeta => _providerMeta.Value;

    /// <summary>Names of every managed resource type.</summary>
    public IReadOnlyCollection<string> ResourceTypeNames => _index.ResourceTypes.Keys;

    /// <summary>Names of every data source.</summary>
    public IReadOnlyCollection<string> DataSourceNames => _index.DataSources.Keys;

    /// <summary>Keyword search over the resource types (names and descriptions; no schema is parsed for it).</summary>
    public ResourceTypeSearch Search => _search.Value;

    /// <summary>The schema of resource type <paramref name="typeName"/>.</summary>
    public bool TryGetResourceType(string typeName, [NotNullWhen(true)] out ResourceSchema? schema) =>
        TryGet(_index.ResourceTypes, _resources, typeName, out schema);

    /// <summary>The schema of data source <paramref name="typeName"/>.</summary>
    public bool TryGetDataSource(string typeName, [NotNullWhen(true)] out ResourceSchema? schema) =>
        TryGet(_index.DataSources, _dataSources, typeName, out schema);

    /// <summary>Every schema, parsed (for callers that need the whole provider, e.g. a schema dump).</summary>
    public ProviderSchema ToProviderSchema() => new()
    {
        Provider = Provider,
        ProviderMeta = ProviderMeta,
        ResourceTypes = ResourceTypeNames.ToDictionary(n => n, n => TryGetResourceType(n, out var s) ? s : throw new InvalidDataException(n), StringComparer.Ordinal),
        DataSources = DataSourceNames.ToDictionary(n => n, n => TryGetDataSource(n, out var s) ? s : throw new InvalidDataException(n), StringComparer.Ordinal),
    };

    internal static CachedProviderSchema? TryOpen(string directory)
    {
        var indexPath = Path.Combine(directory, SchemaCache.IndexFileName);
        if (!File.Exists(indexPath) || !File.Exists(Path.Combine(directory, SchemaCache.DataFileName))) return null;
        try
        {
            var index = JsonSerializer.Deserialize(File.ReadAllBytes(indexPath), SchemaCacheJsonContext.Default.CacheIndex);
            // An index from another format version is treated as absent: the caller refetches and overwrites it.
            return index is { Format: SchemaCache.FormatVersion } ? new CachedProviderSchema(directory, index) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static CachedProviderSchema FromMemory(string directory, CacheIndex index, ProviderSchema schema)
    {
        var cached = new CachedProviderSchema(directory, index);
        foreach (var (name, s) in schema.ResourceTypes) cached._resources[name] = s;
        foreach (var (name, s) in schema.DataSources) cached._dataSources[name] = s;
        return cached;
    }

    private bool TryGet(Dictionary<string, CacheSpan> index, ConcurrentDictionary<string, ResourceSchema> parsed, string typeName,
        [NotNullWhen(true)] out ResourceSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (parsed.TryGetValue(typeName, out schema)) return true;
        if (!index.TryGetValue(typeName, out var span)) return false;
        schema = parsed.GetOrAdd(typeName, Read(span));
        return true;
    }

    private ResourceSchema Read(CacheSpan span)
    {
        var buffer = new byte[span.Length];
        using (SafeFileHandle handle = File.OpenHandle(_dataPath))
        {
            var read = RandomAccess.Read(handle, buffer, span.Offset);
            if (read != span.Length) throw new InvalidDataException($"The schema cache file {_dataPath} is truncated; delete its directory to rebuild it.");
        }

        return SchemaJson.ReadResourceSchema(buffer);
    }
}

/// <summary>The on-disk index of one cache entry.</summary>
internal sealed class CacheIndex
{
    [JsonPropertyName("format")] public int Format { get; init; }
    [JsonPropertyName("provider")] public required CacheSpan Provider { get; init; }
    [JsonPropertyName("provider_meta")] public CacheSpan? ProviderMeta { get; init; }
    [JsonPropertyName("resources")] public required Dictionary<string, CacheSpan> ResourceTypes { get; init; }
    [JsonPropertyName("data_sources")] public required Dictionary<string, CacheSpan> DataSources { get; init; }
}

/// <summary>Where one schema sits in the data file, plus its one-line description for search.</summary>
internal sealed record CacheSpan
{
    [JsonPropertyName("o")] public long Offset { get; init; }
    [JsonPropertyName("l")] public int Length { get; init; }
    [JsonPropertyName("d")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
}

[JsonSerializable(typeof(CacheIndex))]
internal sealed partial class SchemaCacheJsonContext : JsonSerializerContext;
