namespace Mandate.Pipeline.Benchmarks;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Stores;

/// <summary>
/// The pipeline's own cost per create, provider time excluded: the store and policy calls
/// <see cref="OperationService"/> and <see cref="OperationApplier"/> make around the provider, in their order —
/// project and resource lookups, the project lock, the applicable policies (two seed policies attached, both
/// keeping samples), their evaluation, the plan hash, the operation record, and the state + history + audit +
/// operation-end transaction. The provider's plan and apply are replaced by a recorded table state: the pool
/// only hosts real plugin processes, and provider time is what this leaves out on purpose.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class PipelineOwnCostBenchmarks
{
    private static readonly Actor Actor = new("usr_bench", "Bench");
    private IMandateStore _store = null!;
    private ProjectRecord _project = null!;
    private PolicyGate _gate = null!;
    private ProjectLocks _locks = null!;
    private int _next;

    [Params("sqlite", "postgres")]
    public string Dialect { get; set; } = "sqlite";

    // Synchronous on purpose: the in-process toolchain does not await an async global setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _store = await BenchStores.OpenAsync(Dialect, "owncost");
        _project = BenchData.Project("owncost");
        await _store.Projects.CreateAsync(_project);
        var policies = BenchData.SeedPolicies();
        // "Deny delete operations" and "Restrict operations by provider": both allow a create, both sample.
        foreach (var (name, body) in new[] { ("no-deletes", policies[1]), ("providers", policies[2]) })
        {
            var policy = new PolicyRecord(Ids.New("pol"), "root", name, "", [], 1, Actor.Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            await _store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, body, Actor.Id, DateTimeOffset.UtcNow));
            await _store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, _project.Id, Actor.Id, DateTimeOffset.UtcNow));
        }

        _gate = new PolicyGate(_store, new IntentPolicyEvaluator(), TimeProvider.System);
        _locks = new ProjectLocks(_store.Locks, TimeProvider.System, TimeSpan.FromMinutes(5));
    }

    [GlobalCleanup]
    public void CleanUp() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Everything a create costs besides the provider.</summary>
    [Benchmark]
    public async Task<OperationRecord> CreateOwnCost()
    {
        var resourceId = $"table-{Interlocked.Increment(ref _next)}";
        var project = (await _store.Projects.GetAsync(_project.Id))!;
        if (await _store.Resources.GetAsync(project.Id, resourceId) is not null)
        {
            throw new InvalidOperationException("the resource must be new");
        }

        await _locks.AcquireAsync(project.Id, project.Name, "bench-session", Actor.Id, CancellationToken.None);
        var proposed = BenchData.TableState(resourceId);
        var decision = await DecideAsync(project, resourceId, proposed);
        var plan = new JsonObject
        {
            ["action"] = "create", ["resource_type"] = "aws_dynamodb_table", ["provider"] = BenchData.Provider, ["provider_version"] = BenchData.ProviderVersion,
            ["current_state"] = null, ["proposed_state"] = proposed.DeepClone(), ["unknown_paths"] = new JsonArray("arn", "id"), ["requires_replace"] = new JsonArray(),
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(plan))));
        var now = DateTimeOffset.UtcNow;
        var operation = new OperationRecord(Ids.New("op"), project.Id, resourceId, OperationKind.Create, OperationStatus.Applying, Actor.Id, "bench-session",
            "{}", plan.ToJsonString(), hash, "{}", null, null, null, now, now, null, null);
        await _store.Operations.CreateAsync(operation);

        // (the provider's ApplyResourceChange would run here)
        var existing = await _store.Resources.GetAsync(project.Id, resourceId);
        var succeeded = operation with { Status = OperationStatus.Succeeded, UpdatedAt = now, CompletedAt = now };
        var stateJson = proposed.ToJsonString();
        await using (var transaction = await _store.BeginAsync())
        {
            await transaction.Resources.CreateAsync(BenchData.Resource(project, resourceId, stateJson));
            await transaction.Resources.AppendStateVersionAsync(new StateVersionRecord(project.Id, resourceId, (existing?.StateVersion ?? 0) + 1, stateJson,
                operation.Id, OperationKind.Create, Actor.Id, now));
            await transaction.Audit.AppendAsync(OperationAuditEvents.For(succeeded, decision, Actor.Id, Actor.Name, now, 1));
            if (!await transaction.Operations.UpdateIfStatusAsync(succeeded, OperationStatus.Applying))
            {
                throw new InvalidOperationException("the operation left the applying state");
            }

            await transaction.CommitAsync();
        }

        return succeeded;
    }

    /// <summary>The policy step alone: applicable policies (one query), input, two evaluations, two kept samples.</summary>
    [Benchmark]
    public Task<PolicyDecision> PolicyDecisionOnly() => DecideAsync(_project, "table-x", BenchData.TableState("table-x"));

    private async Task<PolicyDecision> DecideAsync(ProjectRecord project, string resourceId, JsonObject proposed)
    {
        var policies = await _gate.ApplicablePoliciesAsync(project, [project.SpaceId]);
        var input = PolicyInput.Build(new PolicyInputContext(resourceId, "aws_dynamodb_table", BenchData.Provider, BenchData.ProviderVersion, OperationKind.Create,
            null, proposed, ["arn", "id"], project, Actor.Id, Actor.Name));
        var decision = await _gate.DecideAsync(policies, input);
        return decision.Outcome == PolicyOutcome.Allowed ? decision : throw new InvalidOperationException("the seed policies allow a create");
    }
}
