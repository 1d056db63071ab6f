namespace Mandate.Mcp.Http;

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

/// <summary>HTTP-level refusals, written as a JSON-RPC error object so MCP clients can show the message.</summary>
internal static class HttpErrors
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int InternalError = -32603;

    public static async Task WriteAsync(HttpContext context, int status, int code, string message, RequestId id = default)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id.Id is null ? null : JsonSerializer.SerializeToNode(id, McpJsonUtilities.DefaultOptions.GetTypeInfo<RequestId>()),
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
