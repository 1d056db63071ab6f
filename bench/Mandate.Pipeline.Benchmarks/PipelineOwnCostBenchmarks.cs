namespace Mandate.Pipeline.Benchmarks;

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Policies;

/// <summary>
/// The pipeline's own cost per create, provider time excluded: <see cref="ResourcesApp.CreateAsync"/> of the real
/// <see cref="MandateCore"/> — authorization, project and resource lookups, planning (schema validation, the plan
/// view and hash), the applicable policies (two seed policies attached, both keeping samples), their evaluation,
/// the transaction of lock + samples + operation record + claim, then the state + history + audit + operation-end
/// transaction and the redacted result. Only the provider's answers come from an in-process provider.
/// </summary>
[Config(typeof(SteadyStateConfig))]
[MemoryDiagnoser]
public class PipelineOwnCostBenchmarks : StoreBenchmark
{
    private ProjectRecord _project = null!;
    private PolicyGate _gate = null!;
    private int _next;

    protected override string StoreName => "owncost";

    protected override async Task PrepareAsync()
    {
        // "Deny delete operations" and "Restrict operations by provider": both allow a create, both sample.
        _project = await BenchCore.ProjectAsync(Store, "owncost", 1, 2);
        _gate = new PolicyGate(Store, new IntentPolicyEvaluator(), TimeProvider.System);
    }

    /// <summary>Everything a create costs besides the provider.</summary>
    [Benchmark]
    public async Task<OperationRecord> CreateOwnCost()
    {
        var resourceId = $"table-{Interlocked.Increment(ref _next)}";
        var result = await Core.Resources.CreateAsync(BenchCore.Admin, _project.Id, resourceId, "aws_dynamodb_table",
            new JsonObject { ["name"] = resourceId, ["hash_key"] = "id", ["billing_mode"] = "PAY_PER_REQUEST",
                ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }), ["tags"] = new JsonObject { ["team"] = "core" } });
        return result.Operation.Status == OperationStatus.Succeeded ? result.Operation
            : throw new InvalidOperationException($"the create ended {result.Operation.Status}: {result.Operation.Error}");
    }

    /// <summary>The policy step alone: applicable policies (one query), input, two evaluations, two kept samples (each its own write here).</summary>
    [Benchmark]
    public async Task<PolicyDecision> PolicyDecisionOnly()
    {
        var policies = await _gate.ApplicablePoliciesAsync(_project, [_project.SpaceId]);
        var input = PolicyInput.Build(new PolicyInputContext("table-x", "aws_dynamodb_table", BenchData.Provider, BenchData.ProviderVersion, OperationKind.Create,
            null, BenchData.TableState("table-x"), ["arn", "id"], _project, BenchCore.Admin.Principal.Id, "Bench"));
        var decision = await _gate.DecideAsync(policies, input);
        return decision.Outcome == PolicyOutcome.Allowed ? decision : throw new InvalidOperationException("the seed policies allow a create");
    }
}
