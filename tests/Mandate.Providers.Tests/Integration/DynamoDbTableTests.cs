using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Integration;

/// <summary>
/// aws_dynamodb_table through the real provider against dynalite. Every step is checked through dynalite's own
/// API, not through the provider, so a runtime bug cannot hide behind a provider answer.
/// </summary>
public sealed class DynamoDbTableTests(AwsProviderFixture aws) : IClassFixture<AwsProviderFixture>
{
    private const string Type = "aws_dynamodb_table";

    [RequiresAwsProviderFact]
    public async Task Create_read_retag_and_delete_a_table()
    {
        var name = UniqueName("crud");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var config = TableConfig(name, "id", """{"env":"dev","team":"core"}""");

        // Create: the plan is a create with the provider's unknowns, the apply makes a real table.
        var create = await aws.Lifecycle.PlanAsync(Type, null, config);
        Assert.True(create.Succeeded, create.Diagnostics.Describe());
        Assert.Equal(ChangeAction.Create, create.Action);
        Assert.False(create.PlannedState!.GetAttribute("arn").IsKnown);
        var created = await aws.Lifecycle.ApplyAsync(create);
        Assert.True(created.Succeeded, created.Diagnostics.Describe());
        var state = created.State!;
        Assert.Equal(name, state.Value.GetAttribute("id").AsString());
        Assert.Equal(1, state.SchemaVersion);

        var table = (await dynamo.DescribeTableAsync(name))!;
        Assert.Equal("id", table["KeySchema"]![0]!["AttributeName"]!.GetValue<string>());
        Assert.Equal(state.Value.GetAttribute("arn").AsString(), table["TableArn"]!.GetValue<string>());

        // Read: refreshing an unchanged table reports the same object.
        var read = await aws.Lifecycle.RefreshAsync(state);
        Assert.True(read.Succeeded, read.Diagnostics.Describe());
        Assert.Equal(name, read.State!.Value.GetAttribute("name").AsString());
        state = read.State;

        // dynalite ignores tags on CreateTable, so the first refresh shows them as drift-free but empty; the
        // tag change below therefore goes through TagResource, which dynalite does record.
        var retag = await aws.Lifecycle.PlanAsync(Type, state, TableConfig(name, "id", """{"env":"prod","team":"core"}"""));
        Assert.True(retag.Succeeded, retag.Diagnostics.Describe());
        Assert.Equal(ChangeAction.Update, retag.Action);
        Assert.Empty(retag.RequiresReplace);
        var retagged = await aws.Lifecycle.ApplyAsync(retag);
        Assert.True(retagged.Succeeded, retagged.Diagnostics.Describe());
        Assert.Equal(state.Value.GetAttribute("arn"), retagged.State!.Value.GetAttribute("arn"));
        var tags = await TagsAsync(dynamo, state.Value.GetAttribute("arn").AsString());
        Assert.Equal("prod", tags["env"]);
        Assert.Equal("core", tags["team"]);

        // Delete.
        var delete = await aws.Lifecycle.PlanAsync(Type, retagged.State, null);
        Assert.Equal(ChangeAction.Delete, delete.Action);
        var deleted = await aws.Lifecycle.ApplyAsync(delete);
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
        Assert.Null(deleted.State);
        Assert.Null(await dynamo.DescribeTableAsync(name));

        // Refreshing the deleted table reports it gone rather than failing.
        var gone = await aws.Lifecycle.RefreshAsync(retagged.State);
        Assert.True(gone.Gone, gone.Diagnostics.Describe());
    }

    [RequiresAwsProviderFact]
    public async Task Changing_hash_key_is_planned_as_a_replacement_and_recreates_the_table()
    {
        var name = UniqueName("replace");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var created = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, null, TableConfig(name, "id", "{}")));
        Assert.True(created.Succeeded, created.Diagnostics.Describe());

        var plan = await aws.Lifecycle.PlanAsync(Type, created.State, TableConfig(name, "pk", "{}"));
        Assert.True(plan.Succeeded, plan.Diagnostics.Describe());
        Assert.Equal(ChangeAction.DeleteThenCreate, plan.Action);
        Assert.Contains(CtyPath.OfAttributes("hash_key"), plan.RequiresReplace);
        Assert.False(plan.PlannedState!.GetAttribute("arn").IsKnown); // planned as a fresh create

        var replaced = await aws.Lifecycle.ApplyAsync(plan);
        Assert.True(replaced.Succeeded, replaced.Diagnostics.Describe());
        var table = (await dynamo.DescribeTableAsync(name))!;
        Assert.Equal("pk", table["KeySchema"]![0]!["AttributeName"]!.GetValue<string>());
        Assert.Equal("pk", replaced.State!.Value.GetAttribute("hash_key").AsString());

        var deleted = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, replaced.State, null));
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
    }

    [RequiresAwsProviderFact]
    public async Task An_existing_table_is_imported_by_name_with_its_full_state()
    {
        var name = UniqueName("import");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        await dynamo.CallAsync("CreateTable", new
        {
            TableName = name,
            AttributeDefinitions = new[] { new { AttributeName = "key", AttributeType = "S" } },
            KeySchema = new[] { new { AttributeName = "key", KeyType = "HASH" } },
            BillingMode = "PAY_PER_REQUEST",
        });

        var imported = await aws.Lifecycle.ImportAsync(Type, name);
        Assert.True(imported.Succeeded, imported.Diagnostics.Describe());
        var value = imported.State!.Value;
        Assert.Equal(name, value.GetAttribute("name").AsString());
        Assert.Equal("key", value.GetAttribute("hash_key").AsString());
        Assert.Equal("PAY_PER_REQUEST", value.GetAttribute("billing_mode").AsString());
        var table = (await dynamo.DescribeTableAsync(name))!;
        Assert.Equal(table["TableArn"]!.GetValue<string>(), value.GetAttribute("arn").AsString());

        // The imported state plans as no change against a matching config, as after `terraform import`.
        var plan = await aws.Lifecycle.PlanAsync(Type, imported.State, TableConfig(name, "key", "{}"));
        Assert.True(plan.Succeeded, plan.Diagnostics.Describe());
        Assert.NotEqual(ChangeAction.DeleteThenCreate, plan.Action);

        var deleted = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, imported.State, null));
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
        Assert.Null(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task Importing_a_missing_table_fails_with_a_clear_error()
    {
        var imported = await aws.Lifecycle.ImportAsync(Type, UniqueName("absent"));
        Assert.False(imported.Succeeded);
        Assert.Null(imported.State);
        Assert.Contains(imported.Diagnostics, d => d.Summary.Contains("non-existent", StringComparison.Ordinal));
    }

    [RequiresAwsProviderFact]
    public async Task Stored_state_round_trips_through_UpgradeResourceState()
    {
        var name = UniqueName("upgrade");
        var created = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, null, TableConfig(name, "id", "{}")));
        Assert.True(created.Succeeded, created.Diagnostics.Describe());

        var stored = ResourceLifecycle.Store(created.State!);
        var (upgraded, diagnostics) = await aws.Lifecycle.UpgradeAsync(stored);
        Assert.False(diagnostics.HasErrors(), diagnostics.Describe());
        Assert.Equal(created.State!.Value.GetAttribute("arn"), upgraded!.Value.GetAttribute("arn"));
        Assert.Equal(created.State.Value.GetAttribute("hash_key"), upgraded.Value.GetAttribute("hash_key"));

        var deleted = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, upgraded, null));
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
    }

    [RequiresAwsProviderFact]
    public async Task An_unknown_resource_type_is_a_diagnostic_with_a_suggestion()
    {
        var plan = await aws.Lifecycle.PlanAsync("aws_dynamodb_tabel", null, aws.ResourceConfig(Type, "{}"));
        Assert.False(plan.Succeeded);
        Assert.Contains(plan.Diagnostics, d => d.Detail.Contains("\"aws_dynamodb_table\"", StringComparison.Ordinal));
    }

    private CtyValue TableConfig(string name, string hashKey, string tagsJson) => aws.ResourceConfig(Type, $$"""
        {
          "name": "{{name}}",
          "hash_key": "{{hashKey}}",
          "billing_mode": "PAY_PER_REQUEST",
          "attribute": [{ "name": "{{hashKey}}", "type": "S" }],
          "tags": {{tagsJson}}
        }
        """);

    private static async Task<Dictionary<string, string>> TagsAsync(DynamoDbHttpClient dynamo, string arn)
    {
        var response = await dynamo.CallAsync("ListTagsOfResource", new { ResourceArn = arn });
        return ((JsonArray)response["Tags"]!).ToDictionary(t => t!["Key"]!.GetValue<string>(), t => t!["Value"]!.GetValue<string>());
    }

    private static string UniqueName(string purpose) => $"mandate-{purpose}-{Guid.NewGuid():N}"[..40];
}
