using Mandate.Providers.Plugin;

namespace Mandate.Providers.Pool;

public sealed record ProviderPoolOptions
{
    /// <summary>Most provider processes alive at once (each AWS provider holds ~300 MB).</summary>
    public int MaxInstances { get; init; } = 4;

    /// <summary>An instance unused this long is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public IProviderLog Log { get; init; } = NullProviderLog.Instance;

    public ProviderClientOptions Client { get; init; } = ProviderClientOptions.Default;

    /// <summary>Handshake and shutdown timeouts for launched processes.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
