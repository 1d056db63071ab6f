namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Tests.Policies;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// The acceptance matrix: each example policy of the seed document, attached verbatim, judges a create, an
/// update and a delete of a DynamoDB table and of an S3 bucket, and what the outcome says happens is checked
/// in dynalite and s3rver with their own clients.
/// </summary>
public abstract partial class OperationServiceTests
{
    [RequiresAwsProviderFact]
    public async Task Seed_policy_allow_only_s3_denies_every_table_operation_and_allows_every_bucket_operation()
    {
        var run = await RunSeedMatrixAsync("only-s3", SeedPolicies.AllowOnlyS3);

        run.Table.AssertDenied(["only-s3: Only S3 buckets are allowed. Resource type \"aws_dynamodb_table\" is not permitted."]);
        run.Bucket.AssertCreate(PolicyOutcome.Allowed, exists: true, "only-s3: Operation \"create\" on S3 bucket is allowed.");
        run.Bucket.AssertUpdate(PolicyOutcome.Allowed, "only-s3: Operation \"update\" on S3 bucket is allowed.");
        run.Bucket.AssertDelete(PolicyOutcome.Allowed, stillExists: false, "only-s3: Operation \"delete\" on S3 bucket is allowed.");
    }

    [RequiresAwsProviderFact]
    public async Task Seed_policy_deny_deletes_allows_creates_and_updates_and_keeps_what_a_delete_targets()
    {
        var run = await RunSeedMatrixAsync("no-deletes", SeedPolicies.DenyDeletes);

        run.Table.AssertCreate(PolicyOutcome.Allowed, exists: true, "no-deletes: Operation \"create\" on aws_dynamodb_table is allowed.");
        run.Table.AssertUpdate(PolicyOutcome.Allowed, "no-deletes: Operation \"update\" on aws_dynamodb_table is allowed.");
        run.Table.AssertDelete(PolicyOutcome.Denied, stillExists: true, "no-deletes: Deleting aws_dynamodb_table resources is not allowed.");
        run.Bucket.AssertCreate(PolicyOutcome.Allowed, exists: true, "no-deletes: Operation \"create\" on aws_s3_bucket is allowed.");
        run.Bucket.AssertUpdate(PolicyOutcome.Allowed, "no-deletes: Operation \"update\" on aws_s3_bucket is allowed.");
        run.Bucket.AssertDelete(PolicyOutcome.Denied, stillExists: true, "no-deletes: Deleting aws_s3_bucket resources is not allowed.");
    }

    [RequiresAwsProviderFact]
    public async Task Seed_policy_restrict_providers_allows_every_aws_operation()
    {
        var run = await RunSeedMatrixAsync("providers", SeedPolicies.RestrictProviders);

        foreach (var target in new[] { run.Table, run.Bucket })
        {
            target.AssertCreate(PolicyOutcome.Allowed, exists: true, "providers: Provider \"aws\" is allowed.");
            target.AssertUpdate(PolicyOutcome.Allowed, "providers: Provider \"aws\" is allowed.");
            target.AssertDelete(PolicyOutcome.Allowed, stillExists: false, "providers: Provider \"aws\" is allowed.");
        }
    }

    [RequiresAwsProviderFact]
    public async Task Seed_policy_require_tags_denies_an_untagged_bucket_and_leaves_the_rest_pending_review()
    {
        var run = await RunSeedMatrixAsync("tags", SeedPolicies.RequireTags);

        // The policy says nothing about tables: neither rule matches, so every operation waits for a reviewer.
        run.Table.AssertCreate(PolicyOutcome.PendingReview, exists: false);
        run.Table.AssertUpdate(PolicyOutcome.PendingReview);
        run.Table.AssertDelete(PolicyOutcome.PendingReview, stillExists: true);
        // An untagged bucket is denied at create; an update without the tag and a delete match no rule.
        run.Bucket.AssertCreate(PolicyOutcome.Denied, exists: false, "tags: S3 buckets must have an Environment tag.");
        run.Bucket.AssertUpdate(PolicyOutcome.PendingReview);
        run.Bucket.AssertDelete(PolicyOutcome.PendingReview, stillExists: true);
    }

    /// <summary>
    /// Per type: an existing object is made before the policy is attached (no policy: allowed); then, under the
    /// policy, a new object is created, the existing one is updated, and then deleted. Updates change what
    /// both emulators store: a table's tags, a bucket's <c>force_destroy</c> (kept in state only, because
    /// s3rver has no bucket tagging).
    /// </summary>
    private async Task<SeedMatrixRun> RunSeedMatrixAsync(string policyName, string policyBody)
    {
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        using var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        var existingTable = TableName("old");
        var existingBucket = BucketName("old");
        await _service.CreateAsync(Alice, "s1", _project.Id, "old-table", "aws_dynamodb_table", Table(existingTable));
        await _service.CreateAsync(Alice, "s1", _project.Id, "old-bucket", "aws_s3_bucket", Bucket(existingBucket));
        await AttachAsync(policyName, policyBody);

        var newTable = TableName("new");
        var newBucket = BucketName("new");
        var table = new SeedMatrixTarget(
            await _service.CreateAsync(Alice, "s1", _project.Id, "new-table", "aws_dynamodb_table", Table(newTable)),
            await dynamo.DescribeTableAsync(newTable) is not null,
            await _service.UpdateAsync(Alice, "s1", _project.Id, "old-table", JsonNode.Parse("""{"tags": {"team": "core"}}""")!.AsObject()),
            Assert.Single(await _service.DeleteAsync(Alice, "s1", _project.Id, "old-table", cascade: false)),
            await dynamo.DescribeTableAsync(existingTable) is not null);
        var bucket = new SeedMatrixTarget(
            await _service.CreateAsync(Alice, "s1", _project.Id, "new-bucket", "aws_s3_bucket", Bucket(newBucket)),
            await s3.BucketExistsAsync(newBucket),
            await _service.UpdateAsync(Alice, "s1", _project.Id, "old-bucket", JsonNode.Parse("""{"force_destroy": true}""")!.AsObject()),
            Assert.Single(await _service.DeleteAsync(Alice, "s1", _project.Id, "old-bucket", cascade: false)),
            await s3.BucketExistsAsync(existingBucket));
        return new SeedMatrixRun(table, bucket);
    }

    private static JsonObject Bucket(string name) => new() { ["bucket"] = name };

    private static string BucketName(string purpose) => $"mandate-{purpose}-{Guid.NewGuid():N}"[..30];

    private sealed record SeedMatrixRun(SeedMatrixTarget Table, SeedMatrixTarget Bucket);

    /// <summary>What one type went through under the policy, and what exists afterwards.</summary>
    private sealed record SeedMatrixTarget(OperationResult Create, bool CreatedExists, OperationResult Update, OperationResult Delete, bool DeletedStillExists)
    {
        public void AssertDenied(IReadOnlyList<string> reasons)
        {
            AssertCreate(PolicyOutcome.Denied, exists: false, reasons: [.. reasons]);
            AssertUpdate(PolicyOutcome.Denied, reasons: [.. reasons]);
            AssertDelete(PolicyOutcome.Denied, stillExists: true, reasons: [.. reasons]);
        }

        public void AssertCreate(PolicyOutcome outcome, bool exists, params string[] reasons)
        {
            AssertOutcome(Create, outcome, reasons);
            Assert.Equal(exists, CreatedExists);
        }

        public void AssertUpdate(PolicyOutcome outcome, params string[] reasons) => AssertOutcome(Update, outcome, reasons);

        public void AssertDelete(PolicyOutcome outcome, bool stillExists, params string[] reasons)
        {
            AssertOutcome(Delete, outcome, reasons);
            Assert.Equal(stillExists, DeletedStillExists);
        }

        private static void AssertOutcome(OperationResult result, PolicyOutcome outcome, string[] reasons)
        {
            Assert.Equal(outcome, result.Decision!.Outcome);
            Assert.Equal(outcome switch
            {
                PolicyOutcome.Allowed => OperationStatus.Succeeded,
                PolicyOutcome.Denied => OperationStatus.Denied,
                _ => OperationStatus.PendingReview,
            }, result.Operation.Status);
            Assert.Equal(reasons, outcome == PolicyOutcome.Denied ? result.Decision.DenyReasons : result.Decision.AllowReasons);
        }
    }
}
