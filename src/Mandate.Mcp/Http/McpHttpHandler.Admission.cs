namespace Mandate.Mcp.Http;

using System.Text;
using System.Text.Json;
using Mandate.Core.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

/// <summary>What every request passes before the SDK sees it: origin, credential, size, syntax, session.</summary>
internal sealed partial class McpHttpHandler
{
    /// <summary>The identity of key-less sessions when anonymous read-only access is enabled.</summary>
    public static readonly Principal Anonymous = Principal.ApiKey("anonymous", "anonymous (loopback, read-only)", KeyScope.Read);

    private enum ResponseKind
    {
        None,
        Json,
        Sse,
    }

    private async Task<(bool Admitted, Principal? Principal)> AdmitAsync(HttpContext context)
    {
        if (_guard.Check(context.Request) is { } refusal)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, HttpErrors.InvalidRequest, "Forbidden: " + refusal);
            return (false, null);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            if (options.AllowAnonymousRead)
            {
                return (true, Anonymous);
            }

            await Unauthorized(context, "Unauthorized: send an API key as 'Authorization: Bearer <key>' (`mandate admin create-key` makes one)", invalidToken: false);
            return (false, null);
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            await Unauthorized(context, "Unauthorized: the Authorization header must read 'Bearer <key>'", invalidToken: true);
            return (false, null);
        }

        var authenticator = services.GetRequiredService<IMcpAuthenticator>();
        var result = await authenticator.AuthenticateAsync(authorization[7..].Trim(), context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (result.Principal is null)
        {
            await Unauthorized(context, "Unauthorized: " + (result.Failure ?? "the API key is not valid"), invalidToken: true);
            return (false, null);
        }

        return (true, result.Principal);
    }

    private static Task Unauthorized(HttpContext context, string message, bool invalidToken)
    {
        context.Response.Headers.WWWAuthenticate = invalidToken
            ? $"Bearer realm=\"mandate\", error=\"invalid_token\", error_description=\"{message.Replace("\"", "'", StringComparison.Ordinal)}\""
            : "Bearer realm=\"mandate\"";
        return HttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, HttpErrors.InvalidRequest, message);
    }

    /// <summary>Reads and parses the body; on failure the error response is already written and null returned.</summary>
    private async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext context)
    {
        var limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(context, limit);
            return null;
        }

        if (body.Length > limit)
        {
            await TooLarge(context, limit);
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                    "Invalid Request: the body must be one JSON-RPC message (a JSON object); batches are not supported");
                return null;
            }

            if (!document.RootElement.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                    "Invalid Request: the message must carry \"jsonrpc\": \"2.0\"");
                return null;
            }

            return document.RootElement.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcMessage>())
                ?? throw new JsonException("null message");
        }
        catch (JsonException e)
        {
            var parse = IsWellFormed(body);
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, parse ? HttpErrors.InvalidRequest : HttpErrors.ParseError,
                parse ? $"Invalid Request: not a JSON-RPC request, notification or response ({e.Message})" : $"Parse error: the body is not valid JSON ({FirstLine(e.Message)})");
            return null;
        }
    }

    private static bool IsWellFormed(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static Task TooLarge(HttpContext context, long limit) =>
        HttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, HttpErrors.InvalidRequest,
            $"Payload Too Large: an MCP request body may be at most {limit} bytes");

    /// <summary>The session named by the header, if it exists and belongs to the caller; else the error is written.</summary>
    private async Task<McpHttpSession?> SessionForAsync(HttpContext context, string sessionId, Principal principal, RequestId id)
    {
        if (sessions.Find(sessionId) is not { } session)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, HttpErrors.InvalidRequest,
                "Not Found: no such MCP session (it ended or expired); start a new one with 'initialize'", id);
            return null;
        }

        if (session.Tools.Principal.Id != principal.Id)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, HttpErrors.InvalidRequest,
                "Forbidden: this session was started with another credential; use the same API key for the whole session", id);
            return null;
        }

        return session;
    }

    /// <summary>After initialization the header, when sent, must name a revision we speak (and the session's own).</summary>
    private static async Task<bool> CheckProtocolVersionAsync(HttpContext context, JsonRpcMessage message)
    {
        var header = context.Request.Headers[McpHttpEndpoint.ProtocolVersionHeader].ToString();
        if (header.Length == 0 || message is JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            return true;
        }

        // Any version this server speaks is accepted, not only the one the session negotiated: the spec asks
        // servers to refuse unsupported versions, and clients (and the conformance suite) may send another
        // supported one on later requests of the same session.
        if (!McpHttpEndpoint.SupportedProtocolVersions.Contains(header))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpErrors.InvalidRequest,
                $"Bad Request: {McpHttpEndpoint.ProtocolVersionHeader} '{header}' is not supported (supported: {string.Join(", ", McpHttpEndpoint.SupportedProtocolVersions)})",
                message is JsonRpcMessageWithId w ? w.Id : default);
            return false;
        }

        return true;
    }

    private static ResponseKind AcceptedResponse(HttpRequest request)
    {
        if (Accepts(request, "text/event-stream"))
        {
            return ResponseKind.Sse;
        }

        return Accepts(request, "application/json") ? ResponseKind.Json : ResponseKind.None;
    }

    private static bool Accepts(HttpRequest request, string mediaType)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return false;
        }

        return accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            || (mediaType == "application/json" && accept.Any(a => a.MediaType.Equals("*/*", StringComparison.Ordinal)));
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For clients that accept only JSON: the SDK writes SSE events; the final one is the response, returned
    /// as the body. Notifications sent while the request ran (progress) are dropped, as JSON has no place for them.
    /// </summary>
    private static async Task WriteJsonResponseAsync(HttpContext context, McpHttpSession session, JsonRpcMessage message)
    {
        using var events = new MemoryStream();
        await session.Transport.HandlePostRequestAsync(message, events, context.RequestAborted);
        var last = LastEventData(Encoding.UTF8.GetString(events.GetBuffer(), 0, (int)events.Length));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(last ?? "", context.RequestAborted);
    }

    private static string? LastEventData(string sse)
    {
        string? last = null;
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = string.Join('\n', block.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart()));
            if (data.Length > 0)
            {
                last = data;
            }
        }

        return last;
    }
}
