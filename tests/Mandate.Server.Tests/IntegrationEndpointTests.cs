namespace Mandate.Server.Tests;

using Mandate.Core.Access;

/// <summary>Cloud integrations over REST: secrets go in and never come out; attachments per provider; refusals name the problem.</summary>
public sealed class IntegrationEndpointTests : IAsyncLifetime
{
    private const string Secret = "wJalrXUtnFEMI-never-shown-again";

    private ApiServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _admin = _server.Client(_server.AdminKey);
        await _admin.PostJsonAsync("projects", """{"name": "shop"}""");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_integration_is_created_attached_by_project_name_listed_detached_and_deleted_without_showing_its_secret()
    {
        var (created, integration, response) = await _admin.PostJsonAsync("integrations", $$$"""
            {"name": "local", "kind": "aws", "settings": {"region": "us-east-1", "endpoints": {"dynamodb": "http://127.0.0.1:4567"}},
             "secrets": {"access_key": "AKIDLOCAL", "secret_key": "{{{Secret}}}"}}
            """);
        Assert.True(created == 201, integration?.ToJsonString());
        Assert.Equal($"/api/v1/integrations/{integration.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.True(integration!["secrets"]!["secret_key"]!["is_set"]!.GetValue<bool>());
        var (_, listed, listedResponse) = await _admin.GetJsonAsync("integrations");
        var (_, shown, _) = await _admin.GetJsonAsync($"integrations/{integration.Str("id")}");
        Assert.Equal(["local"], listed!["items"]!.AsArray().Select(i => i.Str("name")));
        Assert.Equal("http://127.0.0.1:4567", shown!["settings"]!["endpoints"].Str("dynamodb"));
        foreach (var text in new[] { integration.ToJsonString(), listed.ToJsonString(), shown.ToJsonString(), await listedResponse.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }

        var (attached, attachment, _) = await _admin.PostJsonAsync("projects/shop/integrations",
            $$"""{"provider": "hashicorp/aws", "integration": "{{integration.Str("id")}}"}""");
        Assert.True(attached == 200, attachment?.ToJsonString());
        var (_, attachments, _) = await _admin.GetJsonAsync("projects/shop/integrations");
        Assert.Equal([integration.Str("id")], attachments!.AsArray().Select(a => a.Str("integration_id")));

        var (detached, detach, _) = await _admin.SendAsync(HttpMethod.Delete, "projects/shop/integrations?provider=hashicorp/aws");
        Assert.Equal(200, detached);
        Assert.True(detach!["detached"]!.GetValue<bool>());
        var (deleted, _, _) = await _admin.SendAsync(HttpMethod.Delete, $"integrations/{integration.Str("id")}");
        Assert.Equal(204, deleted);
        var (gone, problem, _) = await _admin.GetJsonAsync($"integrations/{integration.Str("id")}");
        Assert.Equal(404, gone);
        Assert.Equal("not_found", problem.Str("code"));
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_what_was_wrong_and_a_reader_cannot_create()
    {
        var (unknownField, unknownProblem, _) = await _admin.PostJsonAsync("integrations", """{"name": "x", "kind": "aws", "region": "us-east-1"}""");
        var (badKind, kindProblem, _) = await _admin.PostJsonAsync("integrations", """{"name": "x", "kind": "oracle", "settings": {}}""");
        using var reader = _server.Client(await _server.IssueKeyAsync(Role.Reader, KeyScope.Read));
        var (readOnly, readOnlyProblem, _) = await reader.PostJsonAsync("integrations", """{"name": "x", "kind": "aws", "settings": {"region": "us-east-1"}}""");

        Assert.Equal(400, unknownField);
        Assert.Contains("region", unknownProblem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(400, badKind);
        Assert.Contains("oracle", kindProblem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(403, readOnly);
        Assert.Equal("read_only_credential", readOnlyProblem.Str("code"));
        var (_, listed, _) = await _admin.GetJsonAsync("integrations");
        Assert.Empty(listed!["items"]!.AsArray());
    }
}
