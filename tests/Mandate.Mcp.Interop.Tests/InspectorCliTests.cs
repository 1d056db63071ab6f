namespace Mandate.Mcp.Interop.Tests;

using System.Text.Json.Nodes;
using Mandate.Mcp.Interop.Tests.Support;
using Xunit.Abstractions;

/// <summary>The MCP Inspector's CLI mode (@modelcontextprotocol/inspector --cli) over Streamable HTTP and over stdio.</summary>
public sealed class InspectorCliTests(KeyedTargetFixture fixture, ITestOutputHelper output) : IClassFixture<KeyedTargetFixture>
{
    private readonly McpTarget _target = fixture.Target;

    [Fact]
    public async Task Lists_tools_over_http_with_the_bearer_header()
    {
        output.WriteLine("server: " + _target.Description);
        var run = await InspectAsync([_target.Endpoint.ToString(), "--transport", "http",
            "--header", $"Authorization: Bearer {_target.WriteKey}", "--method", "tools/list"]);

        AssertListsMandateTools(run);
    }

    [Fact]
    public async Task Calls_a_read_tool_over_http()
    {
        var run = await InspectAsync([_target.Endpoint.ToString(), "--transport", "http",
            "--header", $"Authorization: Bearer {_target.WriteKey}",
            "--method", "tools/call", "--tool-name", "provider_search", "--tool-arg", "query=no-such-cloud-xyz"]);

        Assert.True(run.ExitCode == 0, run.Report);
        var result = Json(run);
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
        var answer = JsonNode.Parse(result["content"]![0]!["text"]!.GetValue<string>())!;
        Assert.Empty(answer["providers"]!.AsArray());
        Assert.NotNull(answer["hint"]);
    }

    [RequiresMandateMcpCommandFact]
    public async Task Lists_tools_over_stdio_from_mandate_mcp()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"mandate-interop-stdio-{Guid.NewGuid():N}");
        try
        {
            var key = await MandateProgram.CreateKeyAsync(dataDir, "write");
            // Everything after "--" is the server command the Inspector starts and talks to over stdin/stdout.
            var run = await InspectAsync(["-e", $"MANDATE_API_KEY={key}", "--transport", "stdio", "--method", "tools/list",
                "--", MandateProgram.DotnetHost, MandateProgram.Dll, "mcp", "--data-dir", dataDir]);

            AssertListsMandateTools(run);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private async Task<ToolRun> InspectAsync(IEnumerable<string> arguments)
    {
        var run = await ToolRun.ExecuteAsync(NodePackages.Node22, [NodePackages.InspectorCli, "--cli", .. arguments]);
        output.WriteLine(run.Report);
        return run;
    }

    private static void AssertListsMandateTools(ToolRun run)
    {
        Assert.True(run.ExitCode == 0, run.Report);
        var tools = Json(run)["tools"]?.AsArray() ?? throw new Xunit.Sdk.XunitException("no tools array:\n" + run.Report);
        var names = tools.Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("provider_search", names);
        Assert.Contains("resource_type_schema", names);
        Assert.All(tools, t => Assert.Equal("object", t!["inputSchema"]?["type"]?.GetValue<string>()));
    }

    private static JsonNode Json(ToolRun run)
    {
        try
        {
            return JsonNode.Parse(run.Stdout)!;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"the Inspector printed no JSON ({e.Message}):\n{run.Report}");
        }
    }
}
