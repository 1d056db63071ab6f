namespace Mandate.Core.Tests.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Mandate.Storage;

/// <summary>
/// What the application layer writes to the audit trail: one entry per mutation with the real actor,
/// the target and a MandateAction name; denials; and a chain that verifies afterwards — and stops
/// verifying, naming the entry, when a row is changed behind Mandate's back.
/// </summary>
public sealed class FacadeAuditTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-facade-audit-").FullName;
    private AppWorld _world = null!;

    private string DatabasePath => Path.Combine(_directory, "m.db");

    public async Task InitializeAsync() => _world = await AppWorld.CreateAsync(MandateStores.OpenSqlite(DatabasePath));

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_kind_of_governance_mutation_appends_its_entry_with_the_real_actor_and_target()
    {
        var admin = _world.Admin;
        var core = _world.Core;
        var space = await core.Access.CreateSpaceAsync(admin, new SpaceId("payments"), AppWorld.Team);
        var project = await core.Projects.CreateAsync(admin, new ProjectCreateRequest(space.Id, "checkout"));
        await core.Projects.UpdateAsync(admin, project.Id, "the checkout service", null);
        await core.Projects.SetLabelsAsync(admin, project.Id, ["production"]);
        var policy = await core.Policies.CreateAsync(admin, new PolicyCreateRequest(space.Id, "guard", AppWorld.PolicyRego));
        await core.Policies.UpdateAsync(admin, policy.Id, new PolicyUpdateRequest(Description: "v2"));
        await core.Policies.AttachAsync(admin, policy.Id, project.Id);
        await core.Policies.DetachAsync(admin, policy.Id, project.Id);
        await core.Policies.DeleteAsync(admin, policy.Id);
        var user = await core.Access.CreateUserAsync(admin, new UserCreateRequest("carol", "Carol", space.Id, Role.Reader));
        await core.Access.GrantRoleAsync(admin, user.Id, space.Id, Role.Approver);
        await core.Access.RevokeRoleAsync(admin, user.Id, space.Id, Role.Approver);
        var key = await core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Write, space.Id, Role.Operator));
        await core.Access.RevokeApiKeyAsync(admin, key.KeyId);
        await _world.LockAsync(project);
        await core.Locks.UnlockAsync(admin, project.Id);
        var resource = await _world.ResourceAsync(project);
        await core.Resources.EjectAsync(admin, project.Id, resource.ResourceId);
        var pending = await _world.PendingOperationAsync(project);
        await core.Operations.RejectAsync(admin, pending.Id, "not in this quarter");
        await core.Projects.DeleteAsync(admin, project.Id);

        var entries = await AllAsync();
        Assert.All(entries, e => Assert.Equal("admin", e.ActorId));
        AssertEntry(entries, "space.manage", "space", "payments", null);
        AssertEntry(entries, "project.create", "project", project.Id, project.Id);
        AssertEntry(entries, "project.update", "project", project.Id, project.Id);
        AssertEntry(entries, "project.label", "project", project.Id, project.Id);
        Assert.Equal(["create", "update", "delete"],
            entries.Where(e => e.Action == "policy.write" && e.TargetId == policy.Id).Select(e => JsonNode.Parse(e.Payload)!["change"]!.GetValue<string>()));
        AssertEntry(entries, "policy.attach", "policy", policy.Id, project.Id);
        AssertEntry(entries, "policy.detach", "policy", policy.Id, project.Id);
        Assert.Equal(3, entries.Count(e => e.Action == "role.manage" && e.TargetId == "carol"));
        Assert.Equal(2, entries.Count(e => e.Action == "key.manage" && e.TargetId == key.KeyId));
        AssertEntry(entries, "lock.unlock", "project", project.Id, project.Id);
        var eject = AssertEntry(entries, "resource.eject", "resource", $"{project.Id}/{resource.ResourceId}", project.Id);
        Assert.Equal(resource.ResourceId, eject.ResourceId);
        var reject = AssertEntry(entries, "approval.decide", "operation", pending.Id, project.Id);
        Assert.Contains("not in this quarter", reject.Payload, StringComparison.Ordinal);
        AssertEntry(entries, "project.delete", "project", project.Id, project.Id);
        Assert.True((await core.Audit.VerifyAsync(admin)).IsIntact);
    }

    [Fact]
    public async Task A_refused_call_is_audited_as_access_denied_naming_the_action_and_the_project()
    {
        var reader = await _world.UserAsync("rita", AppWorld.Team, Role.Reader);
        var project = await _world.ProjectAsync(AppWorld.Team);

        var refused = await Assert.ThrowsAsync<MandateException>(() =>
            _world.Core.Resources.CreateAsync(reader, project.Id, "bucket", "aws_s3_bucket", new JsonObject { ["bucket"] = "b" }));

        Assert.Equal(MandateErrorCodes.Forbidden, refused.Code);
        var denied = Assert.Single(await AllAsync(), e => e.Action == AccessGuard.DeniedAction);
        Assert.Equal("rita", denied.ActorId);
        Assert.Equal(AuditOutcomes.Denied, denied.Outcome);
        Assert.Equal(project.Id, denied.ProjectId);
        Assert.Equal("bucket", denied.ResourceId);
        Assert.Contains("\"action\":\"resource.create\"", denied.Payload, StringComparison.Ordinal);
        Assert.Equal(0, _world.Resolver.Calls);
    }

    [Fact]
    public async Task An_approver_cannot_decide_its_own_request_and_the_attempt_is_audited()
    {
        var approver = await _world.UserAsync("someone-else", AppWorld.Team, Role.Approver);
        var pending = await _world.PendingOperationAsync(await _world.ProjectAsync(AppWorld.Team));

        var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Operations.RejectAsync(approver, pending.Id, "mine"));

        Assert.Equal(MandateErrorCodes.Forbidden, refused.Code);
        Assert.Equal(OperationStatus.PendingReview, (await _world.Store.Operations.GetAsync(pending.Id))!.Status);
        Assert.Contains(await AllAsync(), e => e.Action == AccessGuard.DeniedAction && e.TargetId == pending.Id && e.Payload.Contains("requester-cannot-decide", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resource_change_refused_before_planning_is_audited_as_failed_with_its_code()
    {
        var operatorCtx = await _world.UserAsync("otto", AppWorld.Team, Role.Operator);
        var project = await _world.ProjectAsync(AppWorld.Team);

        var failed = await Assert.ThrowsAsync<MandateException>(() =>
            _world.Core.Resources.CreateAsync(operatorCtx, project.Id, "bucket", "aws_s3_bucket", new JsonObject { ["bucket"] = "b" }));

        Assert.Equal(MandateErrorCodes.ProviderError, failed.Code);
        var entry = Assert.Single(await AllAsync(), e => e.Action == "resource.create");
        Assert.Equal(AuditOutcomes.Failed, entry.Outcome);
        Assert.Equal("otto", entry.ActorId);
        Assert.Contains("\"code\":\"provider_error\"", entry.Payload, StringComparison.Ordinal);
        // A provider's message may quote the config given; only the code is kept.
        Assert.DoesNotContain("no provider in this test", entry.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_one_audit_row_in_the_database_makes_verify_name_that_entry()
    {
        var admin = _world.Admin;
        for (var i = 0; i < 3; i++)
        {
            await _world.Core.Projects.CreateAsync(admin, new ProjectCreateRequest(AppWorld.Team, $"p{i}"));
        }

        Assert.True((await _world.Core.Audit.VerifyAsync(admin)).IsIntact);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_entries SET actor_id = 'mallory' WHERE sequence = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var verification = await _world.Core.Audit.VerifyAsync(admin);

        Assert.False(verification.IsIntact);
        Assert.Equal(2, verification.BrokenSequence);
        Assert.Contains("entry 2", verification.Message, StringComparison.Ordinal);
    }

    private static AuditEntry AssertEntry(IReadOnlyList<AuditEntry> entries, string action, string targetKind, string targetId, string? projectId)
    {
        var entry = Assert.Single(entries, e => e.Action == action && e.TargetId == targetId);
        Assert.Equal(targetKind, entry.TargetKind);
        Assert.Equal(projectId, entry.ProjectId);
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        return entry;
    }

    private async Task<IReadOnlyList<AuditEntry>> AllAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _world.Store.Audit.ReadAllAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }
}
