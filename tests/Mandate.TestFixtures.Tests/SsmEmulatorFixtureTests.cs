namespace Mandate.TestFixtures.Tests;

using System.Net;
using System.Text;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Processes;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

public sealed class SsmEmulatorFixtureTests(SsmEmulatorFixture fixture) : IClassFixture<SsmEmulatorFixture>
{
    [Fact]
    public async Task A_parameter_is_created_read_overwritten_described_tagged_and_deleted_as_the_SSM_API_describes()
    {
        using var ssm = new SsmHttpClient(fixture.Server.Endpoint);
        var name = $"/fixture/{Guid.NewGuid():N}";

        var put = await ssm.CallAsync("PutParameter", new { Name = name, Value = "first", Type = "SecureString", Tags = new[] { new { Key = "team", Value = "core" } } });
        var again = await Assert.ThrowsAsync<SsmApiException>(() => ssm.CallAsync("PutParameter", new { Name = name, Value = "x", Type = "String" }));
        var overwritten = await ssm.CallAsync("PutParameter", new { Name = name, Value = "second", Overwrite = true });
        var sealedRead = (await ssm.CallAsync("GetParameter", new { Name = name }))["Parameter"]!;
        var read = (await ssm.GetParameterAsync(name))!;
        var first = (await ssm.CallAsync("GetParameter", new { Name = $"{name}:1", WithDecryption = true }))["Parameter"]!;
        var described = (await ssm.CallAsync("DescribeParameters", new
        {
            ParameterFilters = new[] { new { Key = "Name", Option = "Equals", Values = new[] { name } } },
        }))["Parameters"]!.AsArray();
        var history = (await ssm.CallAsync("GetParameterHistory", new { Name = name, WithDecryption = true }))["Parameters"]!.AsArray();
        await ssm.CallAsync("AddTagsToResource", new { ResourceType = "Parameter", ResourceId = name, Tags = new[] { new { Key = "env", Value = "test" } } });
        await ssm.CallAsync("RemoveTagsFromResource", new { ResourceType = "Parameter", ResourceId = name, TagKeys = new[] { "team" } });
        var tags = (await ssm.CallAsync("ListTagsForResource", new { ResourceType = "Parameter", ResourceId = name }))["TagList"]!.AsArray();
        await ssm.CallAsync("DeleteParameter", new { Name = name });
        var deletedTwice = await Assert.ThrowsAsync<SsmApiException>(() => ssm.CallAsync("DeleteParameter", new { Name = name }));

        Assert.Equal(1, put["Version"]!.GetValue<long>());
        Assert.Equal("ParameterAlreadyExists", again.ErrorType);
        Assert.Equal(2, overwritten["Version"]!.GetValue<long>());
        Assert.Equal(("second", 2L, "SecureString"), (read["Value"]!.GetValue<string>(), read["Version"]!.GetValue<long>(), read["Type"]!.GetValue<string>()));
        Assert.Equal($"arn:aws:ssm:us-east-1:{SsmEmulatorServer.Account}:parameter{name}", read["ARN"]!.GetValue<string>());
        Assert.DoesNotContain("second", sealedRead["Value"]!.GetValue<string>(), StringComparison.Ordinal); // a SecureString without decryption
        Assert.Equal("first", first["Value"]!.GetValue<string>());
        var metadata = Assert.Single(described)!;
        Assert.Equal(("alias/aws/ssm", "Standard", "text"), (metadata["KeyId"]!.GetValue<string>(), metadata["Tier"]!.GetValue<string>(), metadata["DataType"]!.GetValue<string>()));
        Assert.Null(metadata["Value"]);
        Assert.Equal(["first", "second"], history.Select(h => h!["Value"]!.GetValue<string>()));
        Assert.Equal("env=test", string.Join(",", tags.Select(t => $"{t!["Key"]}={t["Value"]}")));
        Assert.Equal("ParameterNotFound", deletedTwice.ErrorType);
        Assert.Null(await ssm.GetParameterAsync(name));
    }

    [Fact]
    public async Task Describe_filters_by_name_prefix_and_path_and_pages_with_a_token()
    {
        using var ssm = new SsmHttpClient(fixture.Server.Endpoint);
        var root = $"/paged-{Guid.NewGuid():N}";
        foreach (var leaf in new[] { "a", "b", "c", "deep/d" })
        {
            await ssm.CallAsync("PutParameter", new { Name = $"{root}/{leaf}", Value = "v", Type = "String" });
        }

        var firstPage = await ssm.CallAsync("DescribeParameters", new
        {
            ParameterFilters = new[] { new { Key = "Path", Option = "OneLevel", Values = new[] { root } } }, MaxResults = 2,
        });
        var secondPage = await ssm.CallAsync("DescribeParameters", new
        {
            ParameterFilters = new[] { new { Key = "Path", Option = "OneLevel", Values = new[] { root } } }, MaxResults = 2,
            NextToken = firstPage["NextToken"]!.GetValue<string>(),
        });
        var recursive = await ssm.CallAsync("DescribeParameters", new
        {
            ParameterFilters = new[] { new { Key = "Name", Option = "BeginsWith", Values = new[] { root } } }, MaxResults = 50,
        });
        var badFilter = await Assert.ThrowsAsync<SsmApiException>(() => ssm.CallAsync("DescribeParameters", new
        {
            ParameterFilters = new[] { new { Key = "Label", Option = "Equals", Values = new[] { "x" } } },
        }));

        var names = firstPage["Parameters"]!.AsArray().Concat(secondPage["Parameters"]!.AsArray()).Select(p => p!["Name"]!.GetValue<string>());
        Assert.Equal([$"{root}/a", $"{root}/b", $"{root}/c"], names);
        Assert.Null(secondPage["NextToken"]);
        Assert.Equal(4, recursive["Parameters"]!.AsArray().Count);
        Assert.Equal("InvalidFilterKey", badFilter.ErrorType);
    }

    [Fact]
    public async Task An_unknown_action_and_an_unsigned_call_get_AWS_style_errors_and_the_unknown_action_is_reported()
    {
        using var ssm = new SsmHttpClient(fixture.Server.Endpoint);
        using var unsigned = new HttpClient { BaseAddress = fixture.Server.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{\"Name\":\"x\"}", Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "AmazonSSM.GetParameter");

        var unknown = await Assert.ThrowsAsync<SsmApiException>(() => ssm.CallAsync("LabelParameterVersion", new { Name = "x" }));
        using var refused = await unsigned.SendAsync(request);
        var (calls, unknownActions) = await fixture.Server.CallsAsync();

        Assert.Equal((400, "UnknownOperationException"), (unknown.Status, unknown.ErrorType));
        Assert.Contains("does not implement LabelParameterVersion", unknown.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("PutParameter", unknown.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("MissingAuthenticationTokenException", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("LabelParameterVersion", unknownActions);
        Assert.True(calls.ContainsKey("GetParameter"));
    }

    [Fact]
    public async Task Stopping_the_emulator_leaves_no_process_behind()
    {
        var server = await SsmEmulatorServer.StartAsync();
        var pid = server.Pid;
        Assert.True(ProcessLiveness.IsAlive(pid));

        await server.DisposeAsync();

        Assert.False(ProcessLiveness.IsAlive(pid), $"the SSM emulator pid {pid} survived DisposeAsync");
    }
}
