namespace Mandate.Mcp.Benchmarks;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

/// <summary>
/// One job for every MCP benchmark: each iteration runs the benchmark once (Monitoring: these operations take
/// milliseconds and talk to real servers, so no per-iteration invocation tuning), in this process (the host,
/// dynalite and the provider are started once per class; a generated benchmark project would only add a build).
/// </summary>
public sealed class McpBenchConfig : ManualConfig
{
    public const int WarmupIterations = 3;
    public const int MeasuredIterations = 15;

    public McpBenchConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
