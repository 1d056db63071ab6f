namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>
/// The real hashicorp/aws provider pointed at dynalite and s3rver, kept warm in a provider pool shared by a
/// test class. Nothing starts when the provider is absent (the facts are skipped with the reason).
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime, IProviderResolver
{
    private ProviderSpec? _spec;

    public DynaliteServer Dynalite { get; private set; } = null!;

    public S3rverServer S3rver { get; private set; } = null!;

    public ProviderPool Pool { get; } = new(new ProviderPoolOptions { MaxInstances = 2 });

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is null)
        {
            return;
        }

        Dynalite = await DynaliteServer.StartAsync();
        S3rver = await S3rverServer.StartAsync();
        _spec = (await LocalAwsProvider.CreateAsync(Dynalite.Endpoint, S3rver.Endpoint)).Spec;
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
    }
}
