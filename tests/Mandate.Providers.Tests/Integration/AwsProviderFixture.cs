using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Schema;
using Mandate.Providers.Tests.Support;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

namespace Mandate.Providers.Tests.Integration;

/// <summary>
/// One warm, configured hashicorp/aws provider pointed at dynalite and s3rver, shared by a test class so the
/// suite pays the launch, schema and configure cost once. When the provider binary is absent nothing starts
/// (the facts using it are skipped by <c>RequiresAwsProviderFact</c>).
/// </summary>
public sealed class AwsProviderFixture : IAsyncLifetime
{
    private DynaliteServer? _dynalite;
    private S3rverServer? _s3rver;
    private IProvider? _provider;

    public DynaliteServer Dynalite => _dynalite ?? throw new InvalidOperationException("fixture not started");

    public S3rverServer S3rver => _s3rver ?? throw new InvalidOperationException("fixture not started");

    public IProvider Provider => _provider ?? throw new InvalidOperationException("fixture not started");

    public ProviderSchema Schema { get; private set; } = null!;

    public CtyValue ProviderConfig { get; private set; } = null!;

    public RecordingLog Log { get; } = new();

    public ResourceLifecycle Lifecycle => new(Provider);

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is not { } location)
        {
            return;
        }

        var servers = Task.WhenAll(
            Task.Run(async () => _dynalite = await DynaliteServer.StartAsync()),
            Task.Run(async () => _s3rver = await S3rverServer.StartAsync()));
        _provider = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = location.BinaryPath, Log = Log });
        var schema = await _provider.GetProviderSchemaAsync();
        Schema = schema.Schema ?? throw new InvalidOperationException(schema.Diagnostics.Describe());
        await servers;
        ProviderConfig = AwsConfig.For(Schema, Dynalite.Endpoint, S3rver.Endpoint);
        var configured = await _provider.ConfigureProviderAsync(new ConfigureProviderRequest(ProviderConfig));
        Assert.False(configured.Diagnostics.HasErrors(), configured.Diagnostics.Describe());
    }

    public CtyValue ResourceConfig(string typeName, string json) => ObjectShape.FromPlainJson(Schema.ResourceTypes[typeName].Block, json);

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }

        if (_s3rver is not null)
        {
            await _s3rver.DisposeAsync();
        }
    }
}

/// <summary>The provider configuration that points hashicorp/aws at local emulators without any AWS account.</summary>
internal static class AwsConfig
{
    public static CtyValue For(ProviderSchema schema, Uri dynamodb, Uri s3) => ObjectShape.FromPlainJson(schema.Provider.Block, $$"""
        {
          "region": "us-east-1",
          "access_key": "{{S3rverServer.AccessKey}}",
          "secret_key": "{{S3rverServer.SecretKey}}",
          "skip_credentials_validation": true,
          "skip_requesting_account_id": true,
          "skip_metadata_api_check": "true",
          "s3_use_path_style": true,
          "endpoints": [{ "dynamodb": "{{dynamodb}}", "s3": "{{s3}}" }]
        }
        """);
}
