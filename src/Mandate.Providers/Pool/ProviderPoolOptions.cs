using Mandate.Providers.Plugin;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Pool;

public sealed record ProviderPoolOptions
{
    /// <summary>Most provider processes alive at once (each AWS provider holds ~300 MB).</summary>
    public int MaxInstances { get; init; } = 4;

    /// <summary>An instance unused this long is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Persistent schemas keyed by address, version and binary hash: with it, even the first instance of a
    /// provider in a new process skips GetSchema (~0.7 s of provider CPU and ~5 MB for AWS), and a configuration
    /// the same binary has accepted before is not validated again (ValidateProviderConfig: 3–4 s of CPU for AWS).
    /// </summary>
    public SchemaCache? SchemaCache { get; init; }

    /// <summary>When set, every launch and gRPC call of the pool's providers is timed into it (diagnosis, benchmarks).</summary>
    public ProviderTimeline? Timeline { get; init; }

    public IProviderLog Log { get; init; } = NullProviderLog.Instance;

    public ProviderClientOptions Client { get; init; } = ProviderClientOptions.Default;

    /// <summary>Handshake and shutdown timeouts for launched processes.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
