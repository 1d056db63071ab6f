namespace Mandate.Server;

using Mandate.Core.Application;
using Microsoft.Extensions.Logging;

/// <summary>What `mandate serve` was asked to do.</summary>
/// <param name="Urls">Addresses Kestrel listens on, separated by ';' (ASP.NET Core's --urls format).</param>
/// <param name="DataDirectory">Where the embedded store and the secrets key live; created when missing.</param>
public sealed record ServerOptions(string Urls, string DataDirectory)
{
    /// <summary>Loopback only by default: exposing Mandate to a network is a decision, not an accident.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// The composed application layer the endpoints resolve from DI (it and each app service are
    /// singletons). The caller creates it (<see cref="MandateCoreFactory"/>) and disposes it after the host
    /// stopped; null hosts only the health endpoints.
    /// </summary>
    public MandateCore? Core { get; init; }

    /// <summary>
    /// Whether the host runs <see cref="Core"/>'s background work (crash reconciliation, the operation worker,
    /// pending-expiry sweeps); on by default, off for hosts that only serve requests.
    /// </summary>
    public bool RunBackgroundWork { get; init; } = true;

    /// <summary>
    /// Adds to the host's logging after its defaults (console, per-request lines filtered out); null adds nothing.
    /// Tests use it to capture every line down to debug level and check that no secret is ever logged.
    /// </summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>How /mcp guards itself (anonymous read-only access, extra allowed origins and hosts).</summary>
    public McpSurfaceOptions Mcp { get; init; } = new();
}
