using System.Diagnostics;
using System.Globalization;
using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Benchmarks;

/// <summary>
/// Whole operations against the real provider and a running dynalite, timed with a stopwatch (medians of a few
/// runs), printed as markdown rows for bench/providers-vs-terraform.sh. Cold starts include process launch;
/// "warm" means a launched, configured provider.
/// </summary>
internal static class Compare
{
    private const string Table = "aws_dynamodb_table";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["--dynamodb", var endpoint, ..])
        {
            await Console.Error.WriteLineAsync("usage: compare --dynamodb http://127.0.0.1:PORT [--runs N]");
            return 2;
        }

        var runs = args is [_, _, "--runs", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 5;
        var binary = BenchEnvironment.ProviderBinary;
        var cacheDirectory = Directory.CreateTempSubdirectory("mandate-compare-cache-").FullName;
        try
        {
            var key = new SchemaCacheKey(BenchEnvironment.Address, BenchEnvironment.Version, BinaryHashOf(binary));
            Row("cold start → usable schema, no cache (launch + GetSchema)", await MedianAsync(runs, async () =>
            {
                await using var provider = await ProviderClient.StartAsync(Launch(binary));
                var schema = await provider.GetProviderSchemaAsync();
                _ = schema.Schema!.ResourceTypes[Table].ImpliedType();
            }));

            // Fill the cache once, then measure starts that read it (a fresh SchemaCache each time: nothing in memory).
            await using (var filler = await ProviderClient.StartAsync(Launch(binary)))
            {
                new SchemaCache(cacheDirectory).Store(key, (await filler.GetProviderSchemaAsync()).Schema!);
            }

            Row("cold start → usable schema, schema cache (launch + cache read)", await MedianAsync(runs, async () =>
            {
                await using var provider = await StartCachedAsync(binary, cacheDirectory, key);
                _ = (await provider.GetProviderSchemaAsync()).Schema!.ResourceTypes[Table].ImpliedType();
            }));

            Row("cold create, schema cache (launch + configure + plan + apply, then destroy + stop)", await MedianAsync(runs,
                () => ColdCreateAsync(binary, cacheDirectory, key, endpoint, timeline: null)));

            // What a fresh Mandate process pays: a new pool, the schema cache on disk, the configuration validated
            // by an earlier process (the first, untimed, pool run validates it and remembers that).
            var spec = new ProviderSpec(BenchEnvironment.Address, BenchEnvironment.Version, binary, Config(endpoint, CachedSchema(cacheDirectory, key)));
            await PoolColdCreateAsync(spec, cacheDirectory, timeline: null);
            Row("cold create in a new ProviderPool, schema cache + validation memo (launch + configure + plan + apply, then destroy + stop)",
                await MedianAsync(runs, () => PoolColdCreateAsync(spec, cacheDirectory, timeline: null)));

            if (args.Contains("--timeline"))
            {
                // The last of a few runs: what a long-lived Mandate process sees (its code already JIT-compiled).
                ProviderTimeline? timeline = null;
                for (var i = 0; i < 3; i++)
                {
                    timeline = new ProviderTimeline();
                    await ColdCreateAsync(binary, cacheDirectory, key, endpoint, timeline);
                }

                Console.WriteLine();
                Console.WriteLine(timeline!.ToMarkdown());
                timeline = new ProviderTimeline();
                await PoolColdCreateAsync(spec, cacheDirectory, timeline);
                Console.WriteLine(timeline.ToMarkdown());
            }

            await using var warm = await StartCachedAsync(binary, cacheDirectory, key);
            var warmSchema = (await warm.GetProviderSchemaAsync()).Schema!;
            Check((await warm.ConfigureProviderAsync(new ConfigureProviderRequest(Config(endpoint, warmSchema)))).Diagnostics);
            await DeleteAsync(warm, await CreateAsync(warm, Name())); // first-call warm-up

            Row("warm schema lookup of one type (in memory)", await MedianAsync(runs, () =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    _ = warmSchema.ResourceTypes[Table].ImpliedType();
                }

                return Task.CompletedTask;
            }), divide: 1000);

            ResourceState? created = null;
            Row("warm create of 1 table (validate + plan + apply)", await MedianAsync(runs, async () => created = await CreateAsync(warm, Name()),
                after: () => DeleteAsync(warm, created!)));
            Row("warm destroy of 1 table (plan + apply)", await MedianAsync(runs, () => DeleteAsync(warm, created!),
                before: async () => created = await CreateAsync(warm, Name())));

            ResourceState[] ten = [];
            Row("warm create of 10 tables in parallel", await MedianAsync(runs, async () => ten = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CreateAsync(warm, Name()))),
                after: () => Task.WhenAll(ten.Select(s => DeleteAsync(warm, s)))));

            var before = GC.GetTotalMemory(forceFullCollection: true);
            await using (var fresh = await ProviderClient.StartAsync(Launch(binary)))
            {
                var full = (await fresh.GetProviderSchemaAsync()).Schema!;
                var after = GC.GetTotalMemory(forceFullCollection: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| AWS schema held in memory (managed heap, all {full.ResourceTypes.Count} resource types) | {(after - before) / 1048576.0:0} MB |"));
                GC.KeepAlive(full);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(cacheDirectory, recursive: true);
        }
    }

    private static ProviderLaunchOptions Launch(string binary, ProviderTimeline? timeline = null) => new() { ExecutablePath = binary, Timeline = timeline };

    /// <summary>Launch with the schema from a fresh cache (nothing in memory), configure, create one table; then destroy it and stop.</summary>
    private static async Task ColdCreateAsync(string binary, string cacheDirectory, SchemaCacheKey key, string endpoint, ProviderTimeline? timeline)
    {
        var began = ProviderTimeline.Now();
        await using (var provider = await StartCachedAsync(binary, cacheDirectory, key, timeline))
        {
            var step = ProviderTimeline.Now();
            var config = Config(endpoint, (await provider.GetProviderSchemaAsync()).Schema!);
            timeline?.Record("provider configuration built (schema from cache)", step);
            Check((await provider.ConfigureProviderAsync(new ConfigureProviderRequest(config))).Diagnostics);
            var state = await CreateAsync(provider, Name());
            timeline?.Record("== created: launch + configure + plan + apply", began);
            await DeleteAsync(provider, state);
        }

        timeline?.Record("== destroyed and stopped", began);
    }

    private static async Task PoolColdCreateAsync(ProviderSpec spec, string cacheDirectory, ProviderTimeline? timeline)
    {
        var began = ProviderTimeline.Now();
        await using (var pool = new ProviderPool(new ProviderPoolOptions { SchemaCache = new SchemaCache(cacheDirectory), Timeline = timeline }))
        {
            var state = await pool.UseAsync(spec, (provider, _) => CreateAsync(provider, Name()));
            timeline?.Record("== created: launch + configure + plan + apply", began);
            await pool.UseAsync(spec, async (provider, _) =>
            {
                await DeleteAsync(provider, state);
                return true;
            });
        }

        timeline?.Record("== destroyed and stopped", began);
    }

    /// <summary>Starts the provider while the schema is read from a fresh cache (nothing in memory).</summary>
    private static Task<IProvider> StartCachedAsync(string binary, string cacheDirectory, SchemaCacheKey key, ProviderTimeline? timeline = null) =>
        ProviderClient.StartAsync(Launch(binary, timeline), null, _ => ValueTask.FromResult<GetProviderSchemaResponse?>(
            CachedSchemaView.ToResponse(new SchemaCache(cacheDirectory).TryGet(key, out var cached) ? cached : throw new InvalidOperationException("schema cache entry missing"))));

    private static ProviderSchema CachedSchema(string cacheDirectory, SchemaCacheKey key) =>
        CachedSchemaView.ToResponse(new SchemaCache(cacheDirectory).TryGet(key, out var cached) ? cached : throw new InvalidOperationException("schema cache entry missing")).Schema!;

    private static CtyValue Config(string endpoint, ProviderSchema schema) => ObjectShape.FromPlainJson(schema.Provider.Block, $$"""
        { "region": "us-east-1", "access_key": "bench", "secret_key": "bench", "skip_credentials_validation": true,
          "skip_requesting_account_id": true, "skip_metadata_api_check": "true", "endpoints": [{ "dynamodb": "{{endpoint}}" }] }
        """);

    private static async Task<ResourceState> CreateAsync(IProvider provider, string name)
    {
        var schema = (await provider.GetProviderSchemaAsync()).Schema!;
        var config = ObjectShape.FromPlainJson(schema.ResourceTypes[Table].Block, $$"""
            { "name": "{{name}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{ "name": "id", "type": "S" }], "tags": { "env": "bench" } }
            """);
        var lifecycle = new ResourceLifecycle(provider);
        var plan = await lifecycle.PlanAsync(Table, null, config);
        Check(plan.Diagnostics);
        var applied = await lifecycle.ApplyAsync(plan);
        Check(applied.Diagnostics);
        return applied.State!;
    }

    private static async Task DeleteAsync(IProvider provider, ResourceState state)
    {
        var lifecycle = new ResourceLifecycle(provider);
        Check((await lifecycle.ApplyAsync(await lifecycle.PlanAsync(Table, state, null))).Diagnostics);
    }

    private static void Check(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.HasErrors())
        {
            throw new InvalidOperationException(diagnostics.Describe());
        }
    }

    private static async Task<double> MedianAsync(int runs, Func<Task> work, Func<Task>? before = null, Func<Task>? after = null)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            if (before is not null)
            {
                await before();
            }

            var watch = Stopwatch.StartNew();
            await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (after is not null)
            {
                await after();
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void Row(string what, double milliseconds, int divide = 1)
    {
        var value = milliseconds / divide;
        var text = value >= 1000 ? $"{value / 1000:0.00} s" : value >= 1 ? $"{value:0.0} ms" : $"{value * 1000:0.00} µs";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {text} |"));
    }

    private static string Name() => $"bench-{Guid.NewGuid():N}"[..32];

    private static string BinaryHashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
