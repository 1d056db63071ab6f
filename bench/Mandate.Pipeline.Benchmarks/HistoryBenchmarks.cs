namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Attributes;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>One resource's history among 100,000 state versions (1,000 resources of 100 versions each).</summary>
[Config(typeof(BenchConfig))]
public class HistoryBenchmarks
{
    private const int ResourceCount = 1_000;
    private const int VersionsEach = 100;
    private IMandateStore _store = null!;
    private ProjectRecord _project = null!;

    [Params("sqlite", "postgres")]
    public string Dialect { get; set; } = "sqlite";

    // Synchronous on purpose: the in-process toolchain does not await an async global setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _store = await BenchStores.OpenAsync(Dialect, "history");
        _project = BenchData.Project("history");
        await _store.Projects.CreateAsync(_project);
        var started = DateTimeOffset.UtcNow;
        // Versions interleave across resources, as they would over time, so one resource's rows are not adjacent on disk by accident.
        for (var version = 1; version <= VersionsEach; version++)
        {
            await using var transaction = await _store.BeginAsync();
            for (var r = 0; r < ResourceCount; r++)
            {
                var id = $"table-{r:D4}";
                await transaction.Resources.AppendStateVersionAsync(new StateVersionRecord(_project.Id, id, version, BenchData.TableState(id).ToJsonString(),
                    $"op_{r}_{version}", version == 1 ? OperationKind.Create : OperationKind.Update, "usr_bench", started.AddSeconds(version)));
            }

            await transaction.CommitAsync();
        }
    }

    [GlobalCleanup]
    public void CleanUp() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The newest 50 versions of one resource (the default page).</summary>
    [Benchmark]
    public async Task<int> HistoryFirstPage() => (await _store.Resources.HistoryAsync(_project.Id, "table-0500", new PageRequest())).Items.Count;

    /// <summary>All 100 versions of one resource in one page.</summary>
    [Benchmark]
    public async Task<int> HistoryWhole() => (await _store.Resources.HistoryAsync(_project.Id, "table-0500", new PageRequest(null, PageRequest.MaxLimit))).Items.Count;
}
