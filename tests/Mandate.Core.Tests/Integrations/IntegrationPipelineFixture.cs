namespace Mandate.Core.Tests.Integrations;

using System.Collections.Concurrent;
using Mandate.Core.Secrets;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;

/// <summary>
/// dynalite, s3rver, the SSM emulator and a provider pool whose log keeps everything down to debug level, for pipelines that
/// resolve the real hashicorp/aws provider through integrations. Nothing starts when the provider is absent.
/// </summary>
public sealed class IntegrationPipelineFixture : IAsyncLifetime
{
    public DynaliteServer Dynalite { get; private set; } = null!;

    public S3rverServer S3rver { get; private set; } = null!;

    /// <summary>SSM Parameter Store: aws_ssm_parameter is a real resource with a sensitive attribute (value).</summary>
    public SsmEmulatorServer Ssm { get; private set; } = null!;

    public CapturingLog Log { get; } = new();

    public ProviderPool Pool { get; private set; } = null!;

    /// <summary>The mirror that holds the provider (also one of the resolver's standard mirrors on this machine).</summary>
    public string MirrorRoot { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // As in production: provider output is scrubbed of the secrets handed to providers before any log sees it.
        Pool = new ProviderPool(new ProviderPoolOptions { MaxInstances = 3, Log = new ScrubbingProviderLog(Log) });
        if (AwsProviderLocator.Default is not { } location)
        {
            return;
        }

        MirrorRoot = location.MirrorRoot;
        Dynalite = await DynaliteServer.StartAsync();
        S3rver = await S3rverServer.StartAsync();
        Ssm = await SsmEmulatorServer.StartAsync();
    }

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

    /// <summary>Every provider and pool log line, debug level included.</summary>
    public sealed class CapturingLog : IProviderLog
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public void Write(ProviderLogLevel level, string source, string message) => _lines.Enqueue($"{level} {source} {message}");
    }
}
