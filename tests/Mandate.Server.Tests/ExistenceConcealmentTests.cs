namespace Mandate.Server.Tests;

using Mandate.Core.Access;
using Mandate.Core.Model;

/// <summary>
/// Over REST, a project or space the key cannot read answers exactly like one that does not exist: the same 404 problem,
/// the same code, the same detail but for the id, so ids cannot be used to find out what exists elsewhere.
/// </summary>
public sealed class ExistenceConcealmentTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_project_and_a_space_the_key_cannot_read_are_404s_indistinguishable_from_missing_ones()
    {
        var now = DateTimeOffset.UtcNow;
        await _server.Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("team"), SpaceId.Root, "team", now));
        await _server.Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("sibling"), SpaceId.Root, "sibling", now));
        var hidden = new ProjectRecord(Ids.New("prj"), "sibling", "payroll", "", [], [], "admin", now, now);
        await _server.Store.Projects.CreateAsync(hidden);
        var missingId = Ids.New("prj");
        using var http = _server.Client(await ApiServer.IssueKeyAsync(_server.Store, Role.Operator, KeyScope.Write, "team operator", "team"));

        var (hiddenStatus, hiddenBody, _) = await http.GetJsonAsync($"projects/{hidden.Id}");
        var (missingStatus, missingBody, _) = await http.GetJsonAsync($"projects/{missingId}");
        var (hiddenSpace, hiddenSpaceBody, _) = await http.PostJsonAsync("projects", """{"name": "probe", "space": "sibling"}""");
        var (missingSpace, missingSpaceBody, _) = await http.PostJsonAsync("projects", """{"name": "probe", "space": "nowhere"}""");
        var (ownStatus, _, _) = await http.PostJsonAsync("projects", """{"name": "probe", "space": "team"}""");

        Assert.Equal(404, hiddenStatus);
        Assert.Equal(404, missingStatus);
        Assert.Equal("not_found", hiddenBody.Str("code"));
        Assert.Equal(missingBody.Str("detail").Replace(missingId, "<id>", StringComparison.Ordinal),
            hiddenBody.Str("detail").Replace(hidden.Id, "<id>", StringComparison.Ordinal));
        Assert.Equal(404, hiddenSpace);
        Assert.Equal(404, missingSpace);
        Assert.Equal("not_found", hiddenSpaceBody.Str("code"));
        Assert.Equal(missingSpaceBody.Str("detail").Replace("nowhere", "<space>", StringComparison.Ordinal),
            hiddenSpaceBody.Str("detail").Replace("sibling", "<space>", StringComparison.Ordinal));
        Assert.Equal(201, ownStatus);
    }
}
