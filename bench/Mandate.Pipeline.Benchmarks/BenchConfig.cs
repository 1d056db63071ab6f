namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

/// <summary>
/// In-process (the stores, with their 10,000 resources and 100,000 state versions, are built once per run and
/// shared by every case instead of once per benchmark process) and short: the machine is shared, and the
/// targets are milliseconds, so a few iterations tell the order of magnitude.
/// </summary>
internal sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5).WithId("short-inproc"));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
