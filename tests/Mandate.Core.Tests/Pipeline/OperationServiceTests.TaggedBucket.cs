namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Policies;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

public abstract partial class OperationServiceTests
{
    /// <summary>
    /// The allowed half of "Require tags on resources" needs a tagged bucket, and s3rver implements no bucket
    /// tagging. So this checks what can be checked honestly: the policy allows the create with its documented
    /// reason, the provider is really asked to apply it (CreateBucket happens: the bucket exists in s3rver),
    /// and the apply then fails on s3rver's PutBucketTagging (HTTP 501), which the operation reports.
    /// Against real S3 the same request succeeds; nothing here pretends it did.
    /// </summary>
    [RequiresAwsProviderFact]
    public async Task Seed_policy_require_tags_allows_a_bucket_with_an_Environment_tag_and_the_provider_applies_it()
    {
        await AttachAsync("tags", SeedPolicies.RequireTags);
        using var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        var name = BucketName("tagged");
        var config = new JsonObject { ["bucket"] = name, ["tags"] = new JsonObject { ["Environment"] = "prod" } };

        var result = await _service.CreateAsync(Alice, "s1", _project.Id, "b", "aws_s3_bucket", config);

        Assert.Equal(PolicyOutcome.Allowed, result.Decision!.Outcome);
        Assert.Equal(["tags: S3 bucket with Environment=prod is allowed."], result.Decision.AllowReasons);
        Assert.True(await s3.BucketExistsAsync(name));
        Assert.Equal(OperationStatus.Failed, result.Operation.Status);
        Assert.Contains("PutBucketTagging", result.Operation.Error, StringComparison.Ordinal);
    }
}

public abstract partial class OperationServiceTests
{
    /// <summary>
    /// A real partial failure: the AWS provider creates the bucket (CreateBucket succeeds in s3rver), then fails to tag
    /// it (s3rver has no PutBucketTagging) and returns the state of what it made together with the error. The pipeline
    /// keeps that state, marks the resource tainted, fails the operation with the provider's error, keeps the taint
    /// through a refresh (reading an object does not make it whole), and the next plan replaces the object.
    /// </summary>
    [RequiresAwsProviderFact]
    public async Task A_bucket_created_but_not_tagged_is_kept_tainted_through_refresh_and_planned_for_replacement()
    {
        using var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        var name = BucketName("partial");
        var config = new JsonObject { ["bucket"] = name, ["tags"] = new JsonObject { ["team"] = "core" } };

        var failed = await _service.CreateAsync(Alice, "s1", _project.Id, "b", "aws_s3_bucket", config);
        var stored = await _store.Resources.GetAsync(_project.Id, "b");
        var operation = (await _store.Operations.GetAsync(failed.Operation.Id))!;

        Assert.True(await s3.BucketExistsAsync(name));
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("PutBucketTagging", operation.Error, StringComparison.Ordinal);
        Assert.Contains("marked tainted", operation.Error, StringComparison.Ordinal);
        Assert.NotNull(stored);
        Assert.True(stored.Tainted);
        Assert.Equal(name, JsonNode.Parse(stored.StateJson!)!["bucket"]!.GetValue<string>()); // the provider's partial state
        Assert.Equal(name, failed.State!["id"]!.GetValue<string>());
        var history = await _store.Resources.HistoryAsync(_project.Id, "b", new PageRequest());
        Assert.Equal(failed.Operation.Id, Assert.Single(history.Items).OperationId);

        var refreshed = await _service.RefreshAsync(Alice, "s1", _project.Id, "b");
        var afterRefresh = (await _store.Resources.GetAsync(_project.Id, "b"))!;
        var plan = await _service.PlanAsync(Alice, _project.Id, "b", PlanIntent.Update(new JsonObject()));

        Assert.Equal(OperationStatus.Succeeded, refreshed.Operation.Status);
        Assert.False(refreshed.Gone);
        // The refresh found drift and wrote a new state version, and the taint survived that write.
        Assert.True(refreshed.Drift.Count > 0, "the refresh of the half-made bucket reported no drift, so no state was written and the taint was not put to the test");
        Assert.Equal(2, afterRefresh.StateVersion);
        Assert.True(afterRefresh.Tainted);
        Assert.Equal("deletethencreate", plan.Action);
        Assert.True(plan.Plan["tainted"]!.GetValue<bool>());
    }
}
