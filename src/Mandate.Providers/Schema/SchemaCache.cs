using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mandate.Providers.Schema;

/// <summary>
/// A persistent cache of provider schemas under one directory, keyed by <see cref="SchemaCacheKey"/>, so a warm
/// process (or a new one) never asks the provider again. Each entry is two files in
/// <c>&lt;address&gt;/&lt;version&gt;/&lt;sha256&gt;/</c>: <c>schema.dat</c>, every type's schema as compact JSON in
/// <c>terraform providers schema -json</c> shape, back to back; and <c>schema.idx</c>, a small JSON index of where
/// each type sits. Opening an entry reads only the index; a type is read and parsed on first lookup and then kept,
/// so a warm lookup is a dictionary hit. The index is written last, so a half-written entry is never seen.
/// Safe for concurrent use.
/// </summary>
public sealed class SchemaCache
{
    internal const int FormatVersion = 1;
    internal const string DataFileName = "schema.dat";
    internal const string IndexFileName = "schema.idx";

    private readonly ConcurrentDictionary<SchemaCacheKey, CachedProviderSchema> _open = new();
    private readonly ConcurrentDictionary<SchemaCacheKey, SemaphoreSlim> _fills = new();

    /// <summary>A cache rooted at <paramref name="directory"/> (created on first store).</summary>
    public SchemaCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The cache's root directory.</summary>
    public string Directory { get; }

    /// <summary>The cached schema for <paramref name="key"/>, from memory or disk; false when it was never stored.</summary>
    public bool TryGet(SchemaCacheKey key, [NotNullWhen(true)] out CachedProviderSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_open.TryGetValue(key, out schema)) return true;
        var loaded = CachedProviderSchema.TryOpen(Path.Combine(Directory, key.RelativeDirectory));
        if (loaded is null) return false;
        schema = _open.GetOrAdd(key, loaded);
        return true;
    }

    /// <summary>Stores <paramref name="schema"/> under <paramref name="key"/> (replacing any entry) and returns it as cached.</summary>
    public CachedProviderSchema Store(SchemaCacheKey key, ProviderSchema schema)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(schema);
        var dir = Path.Combine(Directory, key.RelativeDirectory);
        System.IO.Directory.CreateDirectory(dir);
        var data = new ArrayBufferWriter<byte>(1 << 20);
        var index = new CacheIndex
        {
            Format = FormatVersion,
            Provider = Append(data, schema.Provider),
            ProviderMeta = schema.ProviderMeta is null ? null : Append(data, schema.ProviderMeta),
            ResourceTypes = schema.ResourceTypes.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => Append(data, kv.Value) with { Description = Summary(kv.Value) }, StringComparer.Ordinal),
            DataSources = schema.DataSources.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => Append(data, kv.Value) with { Description = Summary(kv.Value) }, StringComparer.Ordinal),
        };
        WriteAtomically(Path.Combine(dir, DataFileName), data.WrittenSpan);
        WriteAtomically(Path.Combine(dir, IndexFileName), JsonSerializer.SerializeToUtf8Bytes(index, SchemaCacheJsonContext.Default.CacheIndex));
        var cached = CachedProviderSchema.FromMemory(dir, index, schema);
        _open[key] = cached;
        return cached;
    }

    /// <summary>
    /// The cached schema for <paramref name="key"/>, or the result of <paramref name="fetch"/> (called at most once
    /// per key at a time, then stored) when there is none.
    /// </summary>
    public async ValueTask<CachedProviderSchema> GetOrAddAsync(SchemaCacheKey key, Func<CancellationToken, ValueTask<ProviderSchema>> fetch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (TryGet(key, out var cached)) return cached;
        var gate = _fills.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryGet(key, out cached)) return cached;
            return Store(key, await fetch(cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    private static CacheSpan Append(ArrayBufferWriter<byte> data, ResourceSchema schema)
    {
        var offset = data.WrittenCount;
        using (var writer = new Utf8JsonWriter(data))
            SchemaJson.WriteResource(writer, schema);
        return new CacheSpan { Offset = offset, Length = data.WrittenCount - offset };
    }

    private static string? Summary(ResourceSchema schema) =>
        schema.Block.Description is { Length: > 0 } d ? CompactSchemaRenderer.FirstSentence(d, 160) : null;

    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temp))
            file.Write(bytes);
        File.Move(temp, path, overwrite: true);
    }
}
