namespace Mandate.Pipeline.Benchmarks;

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Core.Stores;

/// <summary>
/// The pipeline's own cost per create, provider time excluded: <see cref="ResourcesApp.CreateAsync"/> of the real
/// <see cref="MandateCore"/> — authorization, project and resource lookups, the project lock, planning (schema
/// validation, the plan view and hash), the applicable policies (two seed policies attached, both keeping
/// samples), their evaluation, the operation record, the claim, then the state + history + audit + operation-end
/// transaction and the redacted result. Only the provider's answers come from an in-process provider.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class PipelineOwnCostBenchmarks
{
    private IMandateStore _store = null!;
    private MandateCore _core = null!;
    private ProjectRecord _project = null!;
    private PolicyGate _gate = null!;
    private int _next;

    [Params("sqlite", "postgres")]
    public string Dialect { get; set; } = "sqlite";

    // Synchronous on purpose: the in-process toolchain does not await an async global setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _store = await BenchStores.OpenAsync(Dialect, "owncost");
        (_core, _) = await BenchCore.CreateAsync(_store);
        // "Deny delete operations" and "Restrict operations by provider": both allow a create, both sample.
        _project = await BenchCore.ProjectAsync(_store, "owncost", 1, 2);
        _gate = new PolicyGate(_store, new IntentPolicyEvaluator(), TimeProvider.System);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _core.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Everything a create costs besides the provider.</summary>
    [Benchmark]
    public async Task<OperationRecord> CreateOwnCost()
    {
        var resourceId = $"table-{Interlocked.Increment(ref _next)}";
        var result = await _core.Resources.CreateAsync(BenchCore.Admin, _project.Id, resourceId, "aws_dynamodb_table",
            new JsonObject { ["name"] = resourceId, ["hash_key"] = "id", ["billing_mode"] = "PAY_PER_REQUEST",
                ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }), ["tags"] = new JsonObject { ["team"] = "core" } });
        return result.Operation.Status == OperationStatus.Succeeded ? result.Operation
            : throw new InvalidOperationException($"the create ended {result.Operation.Status}: {result.Operation.Error}");
    }

    /// <summary>The policy step alone: applicable policies (one query), input, two evaluations, two kept samples.</summary>
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
