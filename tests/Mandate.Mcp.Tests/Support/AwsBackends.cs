namespace Mandate.Mcp.Tests.Support;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>
/// dynalite and s3rver, and a provider resolver that points the real hashicorp/aws provider at them. Nothing
/// starts when the provider is absent: the facts using it are skipped with the reason.
/// </summary>
public sealed class AwsBackends : IAsyncLifetime, IProviderResolver
{
    private ProviderSpec? _spec;

    public DynaliteServer Dynalite { get; private set; } = null!;

    public S3rverServer S3rver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is not { } location)
        {
            return;
        }

        Dynalite = await DynaliteServer.StartAsync();
        S3rver = await S3rverServer.StartAsync();
        await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = location.BinaryPath });
        var schema = (await probe.GetProviderSchemaAsync()).Schema!;
        var config = ObjectShape.FromPlainJson(schema.Provider.Block, $$"""
            {
              "region": "us-east-1",
              "access_key": "{{S3rverServer.AccessKey}}",
              "secret_key": "{{S3rverServer.SecretKey}}",
              "skip_credentials_validation": true,
              "skip_requesting_account_id": true,
              "skip_metadata_api_check": "true",
              "s3_use_path_style": true,
              "endpoints": [{ "dynamodb": "{{Dynalite.Endpoint}}", "s3": "{{S3rver.Endpoint}}" }]
            }
            """);
        _spec = new ProviderSpec("registry.terraform.io/hashicorp/aws", location.Version, location.BinaryPath, config);
    }

    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) =>
        Task.FromResult(_spec ?? throw new InvalidOperationException("the AWS provider is not available"));

    public async Task DisposeAsync()
    {
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        await Dynalite.DisposeAsync();
        await S3rver.DisposeAsync();
    }
}
