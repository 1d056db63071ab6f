namespace Mandate.Providers.Plugin;

/// <summary>How to start one provider plugin process.</summary>
public sealed class ProviderLaunchOptions
{
    /// <summary>The provider binary, e.g. <c>…/terraform-provider-aws_v5.100.0_x5</c>.</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Receives the provider's stderr and the runtime's lifecycle events.</summary>
    public IProviderLog Log { get; init; } = NullProviderLog.Instance;

    /// <summary>Mutual TLS with a fresh certificate per launch (go-plugin AutoMTLS). Off only for diagnosis.</summary>
    public bool AutoMtls { get; init; } = true;

    /// <summary>How long to wait for the handshake line; the AWS provider needs ~0.25 s, slow disks more.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful shutdown may take before the process is killed.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Extra environment for the provider, applied last (a null value removes a variable). By default the SDK's
    /// trace logging is switched off: without it the AWS provider writes ~1.3 MB of JSON per schema request.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>When set, the launch steps and every gRPC call of this provider are timed into it.</summary>
    public ProviderTimeline? Timeline { get; init; }
}
