namespace Mandate.Server;

using Mandate.Mcp.Hosting;
using Mandate.Mcp.Http;
using Mandate.Mcp.Providers;
using Mandate.Core.Application;
using Microsoft.Extensions.DependencyInjection;

/// <summary>What `mandate serve` was asked about /mcp.</summary>
public sealed record McpSurfaceOptions
{
    /// <summary>Requests without a key act as a read-only anonymous principal. Refused unless every listen address is loopback.</summary>
    public bool AllowAnonymousRead { get; init; }

    /// <summary>Browser origins allowed besides loopback ones.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Host header names allowed besides loopback names and the bound addresses.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}

/// <summary>Registers the MCP endpoint's services over the composed Core.</summary>
internal static class McpSurface
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        if (options.Mcp.AllowAnonymousRead && LoopbackAddresses.EnsureAnonymousAllowed(options.Urls) is { } refusal)
        {
            // The CLI refuses this combination before starting; a host built another way must refuse it too.
            throw new InvalidOperationException(refusal);
        }

        services.AddMandateMcp(mcp =>
        {
            mcp.AllowAnonymousRead = options.Mcp.AllowAnonymousRead;
            foreach (var origin in options.Mcp.AllowedOrigins)
            {
                mcp.AllowedOrigins.Add(origin);
            }

            foreach (var host in options.Mcp.AllowedHosts)
            {
                mcp.AllowedHosts.Add(host);
            }
        });
        services.AddSingleton<IMcpAuthenticator>(sp => new CoreApiKeyAuthenticator(sp.GetRequiredService<MandateCore>()));
        services.AddSingleton<IProviderCatalog>(_ => new MirrorProviderCatalog(Mandate.Providers.Registry.ProviderSources.StandardMirrorDirectories()));
    }
}
