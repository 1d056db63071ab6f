namespace Mandate.Mcp.Tests.EndToEnd;

using System.Net;
using Mandate.Core.Application;
using Mandate.Core.Stores;
using Mandate.Mcp.Tests.Support;

/// <summary>Refusals over /mcp with Core behind it: each gets the right error and leaves nothing in state.</summary>
public sealed class CoreRefusalTests : IAsyncLifetime
{
    private CoreHost _host = null!;

    public async Task InitializeAsync() => _host = await CoreHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_read_key_sees_only_read_tools_and_gets_403_for_a_write_tool()
    {
        await using (var client = await _host.ConnectAsync("reader"))
        {
            var tools = await client.ListToolsAsync();
            Assert.Contains(tools, t => t.Name == "project_list");
            Assert.DoesNotContain(tools, t => t.Name is "project_create" or "resource_create" or "operation_approve" or "lock_unlock");
        }

        using var http = _host.RawClient("reader");
        var session = await RawMcp.StartSessionAsync(http);
        using var response = await http.SendAsync(RawMcp.Post(
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"project_create","arguments":{"name":"sneaky"}}}""", session));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("read-only", (await RawMcp.MessageAsync(response))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await ProjectsAsync());
    }

    [Fact]
    public async Task Bad_calls_change_nothing_in_the_store()
    {
        var auditBefore = await AuditCountAsync();
        await using (var client = await _host.ConnectAsync("admin"))
        {
            await client.ErrorAsync("project_create", new { name = "x", colour = "blue" });
            await client.ErrorAsync("project_create", new { name = 42 });
            await client.ErrorAsync("project_create", new { });
            await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () => await client.CallToolAsync("project_destroy"));
            var missing = await client.ErrorAsync("resource_list", new { project = "nope" });
            Assert.Equal("not_found", missing["code"]!.GetValue<string>());
        }

        using (var bad = new HttpClient { BaseAddress = _host.Endpoint })
        {
            bad.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mdt_aaaaaaaaaaaa_wrongwrongwrongwrongwrongwrongwrongwrongwro");
            using var refused = await bad.SendAsync(RawMcp.Post(RawMcp.Initialize));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Empty(await ProjectsAsync());
        // Only Core's own records of refusals may appear (auth.failed); nothing was created or changed.
        var audit = await _host.Core.Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(null, 500));
        Assert.All(audit.Items.Take(audit.Items.Count - auditBefore), e => Assert.Contains(e.Action, new[] { "auth.failed", "access.denied" }));
    }

    private async Task<IReadOnlyList<Mandate.Core.Model.ProjectRecord>> ProjectsAsync()
    {
        var admin = new CallContext(await _host.PrincipalAsync("admin"), "check");
        return (await _host.Core.Projects.ListAsync(admin, null, new PageRequest(null, 50))).Items;
    }

    private async Task<int> AuditCountAsync() =>
        (await _host.Core.Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(null, 500))).Items.Count;
}
