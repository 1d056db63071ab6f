namespace Mandate.Mcp.Http;

using Mandate.Mcp.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

/// <summary>
/// Streamable HTTP on one path (MCP 2025-06-18/2025-11-25 transport): POST carries one JSON-RPC message and
/// answers with an SSE stream or, for clients that accept only JSON, one JSON body; GET opens the session's
/// stream for server-initiated messages; DELETE ends the session. Every request passes the Origin/Host
/// guard and bearer authentication first; sessions are bound to the credential that started them.
/// </summary>
public static class McpHttpEndpoint
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";

    /// <summary>Protocol revisions that use the initialize handshake and sessions, which is what this endpoint serves.</summary>
    public static readonly IReadOnlyList<string> SupportedProtocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static IEndpointRouteBuilder MapMandateMcp(this IEndpointRouteBuilder routes, string pattern = "/mcp")
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapPost(pattern, (HttpContext context) => Handler(context).PostAsync(context)).ExcludeFromDescription();
        routes.MapGet(pattern, (HttpContext context) => Handler(context).GetAsync(context)).ExcludeFromDescription();
        routes.MapDelete(pattern, (HttpContext context) => Handler(context).DeleteAsync(context)).ExcludeFromDescription();
        return routes;
    }

    private static McpHttpHandler Handler(HttpContext context) => context.RequestServices.GetRequiredService<McpHttpHandler>();
}

/// <summary>The per-request work behind <see cref="McpHttpEndpoint"/>.</summary>
internal sealed partial class McpHttpHandler(McpHttpSessions sessions, McpHttpOptions options, ToolCatalog catalog, IServiceProvider services)
{
    private readonly RequestOriginGuard _guard = new(options);

    public async Task PostAsync(HttpContext context)
    {
        var (admitted, principal) = await AdmitAsync(context);
        if (!admitted)
        {
            return;
        }

        var accept = AcceptedResponse(context.Request);
        if (accept == ResponseKind.None)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, HttpErrors.InvalidRequest,
                "Not Acceptable: the Accept header must include application/json and/or text/event-stream");
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, HttpErrors.InvalidRequest,
                "Unsupported Media Type: send the JSON-RPC message with Content-Type: application/json");
            return;
        }

        var message = await ReadMessageAsync(context);
        if (message is null)
        {
            return;
        }

        McpHttpSession? session;
        var sessionId = context.Request.Headers[McpHttpEndpoint.SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                    $"Bad Request: no {McpHttpEndpoint.SessionHeader} header; start a session with an 'initialize' request first", IdOf(message));
                return;
            }

            session = sessions.Start(principal!);
            if (session is null)
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, HttpErrors.InternalError,
                    "Service Unavailable: too many MCP sessions are open; end unused sessions (DELETE /mcp) or try again later", IdOf(message));
                return;
            }
        }
        else if ((session = await SessionForAsync(context, sessionId, principal!, IdOf(message))) is null)
        {
            return;
        }

        if (!await CheckProtocolVersionAsync(context, message))
        {
            return;
        }

        if (message is JsonRpcRequest { Method: RequestMethods.ToolsCall } call && ToolName(call) is { } toolName
            && catalog.Find(toolName) is { } tool && !tool.IsVisibleTo(session.Tools.Principal))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, HttpErrors.InvalidRequest,
                $"Forbidden: '{toolName}' changes things ({tool.Action!.Name}) and this session uses a read-only API key; use a key with scope 'write'", call.Id);
            return;
        }

        context.Response.Headers[McpHttpEndpoint.SessionHeader] = session.Id;
        using var active = session.Enter();
        if (message is not JsonRpcRequest)
        {
            // Notifications and responses get no body: the spec's 202 Accepted.
            await session.Transport.HandlePostRequestAsync(message, Stream.Null, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (accept == ResponseKind.Sse)
        {
            PrepareEventStream(context);
            await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
            return;
        }

        await WriteJsonResponseAsync(context, session, message);
    }

    public async Task GetAsync(HttpContext context)
    {
        var (admitted, principal) = await AdmitAsync(context);
        if (!admitted)
        {
            return;
        }

        if (!Accepts(context.Request, "text/event-stream"))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, HttpErrors.InvalidRequest,
                "Not Acceptable: GET opens an event stream; send Accept: text/event-stream");
            return;
        }

        var sessionId = context.Request.Headers[McpHttpEndpoint.SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                $"Bad Request: GET needs the {McpHttpEndpoint.SessionHeader} header of an initialized session");
            return;
        }

        if (await SessionForAsync(context, sessionId, principal!, default) is not { } session)
        {
            return;
        }

        using var active = session.Enter();
        PrepareEventStream(context);
        context.Response.Headers[McpHttpEndpoint.SessionHeader] = session.Id;
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted);
        }
        catch (InvalidOperationException) when (!context.Response.HasStarted)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status409Conflict, HttpErrors.InvalidRequest,
                "Conflict: this session already has its GET event stream open; use that one");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream.
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var (admitted, principal) = await AdmitAsync(context);
        if (!admitted)
        {
            return;
        }

        var sessionId = context.Request.Headers[McpHttpEndpoint.SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                $"Bad Request: DELETE ends a session; send its {McpHttpEndpoint.SessionHeader} header");
            return;
        }

        if (await SessionForAsync(context, sessionId, principal!, default) is null)
        {
            return;
        }

        await sessions.EndAsync(sessionId);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static void PrepareEventStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        // Events must leave as they are written, not when a buffer fills.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static string? ToolName(JsonRpcRequest call) =>
        call.Params is System.Text.Json.Nodes.JsonObject p && p["name"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var name) ? name : null;

    private static RequestId IdOf(JsonRpcMessage message) => message is JsonRpcMessageWithId withId ? withId.Id : default;
}
