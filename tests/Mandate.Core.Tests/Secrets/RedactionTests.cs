using System.Text.Json.Nodes;
using Mandate.Core.Secrets;

namespace Mandate.Core.Tests.Secrets;

public sealed class RedactionTests
{
    private static JsonNode Document() => JsonNode.Parse("""
        {
          "identifier": "db-1",
          "password": "hunter2",
          "master_user": { "name": "admin", "secret": "s3cr3t" },
          "ingress": [ { "port": 1, "token": "t1" }, { "port": 2, "token": "t2" } ],
          "unset_secret": null
        }
        """)!;

    [Fact]
    public void Named_paths_become_the_marker_and_everything_else_is_kept()
    {
        var original = Document();

        var redacted = Redaction.RedactPaths(original, ["password", "master_user.secret", "ingress[*].token", "absent.path"])!;

        Assert.Equal(
            """{"identifier":"db-1","password":"(sensitive value)","master_user":{"name":"admin","secret":"(sensitive value)"},"ingress":[{"port":1,"token":"(sensitive value)"},{"port":2,"token":"(sensitive value)"}],"unset_secret":null}""",
            redacted.ToJsonString());
        Assert.Equal("hunter2", (string?)original["password"]);
    }

    [Fact]
    public void An_index_redacts_only_that_element()
    {
        var redacted = Redaction.RedactPaths(Document(), ["ingress[1].token"])!;

        Assert.Equal("t1", (string?)redacted["ingress"]![0]!["token"]);
        Assert.True(Redaction.IsMarker(redacted["ingress"]![1]!["token"]));
    }

    [Fact]
    public void A_name_met_by_a_list_of_blocks_applies_to_each_block()
    {
        var redacted = Redaction.RedactPaths(Document(), ["ingress.token"])!;

        Assert.True(Redaction.IsMarker(redacted["ingress"]![0]!["token"]));
        Assert.True(Redaction.IsMarker(redacted["ingress"]![1]!["token"]));
        Assert.Equal(2, (int)redacted["ingress"]![1]!["port"]!);
    }

    [Fact]
    public void A_whole_object_can_be_redacted()
    {
        var redacted = Redaction.RedactPaths(Document(), ["master_user"])!;

        Assert.True(Redaction.IsMarker(redacted["master_user"]));
        Assert.DoesNotContain("s3cr3t", redacted.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a[")]
    [InlineData("a[x]")]
    [InlineData("a.")]
    public void Malformed_paths_are_refused_with_the_syntax(string path)
    {
        var error = Assert.Throws<MandateException>(() => Redaction.RedactPaths(Document(), [path]));

        Assert.Equal(MandateErrorCodes.InvalidArgument, error.Code);
        Assert.Contains("[*]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_document_stays_null()
    {
        Assert.Null(Redaction.RedactPaths(null, ["password"]));
    }
}
