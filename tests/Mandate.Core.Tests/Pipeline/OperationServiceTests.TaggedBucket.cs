namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;
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
