using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Mandate.Providers.Messages;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Pool;

/// <summary>
/// Adapts the schema cache's lazily parsed <see cref="CachedProviderSchema"/> to the <see cref="ProviderSchema"/>
/// the adapters take, without parsing all 1,500 AWS resource types up front (CachedProviderSchema.ToProviderSchema
/// does): each type is parsed on its first lookup.
/// </summary>
internal static class CachedSchemaView
{
    public static GetProviderSchemaResponse ToResponse(CachedProviderSchema cached) => new()
    {
        Schema = new ProviderSchema
        {
            Provider = cached.Provider,
            ProviderMeta = cached.ProviderMeta,
            ResourceTypes = new LazyTypes(cached.ResourceTypeNames, cached.TryGetResourceType),
            DataSources = new LazyTypes(cached.DataSourceNames, cached.TryGetDataSource),
        },
    };

    private delegate bool TryGet(string name, [NotNullWhen(true)] out ResourceSchema? schema);

    private sealed class LazyTypes(IReadOnlyCollection<string> names, TryGet tryGet) : IReadOnlyDictionary<string, ResourceSchema>
    {
        public ResourceSchema this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => names;

        public IEnumerable<ResourceSchema> Values => names.Select(n => this[n]);

        public int Count => names.Count;

        public bool ContainsKey(string key) => tryGet(key, out _);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out ResourceSchema value) => tryGet(key, out value);

        public IEnumerator<KeyValuePair<string, ResourceSchema>> GetEnumerator() =>
            names.Select(n => KeyValuePair.Create(n, this[n])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
