namespace Mandate.Mcp.Tests.EndToEnd;

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Files;
using Mandate.TestFixtures.Xunit;
using ModelContextProtocol.Client;

/// <summary>
/// A value the provider marks sensitive (aws_ssm_parameter.value, in the SSM emulator) through every surface of the
/// server `mandate serve` builds: MCP tools plan, create, read, list, refresh, update, follow and delete it; REST and the
/// app layer read it, its history, plans, operations and the audit export. The resource works (the emulator holds each
/// value, the stored sealed state opens to it: a plan of the same config is a no-op), and neither the old nor the new
/// secret appears in any tool result, REST response, app-layer result, log line (every level, providers included) or
/// byte of the database files.
/// </summary>
public sealed class SensitiveValueTests(AwsBackends aws) : IClassFixture<AwsBackends>
{
    [RequiresAwsProviderFact]
    public async Task A_sensitive_value_is_never_shown_by_MCP_REST_the_app_layer_the_logs_or_the_database()
    {
        var (first, second) = ($"McpFirstSecret-{Guid.NewGuid():N}", $"McpSecondSecret-{Guid.NewGuid():N}");
        var (adopted, approved) = ($"McpAdoptedSecret-{Guid.NewGuid():N}", $"McpApprovedSecret-{Guid.NewGuid():N}");
        var name = $"/mandate/e2e/{Guid.NewGuid():N}";
        var logs = new CapturedLogs();
        var shown = new StringBuilder();
        await using var host = await CoreHost.StartAsync(logs: logs);
        await using var client = await host.ConnectAsync("admin");
        using var rest = host.RestClient("admin");
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);
        var project = (await client.OkAsync("project_create", new { name = "secrets", providers = new[] { "hashicorp/aws" } }))["created"]!["id"]!.GetValue<string>();
        await client.OkAsync("project_use", new { project = "secrets" });
        await new RestSide(host).UseEmulatorsAsync("secrets", aws);
        var config = new { name, type = "SecureString", value = first, description = "sensitive through every surface" };

        var plan = await Shown(client.OkAsync("resource_plan", new { resource_id = "secret", resource_type = "aws_ssm_parameter", config }));
        var created = await Shown(SessionFlow.SettleAsync(client, await client.OkAsync("resource_create",
            new { resource_id = "secret", resource_type = "aws_ssm_parameter", config })));
        Assert.Equal("create", plan["plan"]!["action"]!.GetValue<string>());
        Assert.Equal("succeeded", created["status"]!.GetValue<string>());
        Assert.Equal(first, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());
        Assert.Equal("noop", (await Shown(client.OkAsync("resource_plan", new { resource_id = "secret", patch = new { } })))["plan"]!["action"]!.GetValue<string>());

        var updated = await Shown(SessionFlow.SettleAsync(client, await client.OkAsync("resource_update", new { resource_id = "secret", patch = new { value = second } })));
        Assert.Equal("succeeded", updated["status"]!.GetValue<string>());
        Assert.Equal(second, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());
        Assert.Equal("noop", (await Shown(client.OkAsync("resource_plan", new { resource_id = "secret", patch = new { } })))["plan"]!["action"]!.GetValue<string>());
        // Import: a parameter made outside Mandate is adopted; the value the provider reads from the cloud is stored sealed.
        var adoptedName = $"{name}-adopted";
        await ssm.CallAsync("PutParameter", new { Name = adoptedName, Value = adopted, Type = "SecureString" });
        var imported = await Shown(SessionFlow.SettleAsync(client, await client.OkAsync("resource_import",
            new { resource_id = "adopted", resource_type = "aws_ssm_parameter", import_id = adoptedName })));
        Assert.Equal("succeeded", imported["status"]!.GetValue<string>());
        Assert.Equal("noop", (await Shown(client.OkAsync("resource_plan", new { resource_id = "adopted", patch = new { } })))["plan"]!["action"]!.GetValue<string>());
        await Shown(client.OkAsync("resource_get", new { resource_id = "adopted" }));

        // Review: with a policy that allows only deletes, a change of the value waits; another principal approves the plan.
        var policy = await Shown(client.OkAsync("policy_create", new { name = "review-changes", rego = ReviewChanges }));
        await client.OkAsync("policy_attach", new { policy = policy["created"]!["id"]!.GetValue<string>(), project = "secrets" });
        var pending = await Shown(client.OkAsync("resource_update", new { resource_id = "adopted", patch = new { value = approved } }));
        Assert.Equal("pending_review", pending["status"]!.GetValue<string>());
        var review = await Shown(client.OkAsync("operation_status", new { operation_id = pending["id"]!.GetValue<string>() }));
        await Shown(client.OkAsync("operation_list_pending", new { project = "secrets" }));
        using (var approver = host.RestClient("approver"))
        {
            shown.Append(await RestAsync(approver.PostAsJsonAsync($"operations/{pending["id"]}/approve", new JsonObject { ["plan_hash"] = review["plan_hash"]!.GetValue<string>() })));
        }

        var decided = await client.OkAsync("operation_status", new { operation_id = pending["id"]!.GetValue<string>() });
        Assert.Equal("succeeded", (await Shown(SessionFlow.SettleAsync(client, decided)))["status"]!.GetValue<string>());
        Assert.Equal(approved, (await ssm.GetParameterAsync(adoptedName))!["Value"]!.GetValue<string>());
        await Shown(client.OkAsync("resource_eject", new { resource_id = "adopted" }));
        Assert.Equal(approved, (await ssm.GetParameterAsync(adoptedName))!["Value"]!.GetValue<string>()); // ejected, not destroyed

        await Shown(client.OkAsync("resource_get", new { resource_id = "secret" }));
        await Shown(client.OkAsync("resource_list", new { }));
        await Shown(client.OkAsync("resource_refresh", new { resource_id = "secret" }));
        await Shown(client.OkAsync("resource_plan", new { resource_id = "secret", patch = new { value = first } }));
        foreach (var operation in new[] { created, updated })
        {
            await Shown(client.OkAsync("operation_status", new { operation_id = operation["id"]!.GetValue<string>() }));
        }

        // REST, with the admin's key, in the session the app-layer calls below use; the MCP session's project lock is released first.
        rest.DefaultRequestHeaders.Add("Mandate-Session", "app-layer");
        shown.Append(await RestAsync(rest.DeleteAsync($"projects/{project}/lock")));
        foreach (var path in new[]
                 {
                     $"projects/{project}/resources", $"projects/{project}/resources/secret", $"projects/{project}/resources/secret/history",
                     $"operations?project={project}", $"operations/{updated["id"]}", "audit/export", $"audit?project={project}",
                 })
        {
            shown.Append(await RestAsync(rest.GetAsync(path)));
        }

        shown.Append(await RestAsync(rest.PostAsJsonAsync($"projects/{project}/resources/secret/plan", new { operation = "update", patch = new { value = first } })));
        shown.Append(await RestAsync(rest.PostAsync($"projects/{project}/resources/secret/refresh", null)));

        // The app layer every transport calls, as the admin.
        var ctx = new CallContext(await host.PrincipalAsync("admin"), "app-layer");
        shown.Append(Json(await host.Core.Resources.GetAsync(ctx, project, "secret")))
            .Append(Json(await host.Core.Resources.ListAsync(ctx, project, null, new PageRequest())))
            .Append(Json(await host.Core.Resources.HistoryAsync(ctx, project, "secret", new PageRequest())))
            .Append(Json(await host.Core.Resources.PlanAsync(ctx, project, "secret", PlanIntent.Update(new JsonObject { ["value"] = first }))))
            .Append(Json(await host.Core.Resources.RefreshAsync(ctx, project, "secret")))
            .Append(Json(await host.Core.Operations.ListAsync(ctx, new OperationFilter(project), new PageRequest())))
            .Append(Json(await host.Core.Operations.GetResultAsync(ctx, updated["id"]!.GetValue<string>())))
            .Append(Json(await host.Core.Audit.SearchAsync(ctx, new AuditQuery(ProjectId: project), new PageRequest())));

        shown.Append(await RestAsync(rest.DeleteAsync($"projects/{project}/lock")));
        var deleted = await Shown(client.OkAsync("resource_delete", new { resource_id = "secret" }));
        Assert.Equal("succeeded", (await Shown(SessionFlow.SettleAsync(client, deleted["operations"]![0]!.AsObject())))["status"]!.GetValue<string>());
        Assert.Null(await ssm.GetParameterAsync(name));

        var databaseFiles = FileBytes.SqliteFiles(Path.Combine(host.DataDirectory, "mandate.db"));
        Assert.Contains(databaseFiles, f => f.EndsWith("-wal", StringComparison.Ordinal));
        Assert.Contains("(sensitive value)", shown.ToString(), StringComparison.Ordinal); // the surfaces did show the value's place
        // The capture really reached down to debug and trace, for the host (the MCP SDK traces every message) and the providers.
        Assert.Contains("Trace ModelContextProtocol", logs.Text, StringComparison.Ordinal);
        Assert.Contains("provider Debug", logs.Text, StringComparison.Ordinal);
        foreach (var secret in new[] { first, second, adopted, approved })
        {
            Assert.DoesNotContain(secret, shown.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);
            foreach (var file in databaseFiles)
            {
                Assert.False(FileBytes.Contains(file, secret), $"{Path.GetFileName(file)} holds a secret");
            }
        }

        async Task<JsonObject> Shown(Task<JsonObject> result)
        {
            var json = await result;
            shown.Append(json.ToJsonString());
            return json;
        }
    }

    // Only deletes are allowed outright: every other change of the project waits for review.
    private const string ReviewChanges = """
        package spacelift

        import rego.v1

        allow contains "deletes are routine" if input.resource.operation == "delete"
        """;

    private static async Task<string> RestAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
