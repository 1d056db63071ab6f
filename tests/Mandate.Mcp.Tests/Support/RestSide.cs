namespace Mandate.Mcp.Tests.Support;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// What people do beside an MCP session, over the REST API with their own keys: an admin configures the
/// project's cloud integration, an approver approves a pending operation.
/// </summary>
internal sealed class RestSide(CoreHost host)
{
    /// <summary>Creates an aws integration pointing at the emulators and attaches it to <paramref name="project"/> for hashicorp/aws.</summary>
    public async Task UseEmulatorsAsync(string project, AwsBackends aws)
    {
        using var admin = host.RestClient("admin");
        var created = await SendAsync(admin, "integrations", aws.Integration($"emulators-{project}"), HttpStatusCode.Created);
        Assert.Equal("(sensitive value)", created["secrets"]!["secret_key"]!["value"]!.GetValue<string>());
        await SendAsync(admin, $"projects/{project}/integrations",
            new JsonObject { ["provider"] = "hashicorp/aws", ["integration"] = created["id"]!.GetValue<string>() }, HttpStatusCode.OK);
    }

    /// <summary>Approves as the approver (never the requester); returns the operation's status after the approval.</summary>
    public async Task<string> ApproveAsync(string operationId, string planHash)
    {
        using var approver = host.RestClient("approver");
        using var response = await approver.PostAsJsonAsync($"operations/{operationId}/approve", new JsonObject { ["plan_hash"] = planHash });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"approve answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["operation"]!["status"]!.GetValue<string>();
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, string path, JsonObject body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
