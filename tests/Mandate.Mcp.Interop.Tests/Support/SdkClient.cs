namespace Mandate.Mcp.Interop.Tests.Support;

using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>Runs tests/mcp-interop/sdk-client.mjs (the MCP TypeScript SDK's client) on Node 22 and parses what it printed.</summary>
internal static class SdkClient
{
    public sealed record Result(ToolRun Run, JsonNode Output);

    /// <param name="calls">Tools to call after tools/list, in order: (name, arguments as a JSON object).</param>
    public static async Task<Result> RunAsync(Uri endpoint, string? key, params (string Name, string ArgumentsJson)[] calls)
    {
        var callsJson = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["arguments"] = JsonNode.Parse(c.ArgumentsJson),
        })]).ToJsonString();
        var run = await ToolRun.ExecuteAsync(NodePackages.Node22, [NodePackages.SdkClientScript, endpoint.ToString(), callsJson],
            new Dictionary<string, string?> { ["MANDATE_API_KEY"] = key });
        Assert.True(run.ExitCode == 0, run.Report);
        try
        {
            return new Result(run, JsonNode.Parse(run.Stdout) ?? throw new JsonException("null document"));
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"the SDK client printed no JSON document ({e.Message}):\n{run.Report}");
        }
    }
}
