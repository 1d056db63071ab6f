namespace Mandate.Pipeline.Benchmarks;

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// The pipeline's own cost per delete, provider time excluded: <see cref="ResourcesApp.DeleteAsync"/> of the real
/// <see cref="MandateCore"/> on tables created beforehand (one through the pipeline, the rest copies of its stored
/// row). A fixed number of deletes per iteration, so there are always enough tables.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PipelineDeleteBenchmarks
{
    private const int PerIteration = 200;
    private const int Iterations = 2 + 5 + 1 + 20; // warm-up, measured, and room for the pilot and jitting invocations
    private IMandateStore _store = null!;
    private MandateCore _core = null!;
    private ProjectRecord _project = null!;
    private int _next;

    [Params("sqlite", "postgres")]
    public string Dialect { get; set; } = "sqlite";

    // Synchronous on purpose: the in-process toolchain does not await an async global setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _store = await BenchStores.OpenAsync(Dialect, "deletecost");
        (_core, _) = await BenchCore.CreateAsync(_store);
        // "Restrict operations by provider" allows; the bucket-tag policy says nothing about tables: allowed.
        _project = await BenchCore.ProjectAsync(_store, "deletecost", 2, 3);
        var created = await _core.Resources.CreateAsync(BenchCore.Admin, _project.Id, "template", "aws_dynamodb_table",
            new JsonObject { ["name"] = "template", ["hash_key"] = "id", ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }) });
        if (created.Operation.Status != OperationStatus.Succeeded)
        {
            throw new InvalidOperationException($"the template create ended {created.Operation.Status}: {created.Operation.Error}");
        }

        var template = (await _store.Resources.GetAsync(_project.Id, "template"))!;
        await using var transaction = await _store.BeginAsync();
        for (var i = 0; i < PerIteration * Iterations; i++)
        {
            var id = $"table-{i}";
            await transaction.Resources.CreateAsync(template with
            {
                ResourceId = id,
                ConfigJson = template.ConfigJson.Replace("template", id, StringComparison.Ordinal),
                StateJson = template.StateJson!.Replace("template", id, StringComparison.Ordinal),
            });
        }

        await transaction.CommitAsync();
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _core.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Everything a delete costs besides the provider (dependents check, lock, plan, policies, record, state removal, history, audit).</summary>
    [Benchmark]
    public async Task<OperationRecord> DeleteOwnCost()
    {
        var resourceId = $"table-{Interlocked.Increment(ref _next) - 1}";
        var result = (await _core.Resources.DeleteAsync(BenchCore.Admin, _project.Id, resourceId, cascade: false)).Single();
        return result.Operation.Status == OperationStatus.Succeeded ? result.Operation
            : throw new InvalidOperationException($"the delete ended {result.Operation.Status}: {result.Operation.Error}");
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5)
                .WithInvocationCount(PerIteration).WithUnrollFactor(1).WithId("short-inproc"));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
