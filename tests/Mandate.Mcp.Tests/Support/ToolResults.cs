namespace Mandate.Mcp.Tests.Support;

using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

/// <summary>Calling tools and reading their compact JSON results.</summary>
internal static class ToolResults
{
    public static string Text(CallToolResult result) => ((TextContentBlock)result.Content.Single()).Text;

    public static JsonObject Json(CallToolResult result) => JsonNode.Parse(Text(result))!.AsObject();

    /// <summary>Calls a tool that must succeed and returns its JSON.</summary>
    public static async Task<JsonObject> OkAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, Arguments(arguments));
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        return Json(result);
    }

    /// <summary>Calls a tool that must fail and returns its error object.</summary>
    public static async Task<JsonObject> ErrorAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, Arguments(arguments));
        Assert.True(result.IsError == true, $"{tool} was expected to fail: {Text(result)}");
        return Json(result)["error"]!.AsObject();
    }

    private static Dictionary<string, object?>? Arguments(object? arguments) =>
        arguments is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(arguments)!.AsObject()
            .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
}
