namespace Mandate.Core.Tests.Policies;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Core.Stores;
using Mandate.Storage;

public sealed class PolicyGateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-gate-").FullName;
    private IMandateStore _store = null!;
    private PolicyGate _gate = null!;

    public async Task InitializeAsync()
    {
        _store = MandateStores.OpenSqlite(Path.Combine(_directory, "m.db"));
        await _store.MigrateAsync();
        _gate = new PolicyGate(_store, new IntentPolicyEvaluator(), TimeProvider.System, samplesKept: 5);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Explicit_and_label_attached_policies_apply_and_unrelated_ones_do_not()
    {
        var project = await ProjectAsync("web", space: "team", labels: ["prod"]);
        var explicitPolicy = await PolicyAsync("explicit", SeedPolicies.DenyDeletes, space: "root");
        await PolicyAsync("everything-below-root", SeedPolicies.RestrictProviders, space: "root", labels: ["autoattach:*"]);
        await PolicyAsync("prod-tags", SeedPolicies.RequireTags, space: "team", labels: ["autoattach:prod"]);
        await PolicyAsync("staging-only", SeedPolicies.AllowOnlyS3, space: "team", labels: ["autoattach:staging"]);
        await PolicyAsync("sibling-space", SeedPolicies.AllowOnlyS3, space: "other", labels: ["autoattach:*"]);
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(explicitPolicy.Id, project.Id, "usr_author", T0));

        var applicable = await _gate.ApplicablePoliciesAsync(project, ["team", "root"]);

        Assert.Equal(["everything-below-root", "explicit", "prod-tags"], applicable.Select(p => p.Name));
    }

    [Fact]
    public async Task One_allowing_and_one_denying_policy_deny_with_the_denying_policys_reasons()
    {
        var project = await ProjectAsync("mixed");
        var allowing = await PolicyAsync("providers", SeedPolicies.RestrictProviders);
        var denying = await PolicyAsync("no-deletes", SeedPolicies.DenyDeletes);
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(allowing.Id, project.Id, "usr_author", T0));
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(denying.Id, project.Id, "usr_author", T0));

        var policies = await _gate.ApplicablePoliciesAsync(project, ["root"]);
        var decision = await _gate.DecideAsync(policies, Input(project, "aws_dynamodb_table", OperationKind.Delete));

        Assert.Equal(PolicyOutcome.Denied, decision.Outcome);
        Assert.Equal(["no-deletes: Deleting aws_dynamodb_table resources is not allowed."], decision.DenyReasons);
    }

    [Fact]
    public async Task Sampled_evaluations_are_kept_and_a_draft_shows_which_decisions_would_change()
    {
        var project = await ProjectAsync("sampled");
        var policy = await PolicyAsync("no-deletes", SeedPolicies.DenyDeletes);
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, "usr_author", T0));
        var policies = await _gate.ApplicablePoliciesAsync(project, ["root"]);
        await _gate.DecideAsync(policies, Input(project, "aws_s3_bucket", OperationKind.Delete));
        await _gate.DecideAsync(policies, Input(project, "aws_s3_bucket", OperationKind.Create));

        // The draft stops denying deletes of DynamoDB tables only; S3 deletes stay denied.
        var draft = SeedPolicies.DenyDeletes.Replace("input.resource.operation == \"delete\"",
            "input.resource.operation == \"delete\"\n  input.resource.resource_type == \"aws_dynamodb_table\"", StringComparison.Ordinal);
        var comparisons = await _gate.CompareDraftAsync(policy.Id, draft, 10);

        Assert.Equal(2, (await _store.Policies.SamplesAsync(policy.Id, 10)).Count);
        Assert.Equal(2, comparisons.Count);
        var delete = comparisons.Single(c => c.Recorded == PolicyOutcome.Denied);
        Assert.True(delete.Changed);
        Assert.Equal(PolicyOutcome.PendingReview, delete.Draft);
        Assert.False(comparisons.Single(c => c.Recorded == PolicyOutcome.Allowed).Changed);
    }

    [Fact]
    public void The_documented_input_keys_are_exactly_those_under_resource()
    {
        var project = new ProjectRecord("prj_1", "root", "p", "", ["prod"], [], "usr", T0, T0);
        var input = PolicyInput.Build(new PolicyInputContext("r1", "aws_s3_bucket", "registry.terraform.io/hashicorp/aws", "5.100.0", OperationKind.Create,
            null, new JsonObject { ["bucket"] = "b", ["arn"] = null }, ["arn"], project, "usr_alice", "Alice"));

        Assert.Equal(["resource_id", "resource_type", "provider", "provider_version", "operation", "current_state", "proposed_state"],
            input["resource"]!.AsObject().Select(p => p.Key));
        Assert.Equal("aws", input["resource"]!["provider"]!.GetValue<string>());
        Assert.Null(input["resource"]!["current_state"]);
        Assert.Equal("arn", input["plan"]!["unknown_paths"]![0]!.GetValue<string>());
        Assert.Equal("prod", input["project"]!["labels"]![0]!.GetValue<string>());
    }

    private async Task<ProjectRecord> ProjectAsync(string name, string space = "root", string[]? labels = null)
    {
        var project = new ProjectRecord(Ids.New("prj"), space, name, "", labels ?? [], [], "usr_admin", T0, T0);
        await _store.Projects.CreateAsync(project);
        return project;
    }

    private async Task<PolicyRecord> PolicyAsync(string name, string body, string space = "root", string[]? labels = null)
    {
        var policy = new PolicyRecord(Ids.New("pol"), space, name, "", labels ?? [], 1, "usr_author", T0, T0);
        await _store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, body, "usr_author", T0));
        return policy;
    }

    private static JsonObject Input(ProjectRecord project, string type, OperationKind operation)
    {
        var state = new JsonObject { ["name"] = "x", ["tags"] = new JsonObject() };
        return PolicyInput.Build(new PolicyInputContext("r1", type, "hashicorp/aws", "5.100.0", operation,
            operation == OperationKind.Create ? null : state, operation == OperationKind.Delete ? null : (JsonObject)state.DeepClone(), [], project, "usr_op", "Operator"));
    }
}
