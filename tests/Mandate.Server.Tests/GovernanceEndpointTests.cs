namespace Mandate.Server.Tests;

using Mandate.Core.Access;

/// <summary>Policies, audit, locks, operations and admin endpoints over REST (no provider needed).</summary>
public sealed class GovernanceEndpointTests : IAsyncLifetime
{
    private const string Rego = """
        package spacelift

        deny contains "no buckets" if {
          input.resource.resource_type == "aws_s3_bucket"
        }
        """;

    private ApiServer _server = null!;
    private HttpClient _admin = null!;
    private string _projectId = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _admin = _server.Client(_server.AdminKey);
        var (_, project, _) = await _admin.PostJsonAsync("projects", """{"name": "shop", "labels": ["production"]}""");
        _projectId = project.Str("id");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_policy_is_created_read_by_name_versioned_attached_detached_tested_and_deleted()
    {
        var (created, policy, _) = await _admin.PostJsonAsync("policies",
            new System.Text.Json.Nodes.JsonObject { ["name"] = "no-buckets", ["rego"] = Rego }.ToJsonString());
        var id = policy.Str("id");
        var (_, byName, _) = await _admin.GetJsonAsync("policies/no-buckets");
        var (_, updated, _) = await _admin.SendAsync(HttpMethod.Put, $"policies/{id}", Http.Json("""{"description": "buckets need review"}"""));
        var (attached, _, _) = await _admin.PostJsonAsync($"policies/{id}/attachments", $$"""{"project": "{{_projectId}}"}""");
        var (_, tested, _) = await _admin.PostJsonAsync($"policies/{id}/test",
            new System.Text.Json.Nodes.JsonObject { ["rego"] = Rego.Replace("no buckets", "still no buckets", StringComparison.Ordinal) }.ToJsonString());
        var (_, detached, _) = await _admin.SendAsync(HttpMethod.Delete, $"policies/{id}/attachments/{_projectId}");
        var (deleted, _, _) = await _admin.SendAsync(HttpMethod.Delete, $"policies/{id}");
        var (gone, _, _) = await _admin.GetJsonAsync($"policies/{id}");

        Assert.Equal(201, created);
        Assert.Equal(id, byName!["policy"].Str("id"));
        Assert.Contains("no buckets", byName.Str("rego"), StringComparison.Ordinal);
        Assert.Equal(2, updated!["current_version"]!.GetValue<int>());
        Assert.Equal(204, attached);
        Assert.Equal(0, tested!["changed"]!.GetValue<int>());
        Assert.True(detached!["detached"]!.GetValue<bool>());
        Assert.Equal(204, deleted);
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task A_policy_that_does_not_compile_is_400_with_the_compiler_message()
    {
        var (status, body, _) = await _admin.PostJsonAsync("policies", """{"name": "broken", "rego": "package spacelift\ndeny contains if {"}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid_argument", body.Str("code"));
    }

    [Fact]
    public async Task The_audit_trail_is_searched_by_project_action_and_time()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var after = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");

        var (_, byProject, _) = await _admin.GetJsonAsync($"audit?project={_projectId}");
        var (_, byAction, _) = await _admin.GetJsonAsync($"audit?action=project.create&from={Uri.EscapeDataString(before)}&to={Uri.EscapeDataString(after)}");
        var (_, future, _) = await _admin.GetJsonAsync($"audit?from={Uri.EscapeDataString(after)}");
        var (badTime, badBody, _) = await _admin.GetJsonAsync("audit?from=yesterday");

        var entry = byProject!["items"]!.AsArray().First(e => e.Str("action") == "project.create");
        Assert.Equal(_projectId, entry.Str("project_id"));
        Assert.NotNull(entry!["payload"]);
        Assert.Contains(byAction!["items"]!.AsArray(), e => e.Str("project_id") == _projectId);
        Assert.Empty(future!["items"]!.AsArray());
        Assert.Equal(400, badTime);
        Assert.Contains("'from'", badBody.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_project_is_unlocked_has_no_resources_and_no_operations()
    {
        var (_, lockStatus, _) = await _admin.GetJsonAsync($"projects/{_projectId}/lock");
        var (_, unlock, _) = await _admin.SendAsync(HttpMethod.Delete, $"projects/{_projectId}/lock");
        var (_, resources, _) = await _admin.GetJsonAsync($"projects/{_projectId}/resources");
        var (_, pending, _) = await _admin.GetJsonAsync($"operations?project={_projectId}&pending=true");
        var (missing, _, _) = await _admin.GetJsonAsync($"projects/{_projectId}/resources/nothing");
        var (badStatus, badBody, _) = await _admin.GetJsonAsync("operations?status=finished");

        Assert.False(lockStatus!["locked"]!.GetValue<bool>());
        Assert.False(unlock!["unlocked"]!.GetValue<bool>());
        Assert.Empty(resources!["items"]!.AsArray());
        Assert.Empty(pending!["items"]!.AsArray());
        Assert.Equal(404, missing);
        Assert.Equal(400, badStatus);
        Assert.Contains("pending_review", badBody.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_needs_a_plan_hash_and_an_existing_operation()
    {
        var (noHash, noHashBody, _) = await _admin.PostJsonAsync("operations/op_missing/approve", "{}");
        var (missing, missingBody, _) = await _admin.PostJsonAsync("operations/op_missing/approve", """{"plan_hash": "abc"}""");

        Assert.Equal(400, noHash);
        Assert.Contains("plan_hash", noHashBody.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(404, missing);
        Assert.Equal("not_found", missingBody.Str("code"));
    }

    [Fact]
    public async Task A_merge_patch_must_say_so_in_its_content_type()
    {
        var (status, body, _) = await _admin.SendAsync(HttpMethod.Patch, $"projects/{_projectId}/resources/anything", Http.Json("""{"name": "x"}"""));

        Assert.True(415 == status, body?.ToJsonString());
        Assert.Contains("application/merge-patch+json", body.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_a_space_and_a_key_that_works_at_once_and_stops_when_revoked()
    {
        var (spaceStatus, _, _) = await _admin.PostJsonAsync("spaces", """{"id": "team-a"}""");
        var (_, spaces, _) = await _admin.GetJsonAsync("spaces");
        var (keyStatus, key, _) = await _admin.PostJsonAsync("keys", """{"role": "approver", "space": "team-a", "scope": "write", "name": "ci approver"}""");
        using var approver = _server.Client(key.Str("plain_text"));
        var (_, me, _) = await approver.GetJsonAsync("me");
        var (revoked, _, _) = await _admin.SendAsync(HttpMethod.Delete, $"keys/{key.Str("key_id")}");
        var (after, _, _) = await approver.GetJsonAsync("me");

        Assert.Equal(201, spaceStatus);
        Assert.Contains(spaces!.AsArray(), s => s.Str("id") == "team-a");
        Assert.Equal(201, keyStatus);
        Assert.StartsWith("mdt_", key.Str("plain_text"), StringComparison.Ordinal);
        Assert.Equal("approver", me!["roles"]![0]!.Str("role"));
        Assert.Equal("team-a", me["roles"]![0]!.Str("space"));
        Assert.Equal(204, revoked);
        Assert.Equal(401, after);
    }

    [Fact]
    public async Task Only_admins_manage_keys_and_a_bad_role_name_is_400()
    {
        using var reader = _server.Client(await _server.IssueKeyAsync(Role.Reader));

        var (forbidden, _, _) = await reader.PostJsonAsync("keys", """{"role": "reader"}""");
        var (badRole, badBody, _) = await _admin.PostJsonAsync("keys", """{"role": "superuser"}""");

        Assert.Equal(403, forbidden);
        Assert.Equal(400, badRole);
        Assert.Equal("invalid_argument", badBody.Str("code"));
    }
}
