namespace Mandate.Mcp.Catalog;

using System.Text.Json;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Providers.Schema;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

/// <summary>
/// Every tool Mandate offers over MCP, whatever the transport. Lists what a session may see (read-scoped
/// sessions see only tools that change nothing) and runs calls: unknown tools are protocol errors; refused
/// arguments, refused credentials and Core's errors are tool errors the model can act on.
/// </summary>
public sealed class ToolCatalog
{
    private readonly Dictionary<string, ToolDescriptor> _byName;
    private readonly ILogger _logger;

    public ToolCatalog(IEnumerable<ToolDescriptor> tools, ILogger<ToolCatalog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        Tools = [.. tools];
        _byName = new Dictionary<string, ToolDescriptor>(StringComparer.Ordinal);
        foreach (var tool in Tools)
        {
            if (!_byName.TryAdd(tool.Name, tool))
            {
                throw new ArgumentException($"two tools are named '{tool.Name}'", nameof(tools));
            }
        }

        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public IReadOnlyList<ToolDescriptor> Tools { get; }

    public ToolDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tools <paramref name="principal"/> may see, as MCP tool definitions.</summary>
    public IList<Tool> ListFor(Principal principal) =>
        [.. Tools.Where(t => t.IsVisibleTo(principal)).Select(ToMcp)];

    /// <summary>Runs one tools/call for <paramref name="session"/>.</summary>
    /// <exception cref="McpProtocolException">The tool does not exist (JSON-RPC invalid params).</exception>
    public async ValueTask<CallToolResult> CallAsync(ToolSession session, string name, IDictionary<string, JsonElement>? arguments,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Find(name) is not { } tool)
        {
            var close = DidYouMean.Suggest(name ?? "", _byName.Keys);
            throw new McpProtocolException(
                $"Unknown tool: '{name}'" + (close.Count > 0 ? $"; did you mean {string.Join(" or ", close)}?" : "") + " tools/list shows the tools available",
                McpErrorCode.InvalidParams);
        }

        if (!tool.IsVisibleTo(session.Principal))
        {
            return ErrorAdvice.From(new MandateException(MandateErrorCodes.ReadOnlyCredential,
                $"'{tool.Name}' changes things ({tool.Action!.Name}) and this session uses a read-only API key")).ToResult();
        }

        var check = tool.Parameters.Check(arguments);
        if (!check.IsValid)
        {
            return ToolOutcome.Error(MandateErrorCodes.InvalidArgument,
                $"{tool.Name}: {string.Join("; ", check.Problems)}",
                "call again with the arguments fixed; the tool's inputSchema lists every argument and its type").ToResult();
        }

        try
        {
            var outcome = await tool.Handler(new ToolCall(session, check.Values, services), cancellationToken);
            return outcome.ToResult();
        }
        catch (MandateException e)
        {
            return ErrorAdvice.From(e).ToResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an unexpected failure: logged in full here, reported without internals to the client.
            _logger.LogError(e, "MCP tool {Tool} failed for session {Session}", tool.Name, session.Id);
            return ToolOutcome.Error(MandateErrorCodes.Internal,
                $"{tool.Name} failed unexpectedly ({e.GetType().Name}); the server log has the details",
                "tell the user; retrying may not help").ToResult();
        }
    }

    private static Tool ToMcp(ToolDescriptor tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.Parameters.Schema,
        Annotations = new ToolAnnotations
        {
            Title = tool.Title,
            ReadOnlyHint = tool.Hints.ReadOnly,
            // The spec gives destructive/idempotent meaning only for tools that are not read-only.
            DestructiveHint = tool.Hints.ReadOnly ? null : tool.Hints.Destructive,
            IdempotentHint = tool.Hints.Idempotent,
            OpenWorldHint = tool.Hints.OpenWorld,
        },
    };
}
