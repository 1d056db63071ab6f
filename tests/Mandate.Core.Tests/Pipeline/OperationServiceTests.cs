namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Policies;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// The pipeline end to end: real provider, real dynalite, real store, real Rego policies. What the outcome
/// says happened is checked in dynalite itself. Runs on SQLite and on PostgreSQL (derived classes).
/// </summary>
public abstract partial class OperationServiceTests(PipelineFixture aws) : IAsyncLifetime
{
    private static readonly Actor Alice = new("usr_alice", "Alice");
    private static readonly Actor Bob = new("usr_bob", "Bob");
    private IMandateStore _store = null!;
    private OperationService _service = null!;
    private ProjectRecord _project = null!;

    protected abstract Task<IMandateStore> OpenStoreAsync();

    public virtual async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        await _store.MigrateAsync();
        var clock = TimeProvider.System;
        _service = new OperationService(_store, new OperationPlanner(aws.Pool, aws), new OperationApplier(_store, aws.Pool, clock),
            new PolicyGate(_store, new IntentPolicyEvaluator(), clock), clock, new OperationOptions());
        _project = new ProjectRecord(Ids.New("prj"), "root", "pipeline", "", [], [], Alice.Id, clock.GetUtcNow(), clock.GetUtcNow());
        await _store.Projects.CreateAsync(_project);
    }

    public virtual async Task DisposeAsync() => await _store.DisposeAsync();

    [RequiresAwsProviderFact]
    public async Task With_no_policy_a_create_applies_records_state_and_a_delete_removes_it()
    {
        var name = TableName("plain");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var created = await _service.CreateAsync(Alice, "s1", _project.Id, "sessions", "aws_dynamodb_table", Table(name));

        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
        Assert.Equal(PolicyOutcome.Allowed, created.Decision!.Outcome);
        Assert.Equal("ACTIVE", (await dynamo.DescribeTableAsync(name))!["TableStatus"]!.GetValue<string>());
        var resource = (await _store.Resources.GetAsync(_project.Id, "sessions"))!;
        Assert.Equal(name, JsonNode.Parse(resource.StateJson!)!["name"]!.GetValue<string>());
        Assert.Equal(name, JsonNode.Parse(resource.ConfigJson)!["name"]!.GetValue<string>());
        Assert.Equal(1, resource.StateVersion);

        var deleted = Assert.Single(await _service.DeleteAsync(Alice, "s1", _project.Id, "sessions", cascade: false));

        Assert.Equal(OperationStatus.Succeeded, deleted.Operation.Status);
        Assert.Null(await dynamo.DescribeTableAsync(name));
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "sessions"));
        var history = await _store.Resources.HistoryAsync(_project.Id, "sessions", new PageRequest());
        Assert.Equal([2L, 1], history.Items.Select(v => v.Version));
        Assert.Null(history.Items[0].StateJson);
    }

    [RequiresAwsProviderFact]
    public async Task A_denied_create_leaves_no_table_and_returns_the_policys_reason()
    {
        await AttachAsync("only-s3", SeedPolicies.AllowOnlyS3);
        var name = TableName("denied");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var result = await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));

        Assert.Equal(OperationStatus.Denied, result.Operation.Status);
        Assert.Equal(["only-s3: Only S3 buckets are allowed. Resource type \"aws_dynamodb_table\" is not permitted."], result.Decision!.DenyReasons);
        Assert.Null(await dynamo.DescribeTableAsync(name));
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "t"));
    }

    [RequiresAwsProviderFact]
    public async Task A_pending_create_is_applied_only_after_another_principal_approves_its_plan()
    {
        await AttachAsync("tags", SeedPolicies.RequireTags); // says nothing about DynamoDB tables: pending review
        var name = TableName("pending");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var pending = await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        Assert.Equal(OperationStatus.PendingReview, pending.Operation.Status);
        Assert.Null(await dynamo.DescribeTableAsync(name));

        var own = await Assert.ThrowsAsync<MandateException>(() => _service.ApproveAsync(Alice, pending.Operation.Id, pending.Operation.PlanHash!));
        var wrongPlan = await Assert.ThrowsAsync<MandateException>(() => _service.ApproveAsync(Bob, pending.Operation.Id, new string('0', 64)));
        var approved = await _service.ApproveAsync(Bob, pending.Operation.Id, pending.Operation.PlanHash!);

        Assert.Equal(MandateErrorCodes.Forbidden, own.Code);
        Assert.Equal(MandateErrorCodes.PlanChanged, wrongPlan.Code);
        Assert.Equal(OperationStatus.Succeeded, approved.Operation.Status);
        Assert.Equal(Bob.Id, approved.Operation.DecidedBy);
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task A_rejected_operation_applies_nothing()
    {
        await AttachAsync("tags", SeedPolicies.RequireTags);
        var name = TableName("rejected");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var pending = await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));

        var rejected = await _service.RejectAsync(Bob, pending.Operation.Id, "not this sprint");
        var late = await Assert.ThrowsAsync<MandateException>(() => _service.ApproveAsync(Bob, pending.Operation.Id, pending.Operation.PlanHash!));

        Assert.Equal(OperationStatus.Rejected, rejected.Status);
        Assert.Equal(MandateErrorCodes.Conflict, late.Code);
        Assert.Null(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task A_reference_carries_a_value_and_deletes_respect_the_dependency()
    {
        var first = TableName("dep-a");
        var second = TableName("dep-b");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "a", "aws_dynamodb_table", Table(first));
        var config = Table(second);
        config["tags"] = new JsonObject { ["Upstream"] = new JsonObject { ["$ref"] = "a.name" } };

        var created = await _service.CreateAsync(Alice, "s1", _project.Id, "b", "aws_dynamodb_table", config);
        var stored = (await _store.Resources.GetAsync(_project.Id, "b"))!;
        var refused = await Assert.ThrowsAsync<MandateException>(() => _service.DeleteAsync(Alice, "s1", _project.Id, "a", cascade: false));
        var cascade = await _service.DeleteAsync(Alice, "s1", _project.Id, "a", cascade: true);

        // dynalite drops tags on CreateTable, so the value is checked in what the provider was asked to create.
        Assert.Equal(first, created.Plan!["proposed_state"]!["tags"]!["Upstream"]!.GetValue<string>());
        Assert.Equal(["a"], stored.Dependencies);
        // The stored config is what the user asked for (the reference); the state holds the resolved value.
        Assert.Equal("a.name", JsonNode.Parse(stored.ConfigJson)!["tags"]!["Upstream"]!["$ref"]!.GetValue<string>());
        Assert.Contains("'b'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["b", "a"], cascade.Select(r => r.Operation.ResourceId));
        Assert.All(cascade, r => Assert.Equal(OperationStatus.Succeeded, r.Operation.Status));
        Assert.Null(await dynamo.DescribeTableAsync(first));
        Assert.Null(await dynamo.DescribeTableAsync(second));
    }

    [RequiresAwsProviderFact]
    public async Task A_second_session_is_refused_while_the_first_holds_the_project()
    {
        await _service.CreateAsync(Alice, "session-1", _project.Id, "x", "aws_dynamodb_table", Table(TableName("lock")));

        var failure = await Assert.ThrowsAsync<MandateException>(() =>
            _service.CreateAsync(Bob, "session-2", _project.Id, "y", "aws_dynamodb_table", Table(TableName("lock2"))));

        Assert.Equal(MandateErrorCodes.ProjectLocked, failure.Code);
        Assert.Contains("session-1", failure.Message, StringComparison.Ordinal);
    }

    [RequiresAwsProviderFact]
    public async Task An_invalid_config_names_the_attribute_and_the_closest_valid_name()
    {
        var config = Table(TableName("typo"));
        config["billing_mod"] = config["billing_mode"]!.DeepClone();
        config.Remove("billing_mode");

        var failure = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", config));

        Assert.Equal(MandateErrorCodes.InvalidArgument, failure.Code);
        Assert.Contains("billing_mod", failure.Message, StringComparison.Ordinal);
        Assert.Contains("billing_mode", failure.Message, StringComparison.Ordinal);
    }

    [RequiresAwsProviderFact]
    public async Task A_merge_patch_updates_in_place_and_a_key_change_is_judged_as_a_replacement()
    {
        var name = TableName("update");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        var arnBefore = JsonNode.Parse((await _store.Resources.GetAsync(_project.Id, "t"))!.StateJson!)!["arn"]!.GetValue<string>();

        var retag = await _service.UpdateAsync(Alice, "s1", _project.Id, "t", JsonNode.Parse("""{"tags": {"team": "core"}}""")!.AsObject());
        await AttachAsync("no-deletes", SeedPolicies.DenyDeletes);
        var rekey = await _service.UpdateAsync(Alice, "s1", _project.Id, "t",
            JsonNode.Parse("""{"hash_key": "pk", "attribute": [{"name": "pk", "type": "S"}]}""")!.AsObject());

        Assert.Equal(OperationStatus.Succeeded, retag.Operation.Status);
        Assert.Equal("update", retag.Plan!["action"]!.GetValue<string>());
        var stored = (await _store.Resources.GetAsync(_project.Id, "t"))!;
        Assert.Equal("core", JsonNode.Parse(stored.ConfigJson)!["tags"]!["team"]!.GetValue<string>());
        Assert.Equal(name, JsonNode.Parse(stored.ConfigJson)!["name"]!.GetValue<string>());
        Assert.Equal(2, stored.StateVersion);
        // The hash_key change needs a replacement; its delete half is denied, so nothing is replaced.
        Assert.Equal(OperationStatus.Denied, rekey.Operation.Status);
        Assert.Contains("hash_key", rekey.Plan!["requires_replace"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(rekey.Decision!.DenyReasons, r => r.StartsWith("replacement (delete): no-deletes:", StringComparison.Ordinal));
        var table = (await dynamo.DescribeTableAsync(name))!;
        Assert.Equal("id", table["KeySchema"]![0]!["AttributeName"]!.GetValue<string>());
        Assert.Equal(arnBefore, table["TableArn"]!.GetValue<string>());
    }

    [RequiresAwsProviderFact]
    public async Task Eject_forgets_a_resource_without_destroying_it()
    {
        var name = TableName("eject");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));

        var ejected = await _service.EjectAsync(Alice, "s1", _project.Id, "t");

        Assert.Equal(OperationKind.Eject, ejected.Kind);
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "t"));
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
        Assert.Equal(OperationKind.Eject, (await _store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items[0].Kind);
    }

    private async Task AttachAsync(string name, string body)
    {
        var now = DateTimeOffset.UtcNow;
        var policy = new PolicyRecord(Ids.New("pol"), "root", name, "", [], 1, "usr_author", now, now);
        await _store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, body, "usr_author", now));
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, _project.Id, "usr_author", now));
    }

    private static JsonObject Table(string name) => JsonNode.Parse($$"""
        {"name": "{{name}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{"name": "id", "type": "S"}]}
        """)!.AsObject();

    private static string TableName(string purpose) => $"mandate-{purpose}-{Guid.NewGuid():N}"[..36];
}
