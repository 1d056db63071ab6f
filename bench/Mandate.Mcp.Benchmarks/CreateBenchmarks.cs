namespace Mandate.Mcp.Benchmarks;

using BenchmarkDotNet.Attributes;
using Mandate.Core.Model;
using ModelContextProtocol.Client;

/// <summary>
/// One DynamoDB table create (real hashicorp/aws provider, dynalite on loopback, no policy attached so it
/// applies at once) through MCP's resource_create versus the same create through Core's facade: the
/// difference is the MCP layer's own cost (HTTP, JSON-RPC, SSE, argument checking, result rendering).
/// </summary>
[Config(typeof(McpBenchConfig))]
public class CreateBenchmarks
{
    private BenchHost _host = null!;
    private McpClient _client = null!;
    private int _next;

    // Setup, cleanup and the benchmarks block on their tasks: the in-process toolchain does not await them.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void CleanUp() => CleanUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _host = await BenchHost.StartAsync();
        _client = await _host.ConnectAsync();
    }

    [Benchmark(Baseline = true, Description = "create through Core's facade")]
    public void CreateThroughCore() => CreateThroughCoreAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "create through MCP (resource_create over Streamable HTTP)")]
    public void CreateThroughMcp() => CreateThroughMcpAsync().GetAwaiter().GetResult();

    private async Task CreateThroughCoreAsync()
    {
        var (id, table) = NextNames("core");
        var result = await _host.Core.Resources.CreateAsync(_host.Admin, _host.ProjectId, id, "aws_dynamodb_table", BenchHost.TableConfig(table));
        if (result.Operation.Status != OperationStatus.Succeeded)
        {
            throw new InvalidOperationException($"create through Core ended {result.Operation.Status}");
        }
    }

    private async Task CreateThroughMcpAsync()
    {
        var (id, table) = NextNames("mcp");
        var result = BenchHost.Ok(await _client.CallToolAsync("resource_create", new Dictionary<string, object?>
        {
            ["project"] = BenchHost.Project,
            ["resource_id"] = id,
            ["resource_type"] = "aws_dynamodb_table",
            ["config"] = BenchHost.TableConfig(table),
        }), "resource_create");
        if (result["status"]?.GetValue<string>() != "succeeded")
        {
            throw new InvalidOperationException("create through MCP did not succeed: " + result.ToJsonString());
        }
    }

    private async Task CleanUpAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    private (string Id, string Table) NextNames(string via)
    {
        var n = Interlocked.Increment(ref _next);
        return ($"{via}-{n}", $"bench-{via}-{n}");
    }
}
