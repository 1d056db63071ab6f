namespace Mandate.Mcp.Interop.Tests;

using System.Text.Json.Nodes;
using Mandate.Mcp.Interop.Tests.Support;
using Mandate.TestFixtures.Xunit;
using Xunit.Abstractions;

/// <summary>The official MCP TypeScript SDK client (@modelcontextprotocol/sdk) over Streamable HTTP with a bearer key.</summary>
public sealed class TypeScriptSdkClientTests(KeyedTargetFixture fixture, ITestOutputHelper output) : IClassFixture<KeyedTargetFixture>
{
    private readonly McpTarget _target = fixture.Target;

    [RequiresAwsProviderFact]
    public async Task Lists_tools_and_calls_read_tools_with_a_bearer_key()
    {
        output.WriteLine("server: " + _target.Description);
        var (run, result) = await SdkClient.RunAsync(_target.Endpoint, _target.WriteKey,
            ("provider_search", """{"query": "aws"}"""),
            ("provider_resource_types", """{"provider": "aws", "query": "dynamo table", "limit": 3}"""),
            ("no_such_tool", "{}"));
        output.WriteLine(run.Stdout);

        Assert.True(result["connected"]!.GetValue<bool>(), run.Report);
        Assert.Equal("mandate", result["server"]?["name"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(result["sessionId"]?.GetValue<string>()), "no Mcp-Session-Id was issued:\n" + run.Report);
        Assert.True(result["hasInstructions"]!.GetValue<bool>(), "the server sent no instructions:\n" + run.Report);
        var tools = result["tools"]!.AsArray();
        var search = tools.SingleOrDefault(t => t!["name"]!.GetValue<string>() == "provider_search");
        Assert.True(search is not null, "tools/list has no provider_search:\n" + run.Report);
        Assert.True(search["annotations"]?["readOnlyHint"]?.GetValue<bool>(), "provider_search is not marked read-only");

        var calls = result["calls"]!.AsArray();
        var providers = ToolJson(calls[0]!, run)["providers"]!.AsArray();
        Assert.Contains(providers, p => p!["name"]!.GetValue<string>() == "hashicorp/aws");
        var types = ToolJson(calls[1]!, run)["types"]!.AsArray();
        Assert.Equal("aws_dynamodb_table", types[0]!["type"]!.GetValue<string>());

        // An unknown tool is a JSON-RPC error (invalid params), which the SDK raises rather than returns.
        Assert.Equal(-32602, calls[2]!["protocolError"]?["code"]?.GetValue<int>());
    }

    [Fact]
    public async Task Without_a_key_the_connection_is_refused_with_401()
    {
        var (run, result) = await SdkClient.RunAsync(_target.Endpoint, key: null);

        Assert.False(result["connected"]!.GetValue<bool>(), "connected without a key:\n" + run.Report);
        Assert.Equal(401, result["httpStatus"]?.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_401()
    {
        var (run, result) = await SdkClient.RunAsync(_target.Endpoint, key: _target.WriteKey + "x");

        Assert.False(result["connected"]!.GetValue<bool>(), "connected with a wrong key:\n" + run.Report);
        Assert.Equal(401, result["httpStatus"]?.GetValue<int>());
    }

    [Fact]
    public async Task A_read_key_session_lists_only_read_only_tools()
    {
        var (readRun, read) = await SdkClient.RunAsync(_target.Endpoint, _target.ReadKey);
        var (writeRun, write) = await SdkClient.RunAsync(_target.Endpoint, _target.WriteKey);

        var readTools = read["tools"]!.AsArray();
        Assert.NotEmpty(readTools);
        Assert.All(readTools, t => Assert.True(t!["annotations"]?["readOnlyHint"]?.GetValue<bool>() == true,
            $"read-key session lists {t["name"]}, which is not read-only:\n{readRun.Report}"));
        var writeNames = write["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.True(readTools.All(t => writeNames.Contains(t!["name"]!.GetValue<string>())),
            $"the read-key catalog is not a subset of the write-key catalog:\n{readRun.Stdout}\n{writeRun.Stdout}");
    }

    // A successful call's text parsed as the JSON the tool returns; a tool error fails with the whole run.
    private static JsonNode ToolJson(JsonNode call, ToolRun run)
    {
        Assert.True(call["protocolError"] is null && !call["isError"]!.GetValue<bool>(), $"{call["name"]} failed:\n{run.Report}");
        return JsonNode.Parse(call["text"]!.GetValue<string>())!;
    }
}
