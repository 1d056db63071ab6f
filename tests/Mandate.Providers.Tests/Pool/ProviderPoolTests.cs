using System.Diagnostics;
using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.Providers.Tests.Plugin;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Pool;

/// <summary>dynalite for the pool tests, started once for the class.</summary>
public sealed class PoolDynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public DynaliteServer Server => _server ?? throw new InvalidOperationException("dynalite not started");

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is not null)
        {
            _server = await DynaliteServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The provider pool over the real AWS provider: sharing, crash restart, bounds, idle stop, clean dispose.</summary>
public sealed class ProviderPoolTests(PoolDynaliteFixture dynalite) : IClassFixture<PoolDynaliteFixture>
{
    private const string Address = "registry.terraform.io/hashicorp/aws";

    [RequiresAwsProviderFact]
    public async Task Eight_concurrent_operations_share_one_warm_provider_and_a_killed_provider_is_restarted_silently()
    {
        var spec = Spec("us-east-1");
        int[] pids;
        await using (var pool = new ProviderPool())
        {
            // Warm up: one launch, one validation, one configure.
            await pool.UseAsync(spec, (p, ct) => p.GetProviderSchemaAsync(ct).AsTask());
            var firstPid = Assert.Single(pool.ProcessIds);

            var names = Enumerable.Range(0, 8).Select(i => $"pool-{i}-{Guid.NewGuid():N}"[..30]).ToArray();
            var results = await Task.WhenAll(names.Select(name => pool.UseAsync(spec, (p, ct) => CreateAndDeleteAsync(p, name, ct))));
            Assert.All(results, r => Assert.True(r.Succeeded, r.Diagnostics.Describe()));
            Assert.Equal(1, pool.Launches);
            Assert.Equal(firstPid, Assert.Single(pool.ProcessIds));

            // SIGKILL between operations: the next operation gets a fresh, configured provider and no error.
            using (var victim = Process.GetProcessById(firstPid))
            {
                victim.Kill();
                await victim.WaitForExitAsync();
            }

            var afterCrash = await pool.UseAsync(spec, (p, ct) => CreateAndDeleteAsync(p, $"pool-after-{Guid.NewGuid():N}"[..30], ct));
            Assert.True(afterCrash.Succeeded, afterCrash.Diagnostics.Describe());
            Assert.Equal(1, pool.Restarts);
            Assert.Equal(2, pool.Launches);
            Assert.Equal(1, pool.Validations); // the configuration was validated once, not again after the restart
            pids = [firstPid, Assert.Single(pool.ProcessIds)];
            Assert.NotEqual(pids[0], pids[1]);
        }

        Assert.All(pids, pid => Assert.False(ProviderProcessTests.ProcessIsAlive(pid), $"provider {pid} outlived the pool"));
    }

    [RequiresAwsProviderFact]
    public async Task A_full_pool_evicts_the_least_recently_used_idle_instance_and_idle_instances_stop()
    {
        await using var pool = new ProviderPool(new ProviderPoolOptions { MaxInstances = 1, IdleTimeout = TimeSpan.FromSeconds(2) });
        await pool.UseAsync(Spec("us-east-1"), (p, ct) => p.GetProviderSchemaAsync(ct).AsTask());
        var first = Assert.Single(pool.ProcessIds);

        // A different configuration needs its own instance; with room for one, the idle first one goes.
        await pool.UseAsync(Spec("eu-west-1"), (p, ct) => p.GetProviderSchemaAsync(ct).AsTask());
        var second = Assert.Single(pool.ProcessIds);
        Assert.NotEqual(first, second);
        Assert.False(ProviderProcessTests.ProcessIsAlive(first));

        // Unused for longer than the idle timeout: stopped.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((pool.ProcessIds.Count > 0 || ProviderProcessTests.ProcessIsAlive(second)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Empty(pool.ProcessIds);
        Assert.False(ProviderProcessTests.ProcessIsAlive(second));
    }

    [RequiresAwsProviderFact]
    public async Task A_schema_fetched_once_is_persisted_and_a_new_pool_plans_from_the_cache()
    {
        var directory = Directory.CreateTempSubdirectory("mandate-schema-cache-").FullName;
        try
        {
            var spec = Spec("us-east-1");
            var key = new Mandate.Providers.Schema.SchemaCacheKey(spec.Address, spec.Version, Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(spec.ExecutablePath))));
            await using (var first = new ProviderPool(new ProviderPoolOptions { SchemaCache = new Mandate.Providers.Schema.SchemaCache(directory) }))
            {
                await first.UseAsync(spec, (p, ct) => p.GetProviderSchemaAsync(ct).AsTask());
                Assert.Equal(1, first.Validations);
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!new Mandate.Providers.Schema.SchemaCache(directory).TryGet(key, out _) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }

            var cache = new Mandate.Providers.Schema.SchemaCache(directory);
            Assert.True(cache.TryGet(key, out _), "the schema was not persisted");
            var timeline = new ProviderTimeline();
            await using var second = new ProviderPool(new ProviderPoolOptions { SchemaCache = cache, Timeline = timeline });
            var result = await second.UseAsync(spec, (p, ct) => CreateAndDeleteAsync(p, $"cache-{Guid.NewGuid():N}"[..30], ct));
            Assert.True(result.Succeeded, result.Diagnostics.Describe());

            // The new pool neither asked for the schema nor re-validated the configuration the first one validated.
            Assert.Equal(0, second.Validations);
            var calls = timeline.Steps.Select(s => s.Name).Where(n => n.StartsWith("/tfplugin5.", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain("/tfplugin5.Provider/GetSchema", calls);
            Assert.DoesNotContain("/tfplugin5.Provider/PrepareProviderConfig", calls);
            Assert.Equal("/tfplugin5.Provider/Configure", calls[0]);
            Assert.Contains(timeline.Steps, s => s.Name == "handshake line read");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [RequiresAwsProviderFact]
    public async Task An_invalid_provider_configuration_is_a_pool_error_with_the_provider_diagnostics()
    {
        await using var pool = new ProviderPool();
        var bad = Spec("us-east-1", skipMetadataApiCheck: "perhaps");
        var failure = await Assert.ThrowsAsync<ProviderPoolException>(() => pool.UseAsync(bad, (p, ct) => Task.FromResult(0)));
        Assert.NotEmpty(failure.Diagnostics);
        Assert.Empty(pool.ProcessIds);
    }

    private ProviderSpec Spec(string region, string skipMetadataApiCheck = "true")
    {
        var endpoint = CtyValue.String(dynalite.Server.Endpoint.ToString());
        var config = CtyValue.Object(new Dictionary<string, CtyValue>
        {
            ["region"] = CtyValue.String(region),
            ["access_key"] = CtyValue.String("mandate"),
            ["secret_key"] = CtyValue.String("mandate"),
            ["skip_credentials_validation"] = CtyValue.True,
            ["skip_requesting_account_id"] = CtyValue.True,
            ["skip_metadata_api_check"] = CtyValue.String(skipMetadataApiCheck),
            ["endpoints"] = CtyValue.Tuple([CtyValue.Object(new Dictionary<string, CtyValue> { ["dynamodb"] = endpoint })]),
        });
        return new ProviderSpec(Address, AwsProviderRequirement.Get().Version, AwsProviderRequirement.Get().BinaryPath, config);
    }

    private static async Task<ApplyResult> CreateAndDeleteAsync(IProvider provider, string name, CancellationToken cancellationToken)
    {
        var lifecycle = new ResourceLifecycle(provider);
        var schema = (await provider.GetProviderSchemaAsync(cancellationToken)).Schema!;
        var config = ObjectShape.FromPlainJson(schema.ResourceTypes["aws_dynamodb_table"].Block, $$"""
            { "name": "{{name}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{ "name": "id", "type": "S" }] }
            """);
        var created = await lifecycle.ApplyAsync(await lifecycle.PlanAsync("aws_dynamodb_table", null, config, cancellationToken: cancellationToken), cancellationToken);
        if (!created.Succeeded)
        {
            return created;
        }

        return await lifecycle.ApplyAsync(await lifecycle.PlanAsync("aws_dynamodb_table", created.State, null, cancellationToken: cancellationToken), cancellationToken);
    }
}
