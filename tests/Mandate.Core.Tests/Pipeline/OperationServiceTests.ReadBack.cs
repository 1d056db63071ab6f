namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Policies;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>Refresh, import and dry runs against objects changed or made outside Mandate, directly in dynalite.</summary>
public abstract partial class OperationServiceTests
{
    [RequiresAwsProviderFact]
    public async Task Refresh_reports_throughput_changed_in_dynalite_and_records_the_real_state_as_a_new_version()
    {
        await AttachAsync("no-deletes", SeedPolicies.DenyDeletes);
        var name = TableName("drift");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", ProvisionedTable(name, 1, 1));
        await dynamo.CallAsync("UpdateTable", new { TableName = name, ProvisionedThroughput = new { ReadCapacityUnits = 3, WriteCapacityUnits = 4 } });
        await WaitUntilActiveAsync(dynamo, name);

        var refreshed = await _service.RefreshAsync(Alice, "s1", _project.Id, "t");
        var again = await _service.RefreshAsync(Alice, "s1", _project.Id, "t");

        Assert.Equal(OperationStatus.Succeeded, refreshed.Operation.Status);
        Assert.False(refreshed.Gone);
        var read = Assert.Single(refreshed.Drift, d => d.Path == "read_capacity");
        Assert.Equal((1, 3), (read.Stored!.GetValue<int>(), read.Real!.GetValue<int>()));
        var write = Assert.Single(refreshed.Drift, d => d.Path == "write_capacity");
        Assert.Equal((1, 4), (write.Stored!.GetValue<int>(), write.Real!.GetValue<int>()));
        // Judged as the seed documents: operation "refresh".
        Assert.Equal(["no-deletes: Operation \"refresh\" on aws_dynamodb_table is allowed."], refreshed.Decision!.AllowReasons);
        var stored = (await _store.Resources.GetAsync(_project.Id, "t"))!;
        Assert.Equal(2, stored.StateVersion);
        Assert.Equal(3, JsonNode.Parse(stored.StateJson!)!["read_capacity"]!.GetValue<int>());
        Assert.Equal(1, JsonNode.Parse(stored.ConfigJson)!["read_capacity"]!.GetValue<int>()); // what the user asked for stays
        var history = await _store.Resources.HistoryAsync(_project.Id, "t", new PageRequest());
        Assert.Equal([OperationKind.Refresh, OperationKind.Create], history.Items.Select(v => v.Kind));
        // Nothing drifted the second time: no decision, no new version.
        Assert.Empty(again.Drift);
        Assert.Null(again.Decision);
        Assert.Equal(2, (await _store.Resources.GetAsync(_project.Id, "t"))!.StateVersion);
    }

    [RequiresAwsProviderFact]
    public async Task Refresh_of_a_table_deleted_outside_Mandate_reports_it_gone_and_keeps_the_state_until_ejected()
    {
        var name = TableName("gone");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        await dynamo.CallAsync("DeleteTable", new { TableName = name });
        await WaitUntilGoneAsync(dynamo, name);

        var refreshed = await _service.RefreshAsync(Alice, "s1", _project.Id, "t");

        Assert.True(refreshed.Gone);
        Assert.Contains("eject", JsonNode.Parse(refreshed.Operation.PlanJson!)!["advice"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, (await _store.Resources.GetAsync(_project.Id, "t"))!.StateVersion);
        await _service.EjectAsync(Alice, "s1", _project.Id, "t");
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "t"));
    }

    [RequiresAwsProviderFact]
    public async Task Import_adopts_a_table_created_outside_Mandate_with_a_config_that_plans_no_change()
    {
        await AttachAsync("no-deletes", SeedPolicies.DenyDeletes);
        var name = TableName("adopt");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await dynamo.CallAsync("CreateTable", new
        {
            TableName = name,
            KeySchema = new[] { new { AttributeName = "pk", KeyType = "HASH" } },
            AttributeDefinitions = new[] { new { AttributeName = "pk", AttributeType = "S" } },
            ProvisionedThroughput = new { ReadCapacityUnits = 2, WriteCapacityUnits = 2 },
        });
        await WaitUntilActiveAsync(dynamo, name);

        var missing = await Assert.ThrowsAsync<MandateException>(() =>
            _service.ImportAsync(Alice, "s1", _project.Id, "nothing", "aws_dynamodb_table", TableName("absent")));
        var imported = await _service.ImportAsync(Alice, "s1", _project.Id, "adopted", "aws_dynamodb_table", name);

        Assert.Equal(MandateErrorCodes.NotFound, missing.Code);
        Assert.Equal(OperationStatus.Succeeded, imported.Operation.Status);
        Assert.Equal(["no-deletes: Operation \"import\" on aws_dynamodb_table is allowed."], imported.Decision!.AllowReasons);
        var stored = (await _store.Resources.GetAsync(_project.Id, "adopted"))!;
        Assert.Equal(1, stored.StateVersion);
        var config = JsonNode.Parse(stored.ConfigJson)!.AsObject();
        Assert.Equal(name, config["name"]!.GetValue<string>());
        Assert.Equal("pk", config["hash_key"]!.GetValue<string>());
        Assert.Equal(2, config["read_capacity"]!.GetValue<int>());
        Assert.False(config.ContainsKey("arn")); // computed only: not the user's to set
        Assert.False(config.ContainsKey("id"));
        // The derived config describes the object as it is: planning it changes nothing.
        var plan = await _service.PlanAsync(Alice, _project.Id, "adopted", PlanIntent.Update(new JsonObject()));
        Assert.Equal("noop", plan.Action);
        Assert.Empty(plan.Changes);
        Assert.Equal(OperationKind.Import, (await _store.Resources.HistoryAsync(_project.Id, "adopted", new PageRequest())).Items[0].Kind);
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task A_pending_refresh_applies_the_real_state_once_another_principal_approves_it()
    {
        var name = TableName("pendref");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", ProvisionedTable(name, 1, 1));
        await AttachAsync("tags", SeedPolicies.RequireTags); // neither allows nor denies a table refresh: pending review
        await dynamo.CallAsync("UpdateTable", new { TableName = name, ProvisionedThroughput = new { ReadCapacityUnits = 5, WriteCapacityUnits = 1 } });
        await WaitUntilActiveAsync(dynamo, name);

        var pending = await _service.RefreshAsync(Alice, "s1", _project.Id, "t");
        Assert.Equal(OperationStatus.PendingReview, pending.Operation.Status);
        Assert.Equal(1, (await _store.Resources.GetAsync(_project.Id, "t"))!.StateVersion); // nothing written while pending
        var own = await Assert.ThrowsAsync<MandateException>(() => _service.ApproveAsync(Alice, pending.Operation.Id, pending.Operation.PlanHash!));
        var approved = await _service.ApproveAsync(Bob, pending.Operation.Id, pending.Operation.PlanHash!);

        Assert.Equal(MandateErrorCodes.Forbidden, own.Code);
        Assert.Equal(OperationStatus.Succeeded, approved.Operation.Status);
        var stored = (await _store.Resources.GetAsync(_project.Id, "t"))!;
        Assert.Equal(2, stored.StateVersion);
        Assert.Equal(5, JsonNode.Parse(stored.StateJson!)!["read_capacity"]!.GetValue<int>());
        Assert.Equal(OperationKind.Refresh, (await _store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items[0].Kind);
    }

    [RequiresAwsProviderFact]
    public async Task A_pending_import_adopts_the_table_once_another_principal_approves_it()
    {
        await AttachAsync("tags", SeedPolicies.RequireTags); // neither allows nor denies a table import: pending review
        var name = TableName("pendimp");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await dynamo.CallAsync("CreateTable", new
        {
            TableName = name,
            KeySchema = new[] { new { AttributeName = "pk", KeyType = "HASH" } },
            AttributeDefinitions = new[] { new { AttributeName = "pk", AttributeType = "S" } },
            ProvisionedThroughput = new { ReadCapacityUnits = 1, WriteCapacityUnits = 1 },
        });
        await WaitUntilActiveAsync(dynamo, name);

        var pending = await _service.ImportAsync(Alice, "s1", _project.Id, "adopted", "aws_dynamodb_table", name);
        Assert.Equal(OperationStatus.PendingReview, pending.Operation.Status);
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "adopted"));
        var approved = await _service.ApproveAsync(Bob, pending.Operation.Id, pending.Operation.PlanHash!);

        Assert.Equal(OperationStatus.Succeeded, approved.Operation.Status);
        var stored = (await _store.Resources.GetAsync(_project.Id, "adopted"))!;
        Assert.Equal(1, stored.StateVersion);
        Assert.Equal(name, JsonNode.Parse(stored.StateJson!)!["name"]!.GetValue<string>());
        Assert.Equal(OperationKind.Import, (await _store.Resources.HistoryAsync(_project.Id, "adopted", new PageRequest())).Items[0].Kind);
    }

    [RequiresAwsProviderFact]
    public async Task A_dry_run_shows_the_diff_and_the_decision_without_applying_recording_or_locking()
    {
        var name = TableName("dry");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var create = await _service.PlanAsync(Alice, _project.Id, "t", PlanIntent.Create("aws_dynamodb_table", Table(name)));

        Assert.Equal("create", create.Action);
        Assert.Equal(PolicyOutcome.Allowed, create.Decision.Outcome);
        Assert.Equal(name, Assert.Single(create.Changes, c => c.Path == "name").After!.GetValue<string>());
        var arn = Assert.Single(create.Changes, c => c.Path == "arn");
        Assert.True(arn.UnknownAfterApply);
        Assert.Null(arn.After);
        Assert.Null(await dynamo.DescribeTableAsync(name));
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "t"));
        Assert.Empty((await _store.Operations.ListAsync(new OperationQuery(ProjectId: _project.Id), new PageRequest())).Items);
        Assert.Null(await _store.Locks.GetAsync(_project.Id));

        var created = await _service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        Assert.Equal(create.PlanHash, created.Operation.PlanHash); // the dry run planned exactly what the request applied
        await AttachAsync("no-deletes", SeedPolicies.DenyDeletes);
        var rekey = await _service.PlanAsync(Bob, _project.Id, "t",
            PlanIntent.Update(JsonNode.Parse("""{"hash_key": "pk", "attribute": [{"name": "pk", "type": "S"}]}""")!.AsObject()));
        var delete = await _service.PlanAsync(Bob, _project.Id, "t", PlanIntent.Delete());

        Assert.Equal("deletethencreate", rekey.Action);
        Assert.True(Assert.Single(rekey.Changes, c => c.Path == "hash_key").ForcesReplacement);
        Assert.Equal(PolicyOutcome.Denied, rekey.Decision.Outcome);
        Assert.Equal("delete", delete.Action);
        Assert.Contains(delete.Changes, c => c.Path == "name" && c.Change == "removed");
        Assert.Equal(["no-deletes: Deleting aws_dynamodb_table resources is not allowed."], delete.Decision.DenyReasons);
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
        Assert.Single((await _store.Operations.ListAsync(new OperationQuery(ProjectId: _project.Id), new PageRequest())).Items);
    }

    private static JsonObject ProvisionedTable(string name, int read, int write) => JsonNode.Parse($$"""
        {"name": "{{name}}", "hash_key": "id", "billing_mode": "PROVISIONED", "read_capacity": {{read}}, "write_capacity": {{write}},
         "attribute": [{"name": "id", "type": "S"}]}
        """)!.AsObject();

    private static async Task WaitUntilActiveAsync(DynamoDbHttpClient dynamo, string name)
    {
        for (var i = 0; i < 100 && (await dynamo.DescribeTableAsync(name))?["TableStatus"]?.GetValue<string>() != "ACTIVE"; i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilGoneAsync(DynamoDbHttpClient dynamo, string name)
    {
        for (var i = 0; i < 100 && await dynamo.DescribeTableAsync(name) is not null; i++)
        {
            await Task.Delay(50);
        }
    }
}
