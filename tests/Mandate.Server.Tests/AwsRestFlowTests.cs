namespace Mandate.Server.Tests;

using Mandate.Core.Access;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// The real hashicorp/aws provider behind REST: tables created, approved and deleted over HTTP are checked in
/// dynalite with an independent SigV4 client.
/// </summary>
public sealed class AwsRestFlowTests
{
    // Tables named "sessions" are routine; anything else waits for an approver; deletes are routine.
    private const string ReviewPolicy = """
        package spacelift

        allow contains "sessions tables are routine" if {
          input.resource.resource_id == "sessions"
        }

        allow contains "deletes are routine" if {
          input.resource.operation == "delete"
        }

        allow contains "imports are routine" if {
          input.resource.operation == "import"
        }

        allow contains "refreshes are routine" if {
          input.resource.operation == "refresh"
        }

        deny contains sprintf("table %q: names starting with forbidden are not allowed", [input.resource.proposed_state.name]) if {
          startswith(input.resource.proposed_state.name, "forbidden")
        }
        """;

    [RequiresAwsProviderFact]
    public async Task Tables_are_planned_created_refreshed_imported_denied_approved_and_deleted_over_REST_and_checked_in_dynalite()
    {
        await using var dynalite = await DynaliteServer.StartAsync();
        var resolver = await LocalAwsProvider.CreateAsync(dynalite.Endpoint);
        await using var server = await ApiServer.StartAsync(resolver);
        using var dynamo = new DynamoDbHttpClient(dynalite.Endpoint);
        using var admin = server.Client(server.AdminKey);
        using var operatorClient = server.Client(await server.IssueKeyAsync(Role.Operator));
        using var approver = server.Client(await server.IssueKeyAsync(Role.Approver));

        var (_, project, _) = await admin.PostJsonAsync("projects", """{"name": "shop", "providers": [{"source": "hashicorp/aws"}]}""");
        var projectId = project.Str("id");
        var (_, policy, _) = await admin.PostJsonAsync("policies", new System.Text.Json.Nodes.JsonObject { ["name"] = "review", ["rego"] = ReviewPolicy }.ToJsonString());
        await admin.PostJsonAsync($"policies/{policy.Str("id")}/attachments", $$"""{"project": "{{projectId}}"}""");
        var resources = $"projects/{projectId}/resources";

        // Allowed: applied at once.
        var (created, createdBody, _) = await operatorClient.PostJsonAsync(resources, Table("sessions", "mandate-sessions"));
        Assert.Equal(201, created);
        Assert.Equal("succeeded", createdBody!["operation"].Str("status"));
        Assert.NotNull(await dynamo.DescribeTableAsync("mandate-sessions"));
        var (_, shown, _) = await operatorClient.GetJsonAsync($"{resources}/sessions");
        Assert.Equal("mandate-sessions", shown!["state"].Str("name"));

        // Refresh: the real table matches what is stored.
        var (refreshed, refreshBody, _) = await operatorClient.PostJsonAsync($"{resources}/sessions/refresh", "{}");
        Assert.Equal(200, refreshed);
        Assert.True(refreshBody!["drift"]!.AsArray().Count == 0, refreshBody.ToJsonString());
        Assert.False(refreshBody["gone"]!.GetValue<bool>());

        // Import: a table made outside Mandate is adopted; nothing in the cloud changes.
        await dynamo.CallAsync("CreateTable", new
        {
            TableName = "mandate-legacy",
            BillingMode = "PAY_PER_REQUEST",
            KeySchema = new[] { new { AttributeName = "id", KeyType = "HASH" } },
            AttributeDefinitions = new[] { new { AttributeName = "id", AttributeType = "S" } },
        });
        var (imported, importBody, _) = await operatorClient.PostJsonAsync($"{resources}/import",
            """{"resource_id": "legacy", "resource_type": "aws_dynamodb_table", "import_id": "mandate-legacy"}""");
        Assert.True(imported == 201, importBody?.ToJsonString());
        var (_, legacy, _) = await operatorClient.GetJsonAsync($"{resources}/legacy");
        Assert.Equal("mandate-legacy", legacy!["state"].Str("name"));

        // Denied: a 422 problem with the policy's reason, nothing in the cloud.
        var (denied, deniedBody, _) = await operatorClient.PostJsonAsync(resources, Table("bad", "forbidden-table"));
        Assert.Equal(422, denied);
        Assert.Equal("policy_denied", deniedBody.Str("code"));
        Assert.Contains("names starting with forbidden are not allowed", deniedBody!["details"]!["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await dynamo.DescribeTableAsync("forbidden-table"));

        // Plan: a dry run shows the diff and the decision, and applies and records nothing.
        var (planned, plan, _) = await operatorClient.PostJsonAsync($"{resources}/orders/plan",
            """{"operation": "create", "resource_type": "aws_dynamodb_table", "config": {"name": "mandate-orders", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{"name": "id", "type": "S"}]}}""");
        Assert.True(planned == 200, plan?.ToJsonString());
        Assert.Equal("create", plan.Str("action"));
        Assert.Equal("pending_review", plan!["decision"].Str("outcome"));
        Assert.Contains(plan["changes"]!.AsArray(), c => c.Str("path") == "name");
        Assert.Null(await dynamo.DescribeTableAsync("mandate-orders"));

        // Pending: 202, nothing in the cloud until an approver names the reviewed plan.
        var (pending, pendingBody, _) = await operatorClient.PostJsonAsync(resources, Table("orders", "mandate-orders"));
        Assert.Equal(202, pending);
        var operation = pendingBody!["operation"]!;
        Assert.Equal("pending_review", operation.Str("status"));
        Assert.Equal(plan.Str("plan_hash"), operation.Str("plan_hash"));
        Assert.Null(await dynamo.DescribeTableAsync("mandate-orders"));
        var (_, listed, _) = await approver.GetJsonAsync($"operations?project={projectId}&pending=true");
        Assert.Equal([operation.Str("id")], listed!["items"]!.AsArray().Select(o => o.Str("id")));
        var (_, detail, _) = await approver.GetJsonAsync($"operations/{operation.Str("id")}");
        Assert.Equal(operation.Str("plan_hash"), detail.Str("plan_hash"));
        Assert.NotNull(detail!["plan"]);

        var (own, ownBody, _) = await operatorClient.PostJsonAsync($"operations/{operation.Str("id")}/approve", $$"""{"plan_hash": "{{operation.Str("plan_hash")}}"}""");
        var (wrong, wrongBody, _) = await approver.PostJsonAsync($"operations/{operation.Str("id")}/approve", $$"""{"plan_hash": "{{new string('0', 64)}}"}""");
        var (approved, approvedBody, _) = await approver.PostJsonAsync($"operations/{operation.Str("id")}/approve", $$"""{"plan_hash": "{{operation.Str("plan_hash")}}"}""");

        Assert.Equal(403, own);
        Assert.Equal("forbidden", ownBody.Str("code"));
        Assert.Equal(409, wrong);
        Assert.Equal("plan_changed", wrongBody.Str("code"));
        Assert.Equal(200, approved);
        Assert.Equal("succeeded", approvedBody!["operation"].Str("status"));
        Assert.NotNull(await dynamo.DescribeTableAsync("mandate-orders"));

        // Delete: routine, gone from the cloud, listed no more.
        var (deleted, deletedBody, _) = await operatorClient.SendAsync(HttpMethod.Delete, $"{resources}/sessions");
        Assert.Equal(200, deleted);
        Assert.Equal("succeeded", deletedBody!["operations"]![0].Str("status"));
        Assert.Null(await dynamo.DescribeTableAsync("mandate-sessions"));
        var (_, remaining, _) = await operatorClient.GetJsonAsync(resources);
        Assert.Equal(["legacy", "orders"], remaining!["items"]!.AsArray().Select(r => r.Str("resource_id")));

        // Eject: Mandate forgets the adopted table; the table itself stays in the cloud.
        var (ejected, ejectBody, _) = await operatorClient.PostJsonAsync($"{resources}/legacy/eject", "{}");
        Assert.True(ejected == 200, ejectBody?.ToJsonString());
        Assert.Equal("eject", ejectBody!["operation"].Str("kind"));
        Assert.Equal("succeeded", ejectBody["operation"].Str("status"));
        Assert.Null(ejectBody["operation"]!["claimed_by"]);
        Assert.NotNull(await dynamo.DescribeTableAsync("mandate-legacy"));
        var (_, afterEject, _) = await operatorClient.GetJsonAsync(resources);
        Assert.Equal(["orders"], afterEject!["items"]!.AsArray().Select(r => r.Str("resource_id")));
    }

    private static string Table(string resourceId, string name) => $$$"""
        {"resource_id": "{{{resourceId}}}", "resource_type": "aws_dynamodb_table",
         "config": {"name": "{{{name}}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{"name": "id", "type": "S"}]}}
        """;
}
