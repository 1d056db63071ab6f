namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Attributes;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>One resource's history among 100,000 state versions (1,000 resources of 100 versions each).</summary>
[Config(typeof(BenchConfig))]
public class HistoryBenchmarks : StoreBenchmark
{
    private const int ResourceCount = 1_000;
    private const int VersionsEach = 100;
    private ProjectRecord _project = null!;

    protected override string StoreName => "history";

    protected override bool UsesCore => false;

    protected override async Task PrepareAsync()
    {
        _project = BenchData.Project("history");
        await Store.Projects.CreateAsync(_project);
        var started = DateTimeOffset.UtcNow;
        // Versions interleave across resources, as they would over time, so one resource's rows are not adjacent on disk by accident.
        for (var version = 1; version <= VersionsEach; version++)
        {
            await using var transaction = await Store.BeginAsync();
            for (var r = 0; r < ResourceCount; r++)
            {
                var id = $"table-{r:D4}";
                await transaction.Resources.AppendStateVersionAsync(new StateVersionRecord(_project.Id, id, version, BenchData.TableState(id).ToJsonString(),
                    $"op_{r}_{version}", version == 1 ? OperationKind.Create : OperationKind.Update, "usr_bench", started.AddSeconds(version)));
            }

            await transaction.CommitAsync();
        }

        await BenchStores.SettleAsync(Store);
    }

    /// <summary>The newest 50 versions of one resource (the default page).</summary>
    [Benchmark]
    public async Task<int> HistoryFirstPage() => (await Store.Resources.HistoryAsync(_project.Id, "table-0500", new PageRequest())).Items.Count;

    /// <summary>All 100 versions of one resource in one page.</summary>
    [Benchmark]
    public async Task<int> HistoryWhole() => (await Store.Resources.HistoryAsync(_project.Id, "table-0500", new PageRequest(null, PageRequest.MaxLimit))).Items.Count;
}
