namespace Mandate.Mcp.Tests.EndToEnd;

using System.Net;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>operation_resume (and REST's resume) on a server without a worker: what only the client's call does.</summary>
public sealed class ResumeTests(AwsBackends aws) : IClassFixture<AwsBackends>
{
    // Neither allows nor denies tables: every change waits for review.
    private const string ReviewEverything = """
        package mandate.review

        deny contains "never" if input.resource.resource_id == "never-used"
        """;

    [RequiresAwsProviderFact]
    public async Task Resume_applies_an_operation_left_queued_and_says_what_a_pending_one_waits_for()
    {
        await using var host = await CoreHost.StartAsync(runBackgroundWork: false);
        await using var client = await host.ConnectAsync("admin");
        await client.OkAsync("project_create", new { name = "resume", providers = new[] { "hashicorp/aws" } });
        await client.OkAsync("project_use", new { project = "resume" });
        await new RestSide(host).UseEmulatorsAsync("resume", aws);
        var policy = await client.OkAsync("policy_create", new { name = "review-everything", rego = ReviewEverything });
        await client.OkAsync("policy_attach", new { policy = policy["created"]!["id"]!.GetValue<string>() });

        var pending = await client.OkAsync("resource_create", new
        {
            resource_id = "later",
            resource_type = "aws_dynamodb_table",
            config = new { name = "resume-later", hash_key = "id", billing_mode = "PAY_PER_REQUEST", attribute = new[] { new { name = "id", type = "S" } } },
        });
        var operationId = pending["id"]!.GetValue<string>();
        var waiting = await client.OkAsync("operation_resume", new { operation_id = operationId, wait_seconds = 0 });
        Assert.Equal("pending_review", waiting["status"]!.GetValue<string>());
        Assert.Contains("approver", waiting["next"]!.GetValue<string>(), StringComparison.Ordinal);

        // As if an approver's process recorded the approval (queued) and stopped before claiming it: nobody applies it now.
        var stored = (await host.Core.Store.Operations.GetAsync(operationId))!;
        var approver = await host.PrincipalAsync("approver");
        Assert.True(await host.Core.Store.Operations.UpdateIfStatusAsync(stored with { Status = OperationStatus.Queued, DecidedBy = approver.Id },
            OperationStatus.PendingReview));
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        Assert.Null(await dynamo.DescribeTableAsync("resume-later"));

        var resumed = await client.OkAsync("operation_resume", new { operation_id = operationId, wait_seconds = 45 });
        Assert.Equal("succeeded", resumed["status"]!.GetValue<string>());
        Assert.Equal("resume-later", resumed["state"]!["name"]!.GetValue<string>());
        Assert.NotNull(await dynamo.DescribeTableAsync("resume-later"));
        var audit = await host.Core.Store.Audit.SearchAsync(new AuditQuery(Action: "operation.resume"), new PageRequest(null, 10));
        Assert.Equal((await host.PrincipalAsync("admin")).Id, Assert.Single(audit.Items).ActorId);

        // Resuming an ended operation answers it as it stands; over REST that is 200, and a wait out of range is a 400.
        using var rest = host.RestClient("admin");
        using var again = await rest.PostAsync($"operations/{operationId}/resume?wait=0", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("succeeded", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["operation"]!["status"]!.GetValue<string>());
        using var tooLong = await rest.PostAsync($"operations/{operationId}/resume?wait=999", null);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("between 0 and 120", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A read-scoped session does not see it: resuming may carry out a change.
        await using var reader = await host.ConnectAsync("reader");
        Assert.DoesNotContain(await reader.ListToolsAsync(), t => t.Name == "operation_resume");
    }
}
