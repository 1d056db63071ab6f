namespace Mandate.Mcp.Tests.EndToEnd;

using System.Text.Json.Nodes;
using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using ModelContextProtocol.Client;

/// <summary>
/// The session the acceptance describes, driven through an MCP client whatever the transport:
/// discover → schema → create a table → a policy denies one bucket and leaves another for review → an
/// approver approves over REST → it completes → list → delete. The project's provider is configured by a cloud
/// integration an admin creates over REST; each step is checked against dynalite/s3rver directly.
/// </summary>
internal static class SessionFlow
{
    public const string Policy = """
        package mandate.e2e

        deny contains "public buckets are not allowed: bucket names must not start with 'public-'" if {
            input.resource.resource_type == "aws_s3_bucket"
            startswith(input.resource.proposed_state.bucket, "public-")
        }

        allow contains "tables are pre-approved" if input.resource.resource_type == "aws_dynamodb_table"
        """;

    public static async Task RunAsync(McpClient client, AwsBackends aws, RestSide rest, string suffix)
    {
        var providers = await client.OkAsync("provider_search", new { query = "aws" });
        Assert.Contains(providers["providers"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "hashicorp/aws");

        var types = await client.OkAsync("provider_resource_types", new { provider = "aws", query = "dynamo table" });
        Assert.Equal("aws_dynamodb_table", types["types"]![0]!["type"]!.GetValue<string>());

        var schema = ToolResults.Text(await client.CallToolAsync("resource_type_schema",
            new Dictionary<string, object?> { ["provider"] = "aws", ["resource_type"] = "aws_dynamodb_table" }));
        Assert.Contains("hash_key", schema, StringComparison.Ordinal);
        Assert.Contains("attribute set", schema, StringComparison.Ordinal);

        var project = $"e2e-{suffix}";
        await client.OkAsync("project_create", new { name = project, providers = new[] { "hashicorp/aws" } });
        var used = await client.OkAsync("project_use", new { project });
        Assert.Equal(project, used["current"]!["name"]!.GetValue<string>());
        await rest.UseEmulatorsAsync(project, aws);

        var table = $"sessions-{suffix}";
        var tableConfig = new JsonObject
        {
            ["name"] = table,
            ["hash_key"] = "id",
            ["billing_mode"] = "PAY_PER_REQUEST",
            ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }),
        };
        await PlanAsync(client, "sessions", "aws_dynamodb_table", tableConfig);
        var created = await SettleAsync(client, await client.OkAsync("resource_create", new { resource_id = "sessions", resource_type = "aws_dynamodb_table", config = tableConfig }));
        Assert.Equal("succeeded", created["status"]!.GetValue<string>());
        using (var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint))
        {
            Assert.NotNull(await dynamo.DescribeTableAsync(table));
        }

        var policy = await client.OkAsync("policy_create", new { name = $"no-public-buckets-{suffix}", rego = Policy });
        await client.OkAsync("policy_attach", new { policy = policy["created"]!["id"]!.GetValue<string>(), project });

        var publicBucket = $"public-assets-{suffix}";
        var denied = await client.ErrorAsync("resource_create", new { resource_id = "assets", resource_type = "aws_s3_bucket", config = new { bucket = publicBucket } });
        Assert.Equal("policy_denied", denied["code"]!.GetValue<string>());
        Assert.Contains("bucket names must not start with 'public-'", denied["message"]!.GetValue<string>(), StringComparison.Ordinal);
        using var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        Assert.False(await s3.BucketExistsAsync(publicBucket));

        var logsBucket = $"private-logs-{suffix}";
        var pending = await client.OkAsync("resource_create", new { resource_id = "logs", resource_type = "aws_s3_bucket", config = new { bucket = logsBucket } });
        Assert.Equal("pending_review", pending["status"]!.GetValue<string>());
        var operationId = pending["id"]!.GetValue<string>();
        var listed = await client.OkAsync("operation_list_pending", new { project });
        Assert.Contains(listed["operations"]!.AsArray(), o => o!["id"]!.GetValue<string>() == operationId);
        Assert.False(await s3.BucketExistsAsync(logsBucket));

        var status = await client.OkAsync("operation_status", new { operation_id = operationId });
        var planHash = status["plan_hash"]!.GetValue<string>();
        Assert.Contains(await rest.ApproveAsync(operationId, planHash), new[] { "succeeded", "queued", "applying" });

        var done = await SettleAsync(client, await client.OkAsync("operation_status", new { operation_id = operationId }));
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.True(await s3.BucketExistsAsync(logsBucket));

        var resources = await client.OkAsync("resource_list", new { });
        Assert.Equal(["logs", "sessions"], resources["resources"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order().ToArray());

        var deleted = await client.OkAsync("resource_delete", new { resource_id = "sessions" });
        Assert.Equal("succeeded", (await SettleAsync(client, deleted["operations"]![0]!.AsObject()))["status"]!.GetValue<string>());
        using (var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint))
        {
            Assert.DoesNotContain(table, await dynamo.ListTablesAsync());
        }

        var after = await client.OkAsync("resource_list", new { });
        Assert.Equal(["logs"], after["resources"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToArray());

        // Eject: Mandate forgets the bucket, which stays in the cloud.
        var ejected = await client.OkAsync("resource_eject", new { resource_id = "logs" });
        Assert.Equal("succeeded", ejected["status"]!.GetValue<string>());
        Assert.True(await s3.BucketExistsAsync(logsBucket));
        Assert.Empty((await client.OkAsync("resource_list", new { }))["resources"]!.AsArray());
    }

    /// <summary>A dry run: the plan says create, the table policy has not been attached yet, and nothing changes.</summary>
    private static async Task PlanAsync(McpClient client, string resourceId, string type, JsonObject config)
    {
        var plan = await client.OkAsync("resource_plan", new { resource_id = resourceId, resource_type = type, config });
        Assert.Equal("create", plan["plan"]!["action"]!.GetValue<string>());
        Assert.Contains(plan["plan"]!["changes"]!.AsArray(), c => c!["path"]!.GetValue<string>() == "hash_key");
        Assert.Equal("allowed", plan["decision"]!["outcome"]!.GetValue<string>());
        Assert.Empty((await client.OkAsync("resource_list", new { }))["resources"]!.AsArray());
    }

    /// <summary>Until a long operation (queued, applying) ends, asks operation_resume to wait for it; returns its final status.</summary>
    public static async Task<JsonObject> SettleAsync(McpClient client, JsonObject operation)
    {
        for (var round = 0; round < 4 && operation["status"]!.GetValue<string>() is "queued" or "applying"; round++)
        {
            operation = await client.OkAsync("operation_resume", new { operation_id = operation["id"]!.GetValue<string>(), wait_seconds = 30 });
        }

        return operation;
    }
}
