namespace Mandate.Mcp.Benchmarks;

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mandate.Core.Model;
using ModelContextProtocol.Client;

/// <summary>
/// The MCP layer's own cost (HTTP, JSON-RPC, SSE, argument checking, result rendering): one DynamoDB table
/// create (real hashicorp/aws provider, dynalite on loopback, no policy attached so it applies at once)
/// through MCP's resource_create versus the same create through Core's facade; and, without the provider in
/// the path, one resource_get versus Core's GetAsync. One client, one call at a time.
/// </summary>
[Config(typeof(McpBenchConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class McpLayerCostBenchmarks
{
    private BenchHost _host = null!;
    private McpClient _client = null!;
    private readonly Dictionary<string, object?> _getArguments = new() { ["project"] = BenchHost.Project, ["resource_id"] = "sessions" };
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
        await _host.Core.Resources.CreateAsync(_host.Admin, _host.ProjectId, "sessions", "aws_dynamodb_table", BenchHost.TableConfig("bench-sessions"));

        // A create locks the project to its session for a while; the MCP session must be able to create too.
        await _host.Core.Locks.UnlockAsync(_host.Admin, _host.ProjectId);
    }

    [BenchmarkCategory("create"), Benchmark(Baseline = true, Description = "create through Core's facade")]
    public void CreateThroughCore() => CreateThroughCoreAsync().GetAwaiter().GetResult();

    [BenchmarkCategory("create"), Benchmark(Description = "create through MCP (resource_create over Streamable HTTP)")]
    public void CreateThroughMcp() => CreateThroughMcpAsync().GetAwaiter().GetResult();

    [BenchmarkCategory("get"), Benchmark(Baseline = true, Description = "get through Core's facade")]
    public void GetThroughCore() => _host.Core.Resources.GetAsync(_host.Admin, _host.ProjectId, "sessions").GetAwaiter().GetResult();

    [BenchmarkCategory("get"), Benchmark(Description = "get through MCP (resource_get over Streamable HTTP)")]
    public void GetThroughMcp() => BenchHost.Ok(_client.CallToolAsync("resource_get", _getArguments).AsTask().GetAwaiter().GetResult(), "resource_get");

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
