namespace Mandate.Server.Tests;

using Mandate.Core.Access;

/// <summary>Bearer keys on /api/v1: who gets in, and what the refusals look like.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task No_key_is_401_with_a_bare_bearer_challenge_and_a_problem_saying_what_to_send()
    {
        using var http = _server.Client(null);

        var (status, body, response) = await http.GetJsonAsync("projects");

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer realm=\"mandate\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("unauthenticated", body.Str("code"));
        Assert.Equal("urn:mandate:error:unauthenticated", body.Str("type"));
        Assert.Equal(401, body!["status"]!.GetValue<int>());
        Assert.Contains("Authorization: Bearer", body.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("mdt_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_or_unknown_key_is_401_invalid_token(string key)
    {
        using var http = _server.Client(key);

        var (status, body, response) = await http.GetJsonAsync("projects");

        Assert.Equal(401, status);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("unauthenticated", body.Str("code"));
    }

    [Fact]
    public async Task The_key_is_checked_before_the_body_so_an_anonymous_bad_body_still_gets_401()
    {
        using var http = _server.Client(null);

        var (status, body, _) = await http.PostJsonAsync("projects", "{not json");

        Assert.Equal(401, status);
        Assert.Equal("unauthenticated", body.Str("code"));
    }

    [Fact]
    public async Task A_reader_may_list_but_creating_a_project_is_a_403_problem_naming_the_roles_that_could()
    {
        using var http = _server.Client(await _server.IssueKeyAsync(Role.Reader));

        var (listStatus, _, _) = await http.GetJsonAsync("projects");
        var (status, body, _) = await http.PostJsonAsync("projects", """{"name": "web"}""");

        Assert.Equal(200, listStatus);
        Assert.Equal(403, status);
        Assert.Equal("forbidden", body.Str("code"));
        Assert.Contains("project.create", body.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("operator", body!["details"]!["allowed_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task A_read_only_key_is_refused_every_change_with_read_only_credential_whatever_its_role()
    {
        using var http = _server.Client(await _server.IssueKeyAsync(Role.Admin, KeyScope.Read, "read-only admin"));

        var (status, body, _) = await http.PostJsonAsync("projects", """{"name": "web"}""");
        var (readStatus, _, _) = await http.GetJsonAsync("projects");

        Assert.Equal(403, status);
        Assert.Equal("read_only_credential", body.Str("code"));
        Assert.Equal(200, readStatus);
    }

    [Fact]
    public async Task The_session_is_rest_and_the_key_id_unless_the_Mandate_Session_header_names_one()
    {
        using var http = _server.Client(_server.AdminKey);
        var keyId = _server.AdminKey.Split('_')[1];

        var (_, plain, _) = await http.GetJsonAsync("me");
        http.DefaultRequestHeaders.Add("Mandate-Session", "nightly-job-7");
        var (_, named, _) = await http.GetJsonAsync("me");

        Assert.Equal($"rest:{keyId}", plain.Str("session"));
        Assert.Equal("nightly-job-7", named.Str("session"));
        Assert.Equal("admin", plain!["roles"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Healthz_and_the_OpenAPI_document_need_no_key()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).StatusCode);
    }
}
