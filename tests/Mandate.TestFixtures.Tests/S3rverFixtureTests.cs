namespace Mandate.TestFixtures.Tests;

using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Processes;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

[Collection(S3rverFixture.Collection)]
public sealed class S3rverFixtureTests(S3rverFixture fixture)
{
    [Fact]
    public async Task Creates_a_bucket_and_round_trips_an_object_with_signed_requests()
    {
        using var s3 = new S3HttpClient(fixture.Server.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);
        var bucket = $"fixture-{Guid.NewGuid():N}"[..30];

        await s3.CreateBucketAsync(bucket);
        await s3.PutObjectAsync(bucket, "hello.txt", "hello from a test");

        Assert.Contains(bucket, await s3.ListBucketsAsync());
        Assert.True(await s3.BucketExistsAsync(bucket));
        Assert.False(await s3.BucketExistsAsync("no-such-bucket-here"));
        Assert.Equal("hello from a test", await s3.GetObjectAsync(bucket, "hello.txt"));
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused_so_credentials_are_really_checked()
    {
        // s3rver checks the access key id of a V4 signature, not the signature itself.
        using var s3 = new S3HttpClient(fixture.Server.Endpoint, "NOT-S3RVER", S3rverServer.SecretKey);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => s3.ListBucketsAsync());

        Assert.Contains("InvalidAccessKeyId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_a_server_leaves_no_process_behind()
    {
        var server = await S3rverServer.StartAsync();
        var pid = server.Pid;
        Assert.True(ProcessLiveness.IsAlive(pid));

        await server.DisposeAsync();

        Assert.False(ProcessLiveness.IsAlive(pid), $"s3rver pid {pid} survived DisposeAsync");
    }
}
