using BenchmarkDotNet.Running;
using Mandate.Pipeline.Benchmarks;

// e.g. `dotnet run -c Release -- --filter *` ; the config (in-process, short) is on each class.
try
{
    BenchmarkSwitcher.FromAssembly(typeof(PipelineOwnCostBenchmarks).Assembly).Run(args);
    return 0;
}
finally
{
    await BenchStores.DisposeAsync();
}
