namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

/// <summary>
/// In-process (the stores, with their 10,000 resources and 100,000 state versions, are built once per run and
/// shared by every case instead of once per benchmark process) and short: the machine is shared, and the
/// targets are milliseconds, so a few iterations tell the order of magnitude.
/// </summary>
internal class BenchConfig : ManualConfig
{
    public BenchConfig()
        : this(null)
    {
    }

    /// <param name="invocationsPerIteration">A fixed count, for benchmarks that use up prepared data (one table per delete).</param>
    protected BenchConfig(int? invocationsPerIteration)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5);
        if (invocationsPerIteration is { } count)
        {
            job = job.WithInvocationCount(count).WithUnrollFactor(1);
        }

        AddJob(job.WithId("short-inproc"));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
