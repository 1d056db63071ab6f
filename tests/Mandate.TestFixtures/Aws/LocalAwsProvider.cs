namespace Mandate.TestFixtures.Aws;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers;
using Mandate.Providers.Pool;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Plugin;
using Mandate.TestFixtures.Servers;

/// <summary>
/// The real hashicorp/aws provider configured for local emulators (dynalite for DynamoDB, s3rver for S3, the SSM emulator): the
/// one place tests and benchmarks build that configuration. The configuration is typed by the provider's own
/// schema, read once from a probe instance. As a resolver it serves every project and resource type.
/// </summary>
/// <param name="Spec">The provider (address, version, binary) and its configuration: region, the emulators' credentials and
/// endpoints, with the checks that need real AWS skipped.</param>
public sealed record LocalAwsProvider(ProviderSpec Spec) : IProviderResolver
{
    /// <summary>The provider's address as Core's resolvers name it.</summary>
    public const string Address = "registry.terraform.io/hashicorp/aws";

    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) => Task.FromResult(Spec);

    /// <summary>Configures the located provider for the endpoints given; absent provider → an exception with the reason.</summary>
    public static async Task<LocalAwsProvider> CreateAsync(Uri? dynamodb, Uri? s3 = null, Uri? ssm = null)
    {
        var location = AwsProviderLocator.Default ?? throw new InvalidOperationException(AwsProviderLocator.AbsenceReason);
        await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = location.BinaryPath });
        var schema = (await probe.GetProviderSchemaAsync()).Schema!;
        var config = ObjectShape.FromPlainJson(schema.Provider.Block, Settings(dynamodb, s3, ssm).ToJsonString());
        return new LocalAwsProvider(new ProviderSpec(Address, location.Version, location.BinaryPath, config));
    }

    /// <summary>The provider arguments for the endpoints given, as plain JSON.</summary>
    public static JsonObject Settings(Uri? dynamodb, Uri? s3 = null, Uri? ssm = null)
    {
        var endpoints = new JsonObject();
        if (dynamodb is not null)
        {
            endpoints["dynamodb"] = dynamodb.ToString().TrimEnd('/');
        }

        if (s3 is not null)
        {
            endpoints["s3"] = s3.ToString().TrimEnd('/');
        }

        if (ssm is not null)
        {
            endpoints["ssm"] = ssm.ToString().TrimEnd('/');
        }

        return new JsonObject
        {
            ["region"] = "us-east-1",
            // s3rver accepts only its own key pair; dynalite accepts any, so one pair serves both.
            ["access_key"] = S3rverServer.AccessKey,
            ["secret_key"] = S3rverServer.SecretKey,
            ["skip_credentials_validation"] = true,
            ["skip_requesting_account_id"] = true,
            ["skip_metadata_api_check"] = "true", // a string in this provider's schema
            ["s3_use_path_style"] = s3 is not null,
            ["endpoints"] = new JsonArray(endpoints),
        };
    }
}
