namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>
/// The real hashicorp/aws provider pointed at dynalite, s3rver and the SSM emulator, kept warm in a provider pool shared by a
/// test class. Nothing starts when the provider is absent (the facts are skipped with the reason).
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime, IProviderResolver
{
    private ProviderSpec? _spec;

    public DynaliteServer Dynalite { get; private set; } = null!;

    public S3rverServer S3rver { get; private set; } = null!;

    /// <summary>SSM Parameter Store, for aws_ssm_parameter: a resource whose value the provider marks sensitive.</summary>
    public SsmEmulatorServer Ssm { get; private set; } = null!;

    /// <summary>The provider arguments <see cref="ResolveAsync"/> configures, as plain JSON (for a process that configures its own).</summary>
    public string Settings => LocalAwsProvider.Settings(Dynalite.Endpoint, S3rver.Endpoint, Ssm.Endpoint).ToJsonString();

    public ProviderPool Pool { get; } = new(new ProviderPoolOptions { MaxInstances = 2 });

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        Dynalite = await DynaliteServer.StartAsync();
        S3rver = await S3rverServer.StartAsync();
        Ssm = await SsmEmulatorServer.StartAsync();
        _spec = (await LocalAwsProvider.CreateAsync(Dynalite.Endpoint, S3rver.Endpoint, Ssm.Endpoint)).Spec;
    }

    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) =>
        Task.FromResult(_spec ?? throw new InvalidOperationException("the AWS provider is not available"));

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        await Dynalite.DisposeAsync();
        await S3rver.DisposeAsync();
        await Ssm.DisposeAsync();
    }
}
