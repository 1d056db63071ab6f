namespace Mandate.Mcp.Tests.Support;

using System.Text.Json.Nodes;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>
/// dynalite, s3rver and the SSM emulator for a test class, and the cloud integration (kind aws, custom endpoints) that points a
/// project's hashicorp/aws provider at them — created through the REST API like any client would. Nothing starts
/// when the provider is absent: the facts using it are skipped with the reason.
/// </summary>
public sealed class AwsBackends : IAsyncLifetime
{
    public DynaliteServer Dynalite { get; private set; } = null!;

    public S3rverServer S3rver { get; private set; } = null!;

    /// <summary>SSM Parameter Store, for aws_ssm_parameter: a resource whose value the provider marks sensitive.</summary>
    public SsmEmulatorServer Ssm { get; private set; } = null!;

    /// <summary>The body of <c>POST /api/v1/integrations</c> for the emulators.</summary>
    public JsonObject Integration(string name) => new()
    {
        ["name"] = name,
        ["kind"] = "aws",
        ["settings"] = new JsonObject
        {
            ["region"] = "us-east-1",
            ["endpoints"] = new JsonObject
            {
                ["dynamodb"] = Dynalite.Endpoint.ToString().TrimEnd('/'), ["s3"] = S3rver.Endpoint.ToString().TrimEnd('/'),
                ["ssm"] = Ssm.Endpoint.ToString().TrimEnd('/'),
            },
        },
        // s3rver accepts only its own key pair; dynalite accepts any.
        ["secrets"] = new JsonObject { ["access_key"] = S3rverServer.AccessKey, ["secret_key"] = S3rverServer.SecretKey },
    };

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        Dynalite = await DynaliteServer.StartAsync();
        S3rver = await S3rverServer.StartAsync();
        Ssm = await SsmEmulatorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        await Dynalite.DisposeAsync();
        await S3rver.DisposeAsync();
        await Ssm.DisposeAsync();
    }
}
