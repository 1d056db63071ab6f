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

    /// <summary>
    /// Each transport refusal carries a well-formed call that would create a project if it got through: a foreign
    /// Origin, an oversized body, no key, a wrong key, a session used with another key, broken JSON-RPC. Each gets its
    /// HTTP status and JSON-RPC error, and afterwards the store holds no project, operation or resource, and the
    /// audit trail only the refusals Core records (failed authentications).
    /// </summary>
    [Fact]
    public async Task Transport_refusals_leave_no_trace_in_state()
    {
        var before = await StateAsync();
        using var admin = _host.RawClient("admin");
        var session = await RawMcp.StartSessionAsync(admin);
        string Create(string name, string description = "") =>
            $$$$"""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"project_create","arguments":{"name":"{{{{name}}}}","description":"{{{{description}}}}"}}}""";

        using (var foreign = RawMcp.Post(Create("via-evil-origin"), session))
        {
            foreign.Headers.Add("Origin", "http://evil.example");
            await ExpectAsync(await admin.SendAsync(foreign), HttpStatusCode.Forbidden);
        }

        await ExpectAsync(await admin.SendAsync(RawMcp.Post(Create("too-big", new string('x', 1100 * 1024)), session)), HttpStatusCode.RequestEntityTooLarge);
        await ExpectAsync(await admin.SendAsync(RawMcp.Post(Create("broken")[..^3], session)), HttpStatusCode.BadRequest, -32700);
        await ExpectAsync(await admin.SendAsync(RawMcp.Post(Create("no-version").Replace("\"2.0\"", "\"1.0\"", StringComparison.Ordinal), session)),
            HttpStatusCode.BadRequest, -32600);
        using (var anonymous = new HttpClient { BaseAddress = _host.Endpoint })
        {
            await ExpectAsync(await anonymous.SendAsync(RawMcp.Post(Create("no-key"), session)), HttpStatusCode.Unauthorized);
            anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mdt_aaaaaaaaaaaa_wrongwrongwrongwrongwrongwrongwrongwrongwro");
            await ExpectAsync(await anonymous.SendAsync(RawMcp.Post(Create("wrong-key"), session)), HttpStatusCode.Unauthorized);
        }

        using (var approver = _host.RawClient("approver"))
        {
            // A session belongs to the key that started it; another valid key cannot ride on it.
            var refused = await approver.SendAsync(RawMcp.Post(Create("other-key"), session));
            Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"got {(int)refused.StatusCode}");
        }

        var after = await StateAsync();
        Assert.Equal((before.Projects, before.Operations), (after.Projects, after.Operations));
        var added = after.Audit.Skip(before.Audit.Count).Select(e => e.Action).ToList();
        Assert.All(added, action => Assert.Equal("auth.failed", action));
        Assert.Contains("auth.failed", added); // the wrong key was recorded
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, int? jsonRpcCode = null)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            if (jsonRpcCode is { } code)
            {
                Assert.Equal(code, (await RawMcp.MessageAsync(response))["error"]!["code"]!.GetValue<int>());
            }
        }
    }

    // Projects, operations (each resource change is one) and the audit trail, oldest entry first.
    private async Task<(int Projects, int Operations, IReadOnlyList<Mandate.Core.Audit.AuditEntry> Audit)> StateAsync()
    {
        var operations = await _host.Core.Store.Operations.ListAsync(new OperationQuery(), new PageRequest(null, 500));
        var audit = await _host.Core.Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(null, 500));
        return ((await ProjectsAsync()).Count, operations.Items.Count, audit.Items.OrderBy(e => e.Sequence).ToList());
    }

    private async Task<IReadOnlyList<Mandate.Core.Model.ProjectRecord>> ProjectsAsync()
    {
        var admin = new CallContext(await _host.PrincipalAsync("admin"), "check");
        return (await _host.Core.Projects.ListAsync(admin, null, new PageRequest(null, 50))).Items;
    }

    private async Task<int> AuditCountAsync() =>
        (await _host.Core.Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(null, 500))).Items.Count;
}
