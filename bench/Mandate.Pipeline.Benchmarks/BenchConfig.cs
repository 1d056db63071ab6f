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
    /// <param name="warmupCount">Warm-up iterations (about half a second each unless the count is fixed).</param>
    protected BenchConfig(int? invocationsPerIteration, int warmupCount = 2)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(warmupCount).WithIterationCount(5);
        if (invocationsPerIteration is { } count)
        {
            job = job.WithInvocationCount(count).WithUnrollFactor(1);
        }

        AddJob(job.WithId("short-inproc"));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>
/// For the per-operation own cost: a create runs through several thousand methods, and tiered compilation (tier 0, then
/// instrumented, then optimized with the profile) keeps recompiling them for the first ~10 s of a run; a create costs
/// 4–5 ms during that time and about half of it afterwards. A server runs in the steady state, so that is what is
/// measured: about 15 s of warm-up before the 5 measured iterations.
/// </summary>
internal sealed class SteadyStateConfig() : BenchConfig(null, warmupCount: 30);

