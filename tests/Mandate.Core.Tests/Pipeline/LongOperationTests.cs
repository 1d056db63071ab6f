namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Policies;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// Long operations and crash safety against the real AWS provider and dynalite, on SQLite and PostgreSQL
/// (derived classes). A "restart" is a new store, service, provider pool, recovery and worker over the same
/// database, as after a process restart; the crash tests kill a real process (see the CrashRecovery partial).
/// </summary>
public abstract partial class LongOperationTests(PipelineFixture aws) : IAsyncLifetime
{
    private static readonly Actor Alice = new("usr_alice", "Alice");
    private static readonly Actor Bob = new("usr_bob", "Bob");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly List<IAsyncDisposable> _owned = [];

    // The key sealing sensitive values, as `mandate serve` has one; handed to the crash host as MANDATE_SECRET_KEY.
    private readonly string _secretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private SecretProtector? _protector;

    private SecretProtector Protector => _protector ??= new SecretProtector(SecretKey.FromBase64(_secretKey, "the test"));
    private string _database = null!;
    private IMandateStore _store = null!;
    private ProjectRecord _project = null!;

    /// <summary>"sqlite" or "postgres", as the crash host takes it.</summary>
    protected abstract string Dialect { get; }

    /// <summary>A new empty database: a SQLite file path or a PostgreSQL connection string.</summary>
    protected abstract Task<string> NewDatabaseAsync();

    protected abstract IMandateStore Open(string database);

    /// <summary>Whether <paramref name="text"/> is stored anywhere in the test's database, in plain text.</summary>
    protected abstract Task<bool> DatabaseHoldsAsync(string text);

    public virtual async Task InitializeAsync()
    {
        _database = await NewDatabaseAsync();
        _store = Own(Open(_database));
        await _store.MigrateAsync();
        _project = new ProjectRecord(Ids.New("prj"), "root", "long-ops", "", [], [], Alice.Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await _store.Projects.CreateAsync(_project);
    }

    public virtual async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    [RequiresAwsProviderFact]
    public async Task An_operation_outliving_the_inline_wait_returns_its_id_and_its_result_is_fetched_later_also_after_a_restart()
    {
        var name = TableName("slow");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var service = Service(_store, aws.Pool, new OperationOptions { InlineWait = TimeSpan.Zero });

        var started = await service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        var finished = await UntilEndedAsync(service, started.Operation.Id);
        Assert.True(await service.DrainAsync(Patience));
        var restarted = Service(Own(Open(_database)), Own(new ProviderPool()), new OperationOptions());
        var later = await restarted.GetResultAsync(started.Operation.Id);

        Assert.Contains(started.Operation.Status, new[] { OperationStatus.Queued, OperationStatus.Applying });
        Assert.Null(started.State);
        Assert.Equal(OperationStatus.Succeeded, finished.Operation.Status);
        Assert.Equal(name, finished.State!["name"]!.GetValue<string>());
        Assert.Equal(OperationStatus.Succeeded, later.Operation.Status);
        Assert.Equal(name, later.State!["name"]!.GetValue<string>());
        Assert.Equal("create", later.Plan!["action"]!.GetValue<string>());
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task A_queued_operation_left_by_a_stopped_process_is_applied_by_the_next_worker()
    {
        var name = TableName("queued");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var queued = await QueueAsync(Service(_store, aws.Pool, new OperationOptions()), "t", name);

        // The restart goes through the composition root, as `mandate serve` starts: recovery, then the worker.
        var core = Own(await MandateCore.CreateAsync(Open(_database),
            new MandateCoreOptions { ProviderResolver = aws, Worker = new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) } }));
        var report = await core.StartBackgroundAsync();
        var applied = await UntilEndedAsync(core.OperationService, queued.Id);
        var worker = core.Worker!;
        var store = core.Store;

        Assert.Empty(report.Settled); // a queued operation never touched the cloud: it is the worker's, not recovery's
        Assert.Equal(OperationStatus.Succeeded, applied.Operation.Status);
        Assert.Equal(Bob.Id, applied.Operation.DecidedBy);
        Assert.Contains(queued.Id, worker.Applied);
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
        Assert.Single((await store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items);
    }

    [RequiresAwsProviderFact]
    public async Task Two_workers_sharing_the_store_never_apply_the_same_operation()
    {
        var service = Service(_store, aws.Pool, new OperationOptions());
        var queued = new List<OperationRecord>();
        for (var i = 0; i < 4; i++)
        {
            queued.Add(await QueueAsync(service, $"t{i}", TableName($"pair{i}")));
        }

        var first = StartWorker();
        var second = StartWorker();
        var ended = new List<OperationResult>();
        foreach (var operation in queued)
        {
            ended.Add(await UntilEndedAsync(service, operation.Id));
        }

        Assert.All(ended, r => Assert.Equal(OperationStatus.Succeeded, r.Operation.Status));
        Assert.Empty(first.Applied.Intersect(second.Applied));
        Assert.Equal(queued.Select(o => o.Id).Order(StringComparer.Ordinal), first.Applied.Concat(second.Applied).Order(StringComparer.Ordinal));
        for (var i = 0; i < 4; i++)
        {
            Assert.Single((await _store.Resources.HistoryAsync(_project.Id, $"t{i}", new PageRequest())).Items);
        }

        OperationWorker StartWorker()
        {
            var (store, workerService, recovery) = Restart();
            var worker = Own(new OperationWorker(workerService, store, recovery, TimeProvider.System, new OperationOptions(),
                new WorkerOptions { Slots = 2, PollInterval = TimeSpan.FromMilliseconds(50) }));
            worker.Start();
            return worker;
        }
    }

    [RequiresAwsProviderFact]
    public async Task A_worker_refuses_a_queued_operation_whose_plan_changed_since_it_was_decided()
    {
        var name = TableName("replan");
        var service = Service(_store, aws.Pool, new OperationOptions());
        await service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        await AttachAsync("tags", SeedPolicies.RequireTags);
        var pending = await service.UpdateAsync(Alice, "s1", _project.Id, "t", JsonNode.Parse("""{"tags": {"team": "core"}}""")!.AsObject());
        Assert.Equal(OperationStatus.PendingReview, pending.Operation.Status);
        Assert.True(await _store.Operations.UpdateIfStatusAsync(pending.Operation with { Status = OperationStatus.Queued, DecidedBy = Bob.Id }, OperationStatus.PendingReview));
        // Meanwhile the stored config changed (as another operation would change it): the patch now yields another plan.
        var resource = (await _store.Resources.GetAsync(_project.Id, "t"))!;
        var config = JsonNode.Parse(resource.ConfigJson)!.AsObject();
        config["tags"] = new JsonObject { ["owner"] = "someone" };
        await _store.Resources.UpdateAsync(resource with { ConfigJson = config.ToJsonString(), StateVersion = resource.StateVersion + 1 }, resource.StateVersion);

        var (store, workerService, recovery) = Restart();
        var worker = Own(new OperationWorker(workerService, store, recovery, TimeProvider.System, new OperationOptions(), new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) }));
        worker.Start();
        var refused = await UntilEndedAsync(workerService, pending.Operation.Id);

        Assert.Equal(OperationStatus.Failed, refused.Operation.Status);
        Assert.Contains("the plan changed since it was decided", refused.Operation.Error, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse((await store.Resources.GetAsync(_project.Id, "t"))!.StateJson!)!["tags"]?["team"]);
    }

    /// <summary>
    /// A create whose approval was recorded by a process that stopped before applying it: pending review (so the
    /// plan and its hash are real), then moved to queued in the store exactly as an approval leaves it.
    /// </summary>
    private async Task<OperationRecord> QueueAsync(OperationService service, string resourceId, string table)
    {
        if ((await _store.Policies.AttachmentsOfProjectAsync(_project.Id)).Count == 0)
        {
            await AttachAsync("tags", SeedPolicies.RequireTags); // says nothing about DynamoDB tables: pending review
        }

        var pending = await service.CreateAsync(Alice, "s1", _project.Id, resourceId, "aws_dynamodb_table", Table(table));
        Assert.Equal(OperationStatus.PendingReview, pending.Operation.Status);
        var queued = pending.Operation with { Status = OperationStatus.Queued, DecidedBy = Bob.Id };
        Assert.True(await _store.Operations.UpdateIfStatusAsync(queued, OperationStatus.PendingReview));
        return queued;
    }

    /// <param name="freshPool">A new provider pool, as after a real restart; the worker tests share the warm one to save provider launches.</param>
    private (IMandateStore Store, OperationService Service, OperationRecovery Recovery) Restart(bool freshPool = false)
    {
        var options = new OperationOptions();
        var store = Own(Open(_database));
        var pool = freshPool ? Own(new ProviderPool(new ProviderPoolOptions { MaxInstances = 1 })) : aws.Pool;
        return (store, Service(store, pool, options), new OperationRecovery(store, new OperationPlanner(pool, aws, Protector), TimeProvider.System, options));
    }

    private OperationService Service(IMandateStore store, ProviderPool pool, OperationOptions options) =>
        new(store, new OperationPlanner(pool, aws, Protector), new OperationApplier(store, pool, TimeProvider.System, Protector),
            new PolicyGate(store, new IntentPolicyEvaluator(), TimeProvider.System), TimeProvider.System, options);

    private static async Task<OperationResult> UntilEndedAsync(OperationService service, string operationId)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var result = await service.GetResultAsync(operationId);
            if (result.Operation.Status.IsTerminal() || DateTimeOffset.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }

    private async Task AttachAsync(string name, string body)
    {
        var now = DateTimeOffset.UtcNow;
        var policy = new PolicyRecord(Ids.New("pol"), "root", name, "", [], 1, "usr_author", now, now);
        await _store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, body, "usr_author", now));
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, _project.Id, "usr_author", now));
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static JsonObject Table(string name) => JsonNode.Parse($$"""
        {"name": "{{name}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{"name": "id", "type": "S"}]}
        """)!.AsObject();

    private static string TableName(string purpose) => $"mandate-{purpose}-{Guid.NewGuid():N}"[..36];
}
