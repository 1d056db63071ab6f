namespace Mandate.Mcp.Hosting;

using Mandate.Mcp.Catalog;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

/// <summary>
/// Builds the SDK's server options for one session: Mandate's identity and instructions, the tools capability,
/// and list/call handlers bound to the session's principal, so every transport serves the same catalog the
/// same way.
/// </summary>
public sealed class McpServerOptionsFactory(ToolCatalog catalog, IServiceProvider services)
{
    public ToolCatalog Catalog { get; } = catalog;

    public McpServerOptions Create(ToolSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "mandate", Title = "Mandate", Version = ServerVersion.Current },
            ServerInstructions = ServerInstructions.Text,
            // Mandate keeps state per session (the current project, the project lock), so it speaks the revisions
            // with the initialize handshake and sessions; clients probing for the sessionless 2026 revision fall back.
            ProtocolVersion = "2025-11-25",
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = Catalog.ListFor(session.Principal) }),
                CallToolHandler = (request, cancellationToken) =>
                    Catalog.CallAsync(session, request.Params?.Name
                        ?? throw new McpProtocolException("tools/call needs params.name", McpErrorCode.InvalidParams),
                        request.Params.Arguments, services, cancellationToken),
            },
        };
    }
}

/// <summary>The version Mandate reports to clients (the assembly's informational version).</summary>
internal static class ServerVersion
{
    public static string Current { get; } =
        (typeof(ServerVersion).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0")
            .Split('+')[0];
}
