using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocols.Convert;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Benchmarks;

/// <summary>
/// The in-process cost of a provider's schema: decoding the 5 MB GetSchema response, converting it to our model,
/// and looking one resource type up warm (what every operation does).
/// </summary>
[MemoryDiagnoser]
public class SchemaBenchmarks
{
    private byte[] _response = [];
    private Wire.GetProviderSchema.Types.Response _parsed = null!;
    private ProviderSchema _schema = null!;
    private CachedProviderSchema _cached = null!;
    private string _cacheDirectory = "";

    [GlobalSetup]
    public void Setup()
    {
        var provider = ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = BenchEnvironment.ProviderBinary }).GetAwaiter().GetResult();
        try
        {
            _parsed = provider.Grpc.CallAsync("/tfplugin5.Provider/GetSchema", new Wire.GetProviderSchema.Types.Request(),
                Wire.GetProviderSchema.Types.Response.Parser, TimeSpan.FromMinutes(5), CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            provider.StopAsync().GetAwaiter().GetResult();
        }

        _response = _parsed.ToByteArray();
        _schema = SchemaConvert.ToProviderSchema(_parsed);
        _cacheDirectory = Directory.CreateTempSubdirectory("mandate-bench-cache-").FullName;
        var key = new SchemaCacheKey(BenchEnvironment.Address, BenchEnvironment.Version, new string('0', 64));
        new SchemaCache(_cacheDirectory).Store(key, _schema);
        _cached = new SchemaCache(_cacheDirectory).TryGet(key, out var opened) ? opened : throw new InvalidOperationException("cache miss");
        _cached.TryGetResourceType("aws_dynamodb_table", out _);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_cacheDirectory, recursive: true);

    [Benchmark(Description = "decode GetSchema response (protobuf, 4.9 MB)")]
    public int DecodeResponse() => Wire.GetProviderSchema.Types.Response.Parser.ParseFrom(_response).ResourceSchemas.Count;

    [Benchmark(Description = "convert to schema model (all types)")]
    public ProviderSchema Convert() => SchemaConvert.ToProviderSchema(_parsed);

    [Benchmark(Description = "warm lookup: in-memory schema")]
    public CtyType WarmLookup() => _schema.ResourceTypes["aws_dynamodb_table"].ImpliedType();

    [Benchmark(Description = "warm lookup: schema cache entry")]
    public CtyType CachedLookup() => _cached.TryGetResourceType("aws_dynamodb_table", out var s) ? s.ImpliedType() : throw new InvalidOperationException();
}
