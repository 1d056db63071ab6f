namespace Mandate.Mcp.Tests.EndToEnd;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Mcp.Tests.Support;

/// <summary>
/// Over MCP, a project in a space the key cannot read gets the very tool error a project that does not exist gets,
/// ids aside, so a model (or whoever drives it) cannot probe what exists in other spaces.
/// </summary>
public sealed class ExistenceConcealmentTests : IAsyncLifetime
{
    private CoreHost _host = null!;

    public async Task InitializeAsync() => _host = await CoreHost.StartAsync(runBackgroundWork: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_project_in_an_unreadable_space_is_the_same_tool_error_as_a_missing_project()
    {
        var admin = new CallContext(await _host.PrincipalAsync("admin"), "setup");
        await _host.Core.Access.CreateSpaceAsync(admin, new SpaceId("team"), SpaceId.Root);
        await _host.Core.Access.CreateSpaceAsync(admin, new SpaceId("sibling"), SpaceId.Root);
        var hidden = await _host.Core.Projects.CreateAsync(admin, new ProjectCreateRequest(new SpaceId("sibling"), "payroll"));
        var key = await _host.Core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Write, new SpaceId("team"), Role.Operator, "team operator"));
        const string MissingId = "prj_01jzzzzzzzzzzzzzzzzzzzzzzz";

        await using var client = await _host.ConnectWithKeyAsync(key.PlainText);
        var concealed = await client.ErrorAsync("resource_list", new { project = hidden.Id });
        var missing = await client.ErrorAsync("resource_list", new { project = MissingId });

        Assert.Equal("not_found", concealed["code"]!.GetValue<string>());
        Assert.Equal(missing.ToJsonString().Replace(MissingId, "<id>", StringComparison.Ordinal),
            concealed.ToJsonString().Replace(hidden.Id, "<id>", StringComparison.Ordinal));
    }
}
