namespace Mandate.Pipeline.Benchmarks;

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Model;

/// <summary>
/// The pipeline's own cost per delete, provider time excluded: <see cref="ResourcesApp.DeleteAsync"/> of the real
/// <see cref="MandateCore"/> on tables created beforehand (one through the pipeline, the rest copies of its stored
/// row). A fixed number of deletes per iteration, so there are always enough tables.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PipelineDeleteBenchmarks : StoreBenchmark
{
    private const int PerIteration = 200;
    private const int Iterations = 2 + 5 + 1 + 20; // warm-up, measured, and room for the pilot and jitting invocations
    private ProjectRecord _project = null!;
    private int _next;

    protected override string StoreName => "deletecost";

    protected override async Task PrepareAsync()
    {
        // "Restrict operations by provider" allows; the bucket-tag policy says nothing about tables: allowed.
        _project = await BenchCore.ProjectAsync(Store, "deletecost", 2, 3);
        var created = await Core.Resources.CreateAsync(BenchCore.Admin, _project.Id, "template", "aws_dynamodb_table",
            new JsonObject { ["name"] = "template", ["hash_key"] = "id", ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }) });
        if (created.Operation.Status != OperationStatus.Succeeded)
        {
            throw new InvalidOperationException($"the template create ended {created.Operation.Status}: {created.Operation.Error}");
        }

        var template = (await Store.Resources.GetAsync(_project.Id, "template"))!;
        await using var transaction = await Store.BeginAsync();
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

    /// <summary>Everything a delete costs besides the provider (dependents check, lock, plan, policies, record, state removal, history, audit).</summary>
    [Benchmark]
    public async Task<OperationRecord> DeleteOwnCost()
    {
        var resourceId = $"table-{Interlocked.Increment(ref _next) - 1}";
        var result = (await Core.Resources.DeleteAsync(BenchCore.Admin, _project.Id, resourceId, cascade: false)).Single();
        return result.Operation.Status == OperationStatus.Succeeded ? result.Operation
            : throw new InvalidOperationException($"the delete ended {result.Operation.Status}: {result.Operation.Error}");
    }

    private sealed class Config : BenchConfig
    {
        public Config()
            : base(PerIteration)
        {
        }
    }
}
