using BenchmarkDotNet.Attributes;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Benchmarks;

/// <summary>
/// Schema cache and schema tooling on a whole provider (the real AWS schema when MANDATE_BENCH_SCHEMA_JSON is set):
/// warm lookup is the "&lt; 1 ms" target; the cold variants open the cache from disk as a new process would.
/// </summary>
[MemoryDiagnoser]
public class SchemaBenchmarks
{
    private string _dir = null!;
    private SchemaCacheKey _key = null!;
    private CachedProviderSchema _warm = null!;
    private ResourceSchema _table = null!;
    private ResourceTypeSearch _search = null!;

    [GlobalSetup]
    public void Setup()
    {
        var schema = BenchSchemas.Load(out var source);
        Console.WriteLine($"// schema source: {source}, {schema.ResourceTypes.Count} resource types");
        _dir = Directory.CreateTempSubdirectory("mandate-schema-bench-").FullName;
        _key = new SchemaCacheKey(BenchSchemas.AwsAddress, "5.100.0", new string('e', 64));
        new SchemaCache(_dir).Store(_key, schema);
        if (!new SchemaCache(_dir).TryGet(_key, out var warm)) throw new InvalidOperationException("cache miss after store");
        _warm = warm;
        _warm.TryGetResourceType("aws_dynamodb_table", out var table);
        _table = table!;
        _search = ResourceTypeSearch.ForResourceTypes(schema);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "warm lookup of one resource type")]
    public ResourceSchema? WarmLookup() => _warm.TryGetResourceType("aws_dynamodb_table", out var s) ? s : null;

    [Benchmark(Description = "cold: open cache from disk + first lookup")]
    public ResourceSchema? ColdOpenAndLookup() =>
        new SchemaCache(_dir).TryGet(_key, out var cached) && cached.TryGetResourceType("aws_dynamodb_table", out var s) ? s : null;

    [Benchmark(Description = "compact rendering of aws_dynamodb_table")]
    public string CompactRender() => CompactSchemaRenderer.Render("aws_dynamodb_table", _table);

    [Benchmark(Description = "keyword search over all resource types")]
    public IReadOnlyList<ResourceTypeMatch> Search() => _search.Search("dynamo table");
}
