namespace Mandate.Mcp.Benchmarks;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>The real hashicorp/aws provider pointed at a dynalite (DynamoDB) on loopback.</summary>
internal sealed class DynamoBackedResolver(ProviderSpec spec) : IProviderResolver
{
    public static async Task<DynamoBackedResolver> CreateAsync(DynaliteServer dynalite)
    {
        var location = AwsProviderLocator.Default
            ?? throw new InvalidOperationException("the MCP benchmarks need the AWS provider: " + AwsProviderLocator.AbsenceReason);
        await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = location.BinaryPath });
        var schema = (await probe.GetProviderSchemaAsync()).Schema!;
        var config = ObjectShape.FromPlainJson(schema.Provider.Block, $$"""
            {
              "region": "us-east-1",
              "access_key": "bench",
              "secret_key": "bench",
              "skip_credentials_validation": true,
              "skip_requesting_account_id": true,
              "skip_metadata_api_check": "true",
              "endpoints": [{ "dynamodb": "{{dynalite.Endpoint}}" }]
            }
            """);
        return new DynamoBackedResolver(new ProviderSpec("registry.terraform.io/hashicorp/aws", location.Version, location.BinaryPath, config));
    }

    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) =>
        Task.FromResult(spec);
}
