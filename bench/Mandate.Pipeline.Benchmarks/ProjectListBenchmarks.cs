namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Listing a project of 10,000 resources through the product's list call (<see cref="ResourcesApp.ListAsync"/>:
/// authorization, then summaries without config or state): the first page, and a walk over every page.
/// </summary>
[Config(typeof(BenchConfig))]
public class ProjectListBenchmarks : StoreBenchmark
{
    private const int Resources = 10_000;
    private ProjectRecord _project = null!;

    protected override string StoreName => "list";

    protected override async Task PrepareAsync()
    {
        _project = BenchData.Project("big");
        await Store.Projects.CreateAsync(_project);
        await using var transaction = await Store.BeginAsync();
        for (var i = 0; i < Resources; i++)
        {
            var id = $"table-{i:D5}";
            await transaction.Resources.CreateAsync(BenchData.Resource(_project, id, BenchData.TableState(id).ToJsonString()));
        }

        await transaction.CommitAsync();
        await BenchStores.SettleAsync(Store);
    }

    /// <summary>What a list call returns by default: the first 50.</summary>
    [Benchmark]
    public async Task<int> FirstPage() => (await Core.Resources.ListAsync(BenchCore.Admin, _project.Id, null, new PageRequest())).Items.Count;

    /// <summary>All 10,000, in pages of the largest size a caller may ask for (500).</summary>
    [Benchmark]
    public async Task<int> FullWalk()
    {
        var seen = 0;
        string? cursor = null;
        do
        {
            var page = await Core.Resources.ListAsync(BenchCore.Admin, _project.Id, null, new PageRequest(cursor, PageRequest.MaxLimit));
            seen += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return seen == Resources ? seen : throw new InvalidOperationException($"walked {seen} of {Resources}");
    }
}
