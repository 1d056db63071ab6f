using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Benchmarks;

/// <summary>
/// Our share of a cold start, in process: making the AutoMTLS client certificate (ECDSA P-256 as used, RSA-2048
/// for comparison), taking a pre-made one, and opening the schema cache up to a usable provider block.
/// </summary>
[MemoryDiagnoser]
public class ColdPathBenchmarks
{
    private string _cacheDirectory = "";
    private SchemaCacheKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cacheDirectory = Directory.CreateTempSubdirectory("mandate-bench-cold-").FullName;
        _key = new SchemaCacheKey(BenchEnvironment.Address, BenchEnvironment.Version, new string('0', 64));
        // The real AWS schema (1,526 resource types): opening the cache reads its index.
        var provider = ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = BenchEnvironment.ProviderBinary }).GetAwaiter().GetResult();
        try
        {
            new SchemaCache(_cacheDirectory).Store(_key, provider.GetProviderSchemaAsync().AsTask().GetAwaiter().GetResult().Schema!);
        }
        finally
        {
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_cacheDirectory, recursive: true);

    [Benchmark(Baseline = true)]
    public X509Certificate2 Certificate_ecdsa_p256() => ClientCertificate.Make();

    [Benchmark]
    public X509Certificate2 Certificate_rsa_2048()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
    }

    [Benchmark]
    public X509Certificate2 Certificate_taken_premade() => ClientCertificate.TakeAsync().GetAwaiter().GetResult();

    [Benchmark]
    public int Schema_cache_open_to_provider_block()
    {
        var cache = new SchemaCache(_cacheDirectory);
        return cache.TryGet(_key, out var cached) ? CachedSchemaView.ToResponse(cached).Schema!.Provider.Block.Attributes.Count : -1;
    }
}
