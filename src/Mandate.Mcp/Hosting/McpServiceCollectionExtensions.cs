namespace Mandate.Mcp.Hosting;

using Mandate.Mcp.Catalog;
using Mandate.Mcp.Http;
using Mandate.Mcp.Providers;
using Mandate.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

/// <summary>Registers the MCP surface. The host adds an <see cref="IMcpAuthenticator"/> and Core's services.</summary>
public static class McpServiceCollectionExtensions
{
    public static IServiceCollection AddMandateMcp(this IServiceCollection services, Action<McpHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new McpHttpOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton<IProviderCatalog>(_ => new MirrorProviderCatalog(Mandate.Providers.Registry.ProviderSources.StandardMirrorDirectories()));
        services.TryAddSingleton(sp => new ToolCatalog(MandateTools.All(), sp.GetService<ILogger<ToolCatalog>>()));
        services.TryAddSingleton(sp => new McpServerOptionsFactory(sp.GetRequiredService<ToolCatalog>(), sp));
        services.TryAddSingleton<McpHttpSessions>();
        services.TryAddSingleton<McpHttpHandler>();
        return services;
    }
}
