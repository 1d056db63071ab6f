using System.Security.Cryptography;
using System.Text;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class SchemaCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mandate-schema-cache-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly SchemaCacheKey Key = new("registry.terraform.io/hashicorp/test", "1.2.3", new string('a', 64));

    private static ProviderSchema Sample() => new()
    {
        Provider = new ResourceSchema { Block = TestSchemas.Block([TestSchemas.Attr("region", Mandate.Providers.Cty.CtyType.String, optional: true)]) },
        ResourceTypes = new Dictionary<string, ResourceSchema>
        {
            ["test_thing"] = new() { Version = 3, Block = TestSchemas.Resource },
            ["test_other"] = new() { Block = TestSchemas.Block([TestSchemas.Attr("id", Mandate.Providers.Cty.CtyType.String, computed: true)]) },
        },
        DataSources = new Dictionary<string, ResourceSchema> { ["test_lookup"] = new() { Block = SchemaBlock.Empty } },
    };

    private static string Json(ResourceSchema s) => Encoding.UTF8.GetString(SchemaJson.WriteResourceSchema(s));

    [Fact]
    public void A_new_cache_instance_finds_what_another_stored()
    {
        new SchemaCache(_dir.FullName).Store(Key, Sample());
        var cache = new SchemaCache(_dir.FullName);
        Assert.True(cache.TryGet(Key, out var cached));
        Assert.True(cached.TryGetResourceType("test_thing", out var thing));
        Assert.Equal(Json(Sample().ResourceTypes["test_thing"]), Json(thing));
        Assert.Equal(3, thing.Version);
        Assert.Equal(TestSchemas.Resource.ImpliedType(), thing.ImpliedType());
        Assert.True(cached.TryGetDataSource("test_lookup", out _));
        Assert.False(cached.TryGetResourceType("test_lookup", out _));
        Assert.Equal(["test_other", "test_thing"], cached.ResourceTypeNames.Order(StringComparer.Ordinal));
        Assert.Equal(Json(Sample().Provider), Json(cached.Provider));
    }

    [Fact]
    public void Another_binary_hash_is_another_entry()
    {
        var cache = new SchemaCache(_dir.FullName);
        cache.Store(Key, Sample());
        Assert.False(new SchemaCache(_dir.FullName).TryGet(new SchemaCacheKey(Key.ProviderAddress, Key.Version, new string('b', 64)), out _));
    }

    [Fact]
    public async Task GetOrAdd_asks_the_provider_once_even_when_called_concurrently()
    {
        var cache = new SchemaCache(_dir.FullName);
        var calls = 0;
        async ValueTask<ProviderSchema> Fetch(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(50, ct);
            return Sample();
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetOrAddAsync(Key, Fetch).AsTask()));
        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Same(results[0], r));

        var warm = new SchemaCache(_dir.FullName);
        var fromDisk = await warm.GetOrAddAsync(Key, _ => throw new InvalidOperationException("a warm cache must not ask the provider"));
        Assert.True(fromDisk.TryGetResourceType("test_other", out _));
    }

    [Fact]
    public void A_damaged_index_is_a_miss_not_an_error()
    {
        var cache = new SchemaCache(_dir.FullName);
        cache.Store(Key, Sample());
        File.WriteAllText(Path.Combine(_dir.FullName, "registry.terraform.io", "hashicorp", "test", "1.2.3", new string('a', 64), "schema.idx"), "{not json");
        Assert.False(new SchemaCache(_dir.FullName).TryGet(Key, out _));
    }

    [Theory]
    [InlineData("../../etc", "1.0.0")]
    [InlineData("registry.terraform.io/hashicorp/aws", "../x")]
    [InlineData("a/b/c/d", "1.0.0")]
    public void Keys_that_could_escape_the_directory_are_refused(string address, string version) =>
        Assert.Throws<ArgumentException>(() => new SchemaCacheKey(address, version, new string('a', 64)));

    [Fact]
    public async Task Binary_hash_is_remembered_until_the_file_changes()
    {
        var binary = Path.Combine(_dir.FullName, "provider");
        await File.WriteAllTextAsync(binary, "one");
        var memo = Path.Combine(_dir.FullName, "memo");
        var first = await ProviderBinaryHash.GetSha256Async(binary, memo);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("one"u8)), first);

        // Overwrite the remembered value: an unchanged file must be answered from the memo, not rehashed.
        var memoFile = Directory.GetFiles(Path.Combine(memo, "binary-hashes")).Single();
        await File.WriteAllTextAsync(memoFile, (await File.ReadAllTextAsync(memoFile)).Replace(first, new string('c', 64), StringComparison.Ordinal));
        Assert.Equal(new string('c', 64), await ProviderBinaryHash.GetSha256Async(binary, memo));

        await File.WriteAllTextAsync(binary, "two!");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("two!"u8)), await ProviderBinaryHash.GetSha256Async(binary, memo));
    }

    [AwsSchemaFact]
    public void The_real_aws_schema_survives_the_cache_and_fits_in_memory()
    {
        var schema = AwsSchemaFixture.Schema;
        var key = new SchemaCacheKey(AwsSchemaFixture.ProviderAddress, AwsSchemaFixture.Version, new string('d', 64));
        new SchemaCache(_dir.FullName).Store(key, schema);
        var dataBytes = Directory.GetFiles(_dir.FullName, "schema.dat", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        var cache = new SchemaCache(_dir.FullName);
        Assert.True(cache.TryGet(key, out var cached));
        Assert.Equal(schema.ResourceTypes.Count, cached.ResourceTypeNames.Count);
        Assert.True(cached.TryGetResourceType("aws_dynamodb_table", out var table));
        Assert.Equal(Json(schema.ResourceTypes["aws_dynamodb_table"]), Json(table));
        Assert.Equal("aws_dynamodb_table", cached.Search.Search("dynamo table")[0].TypeName);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var all = cached.ToProviderSchema();
        foreach (var r in all.ResourceTypes.Values) r.ImpliedType();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(all);
        var megabytes = (after - before) / (1024.0 * 1024.0);
        Console.WriteLine($"AWS schema: cache data file {dataBytes / 1024.0 / 1024.0:F1} MiB; all {all.ResourceTypes.Count} resource types and {all.DataSources.Count} data sources parsed, with implied types: {megabytes:F1} MiB of managed heap");
        Assert.True(megabytes < 150, $"{megabytes:F1} MiB");
        foreach (var (name, s) in schema.ResourceTypes) Assert.Equal(Json(s), Json(all.ResourceTypes[name]));
    }
}
