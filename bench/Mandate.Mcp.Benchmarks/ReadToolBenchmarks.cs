namespace Mandate.Mcp.Benchmarks;

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Client;

/// <summary>
/// tools/call throughput of a read tool (resource_get) with 16 MCP clients calling at once over Streamable HTTP,
/// each its own session. Mean = wall time per call across all clients (1/Mean is calls per second); the
/// per-call p50/p99 are printed at the end of the run and written to BenchmarkDotNet.Artifacts/mcp-read-latency.txt.
/// </summary>
[Config(typeof(McpBenchConfig))]
public class ReadToolBenchmarks
{
    public const int Clients = 16;
    public const int CallsPerClient = 20;

    private readonly LatencySamples _latency = new();
    private BenchHost _host = null!;
    private McpClient[] _clients = [];
    private Dictionary<string, object?> _arguments = [];

    // Setup, cleanup and the benchmarks block on their tasks: the in-process toolchain does not await them.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void CleanUp() => CleanUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _host = await BenchHost.StartAsync();
        var created = await _host.Core.Resources.CreateAsync(_host.Admin, _host.ProjectId, "sessions", "aws_dynamodb_table", BenchHost.TableConfig("bench-sessions"));
        if (created.Operation.Status != Mandate.Core.Model.OperationStatus.Succeeded)
        {
            throw new InvalidOperationException($"the table to read was not created: {created.Operation.Status}");
        }

        _arguments = new() { ["project"] = BenchHost.Project, ["resource_id"] = "sessions" };
        _clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => _host.ConnectAsync()));
        foreach (var client in _clients)
        {
            var resource = BenchHost.Ok(await client.CallToolAsync("resource_get", _arguments), "resource_get");
            if (resource.ToJsonString().Contains("bench-sessions", StringComparison.Ordinal) is false)
            {
                throw new InvalidOperationException("resource_get did not return the table: " + resource.ToJsonString());
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Clients * CallsPerClient, Description = "resource_get, 16 concurrent MCP clients")]
    public void ResourceGet16Clients() => Task.WhenAll(_clients.Select(CallRepeatedlyAsync)).GetAwaiter().GetResult();

    [IterationCleanup]
    public void EndIteration() => _latency.EndIteration();

    private async Task CleanUpAsync()
    {
        var report = $"resource_get per-call latency, {Clients} concurrent clients: {_latency.Describe(McpBenchConfig.MeasuredIterations)}";
        Console.WriteLine(report);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "mcp-read-latency.txt"), report + Environment.NewLine);
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    private async Task CallRepeatedlyAsync(McpClient client)
    {
        for (var i = 0; i < CallsPerClient; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await client.CallToolAsync("resource_get", _arguments);
            _latency.Record(started);
            if (result.IsError == true)
            {
                BenchHost.Ok(result, "resource_get");
            }
        }
    }
}
