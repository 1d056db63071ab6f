namespace Mandate.Server.Tests;

using System.Reflection;
using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Server.Api.Problems;

/// <summary>Bad input gets a problem that names what was wrong; JSON is snake_case; lists page with cursors.</summary>
public sealed class ProblemAndJsonTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _http = _server.Client(_server.AdminKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_field_is_400_naming_it_and_the_accepted_fields()
    {
        var (status, body, _) = await _http.PostJsonAsync("projects", """{"name": "web", "colour": "blue"}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid_argument", body.Str("code"));
        Assert.Contains("'colour'", body.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("colour", body!["details"]!.Str("field"));
        Assert.Contains("name", body["details"]!["accepted_fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("space", body["details"]!["accepted_fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Malformed_json_is_400_with_the_position()
    {
        var (status, body, _) = await _http.PostJsonAsync("projects", """{"name": "web",}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid_argument", body.Str("code"));
        Assert.Contains("not valid JSON", body.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("line 1", body.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_field_is_400_naming_it()
    {
        var (status, body, _) = await _http.PostJsonAsync("projects", """{"description": "no name"}""");

        Assert.Equal(400, status);
        Assert.Contains("'name'", body.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_400_saying_the_expected_type()
    {
        var (status, body, _) = await _http.PostJsonAsync("projects", """{"name": 42}""");

        Assert.Equal(400, status);
        Assert.Contains("$.name", body.Str("detail"), StringComparison.Ordinal);
        Assert.True(body.Str("detail").Contains("a string", StringComparison.Ordinal), body!.ToJsonString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var huge = new string('x', 2 * 1024 * 1024);

        var (status, body, _) = await _http.PostJsonAsync("projects", $$"""{"name": "web", "description": "{{huge}}"}""");

        Assert.Equal(413, status);
        Assert.Equal("payload_too_large", body.Str("code"));
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_with_problems_too()
    {
        var (missing, missingBody, _) = await _http.GetJsonAsync("no-such-thing");
        var (method, methodBody, _) = await _http.SendAsync(HttpMethod.Put, "projects", Http.Json("{}"));

        Assert.Equal(404, missing);
        Assert.Equal("not_found", missingBody.Str("code"));
        Assert.Equal(405, method);
        Assert.Equal("method_not_allowed", methodBody.Str("code"));
    }

    [Fact]
    public async Task A_missing_project_is_a_complete_404_problem()
    {
        var (status, body, response) = await _http.GetJsonAsync("projects/prj_nope/lock");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:mandate:error:not_found", body.Str("type"));
        Assert.Equal("Not found", body.Str("title"));
        Assert.Equal(404, body!["status"]!.GetValue<int>());
        Assert.Contains("prj_nope", body.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("/api/v1/projects/prj_nope/lock", body.Str("instance"));
    }

    [Fact]
    public async Task Answers_are_snake_case_compact_and_leave_nulls_out()
    {
        using var response = await _http.PostAsync(new Uri("projects", UriKind.Relative),
            Http.Json("""{"name": "web", "description": "the shop", "providers": [{"source": "hashicorp/aws", "version_constraint": "~> 5.100"}]}"""));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/projects/{body.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal("root", body.Str("space_id"));
        Assert.Equal("~> 5.100", body["providers"]![0]!.Str("version_constraint"));
        Assert.NotNull(body["created_at"]);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("integration_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SpaceId", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_page_with_next_cursor_until_the_end()
    {
        foreach (var name in new[] { "alpha", "bravo", "charlie" })
        {
            Assert.Equal(201, (await _http.PostJsonAsync("projects", $$"""{"name": "{{name}}"}""")).Status);
        }

        var (_, first, _) = await _http.GetJsonAsync("projects?limit=2");
        var cursor = first.Str("next_cursor");
        var (_, second, _) = await _http.GetJsonAsync($"projects?limit=2&cursor={Uri.EscapeDataString(cursor)}");
        var (badLimit, badBody, _) = await _http.GetJsonAsync("projects?limit=0");
        var (badType, typeBody, _) = await _http.GetJsonAsync("projects?limit=many");

        Assert.Equal(["alpha", "bravo"], first!["items"]!.AsArray().Select(p => p.Str("name")));
        Assert.Equal(["charlie"], second!["items"]!.AsArray().Select(p => p.Str("name")));
        Assert.Null(second["next_cursor"]);
        Assert.Equal(400, badLimit);
        Assert.Contains("between 1 and 500", badBody.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(400, badType);
        Assert.Contains("'limit'", typeBody.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Mandate_error_code_maps_to_a_specific_status_and_only_internal_to_500()
    {
        var codes = typeof(MandateErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            Assert.Contains(code, ProblemStatus.Codes);
            var (status, title) = ProblemStatus.For(code);
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.Equal(code == MandateErrorCodes.Internal, status == 500);
        }

        Assert.Equal(423, ProblemStatus.For(MandateErrorCodes.ProjectLocked).Status);
        Assert.Equal(403, ProblemStatus.For(MandateErrorCodes.ReadOnlyCredential).Status);
    }
}
