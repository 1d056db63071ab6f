namespace Mandate.Mcp.Hosting;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Mcp.Catalog;
using Mandate.Mcp.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

/// <summary>
/// One MCP session over stdin/stdout for one principal: the same catalog and Core as /mcp. Logs go to stderr
/// (stdout carries the protocol). Returns when the client closes stdin or <paramref name="cancellationToken"/> fires.
/// </summary>
public static class McpStdioHost
{
    public static async Task RunAsync(MandateCore core, Principal principal, IProviderCatalog? providers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(principal);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter(level => level >= LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton(core);
        if (providers is not null)
        {
            services.AddSingleton(providers);
        }

        services.AddMandateMcp();
        await using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var session = new ToolSession("stdio-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), principal);
        var options = provider.GetRequiredService<McpServerOptionsFactory>().Create(session);
        await using var transport = new StdioServerTransport(options, loggers);
        await using var server = McpServer.Create(transport, options, loggers, provider);
        await server.RunAsync(cancellationToken);
    }
}
