using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Integration;

/// <summary>aws_s3_bucket through the real provider against s3rver, checked with s3rver's own API.</summary>
public sealed class S3BucketTests(AwsProviderFixture aws) : IClassFixture<AwsProviderFixture>
{
    private const string Type = "aws_s3_bucket";

    [RequiresAwsProviderFact]
    public async Task Create_read_and_delete_a_bucket()
    {
        var bucket = $"mandate-{Guid.NewGuid():N}"[..30];
        using var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        var config = aws.ResourceConfig(Type, $$"""{ "bucket": "{{bucket}}", "force_destroy": true }""");

        var plan = await aws.Lifecycle.PlanAsync(Type, null, config);
        Assert.True(plan.Succeeded, plan.Diagnostics.Describe());
        Assert.Equal(ChangeAction.Create, plan.Action);
        var created = await aws.Lifecycle.ApplyAsync(plan);
        Assert.True(created.Succeeded, created.Diagnostics.Describe());
        Assert.Equal(bucket, created.State!.Value.GetAttribute("bucket").AsString());
        Assert.True(await s3.BucketExistsAsync(bucket));

        var read = await aws.Lifecycle.RefreshAsync(created.State);
        Assert.True(read.Succeeded, read.Diagnostics.Describe());
        Assert.Equal(bucket, read.State!.Value.GetAttribute("id").AsString());

        var deleted = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, read.State, null));
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
        Assert.False(await s3.BucketExistsAsync(bucket));
    }
}
