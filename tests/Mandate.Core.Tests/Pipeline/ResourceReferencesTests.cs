namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Pipeline;

public sealed class ResourceReferencesTests
{
    private static readonly Dictionary<string, JsonObject?> States = new()
    {
        ["vpc-main"] = JsonNode.Parse("""{"id":"vpc-123","cidr_block":"10.0.0.0/16","tags":{"Environment":"dev"}}""")!.AsObject(),
        ["subnets"] = JsonNode.Parse("""{"ids":["subnet-a","subnet-b"]}""")!.AsObject(),
        ["planned-only"] = null,
    };

    [Fact]
    public void Replaces_references_with_values_and_reports_dependencies()
    {
        var config = JsonNode.Parse("""
            {"vpc_id":{"$ref":"vpc-main.id"},"subnet":{"$ref":"subnets.ids[1]"},
             "tags":{"Environment":{"$ref":"vpc-main.tags.Environment"},"Literal":"x"},
             "list":[{"$ref":"vpc-main.cidr_block"}]}
            """);

        var (resolved, dependsOn) = ResourceReferences.Resolve(config, "app", States.Keys, id => States[id]);

        Assert.Equal("""{"vpc_id":"vpc-123","subnet":"subnet-b","tags":{"Environment":"dev","Literal":"x"},"list":["10.0.0.0/16"]}""", resolved!.ToJsonString());
        Assert.Equal(["subnets", "vpc-main"], dependsOn);
        Assert.Equal(["subnets", "vpc-main"], ResourceReferences.Find(config));
    }

    [Fact]
    public void An_object_with_other_keys_beside_ref_is_plain_data()
    {
        var config = JsonNode.Parse("""{"policy":{"$ref":"vpc-main.id","other":1}}""");

        var (resolved, dependsOn) = ResourceReferences.Resolve(config, "app", States.Keys, id => States[id]);

        Assert.Equal(config!.ToJsonString(), resolved!.ToJsonString());
        Assert.Empty(dependsOn);
    }

    [Theory]
    [InlineData("vpc-mian.id", "not in this project; did you mean 'vpc-main'")]
    [InlineData("vpc-main.cidr", "attribute 'cidr' does not exist; did you mean 'cidr_block'")]
    [InlineData("subnets.ids[5]", "index [5] is out of range")]
    [InlineData("planned-only.id", "has no state yet; apply it first")]
    [InlineData("app.id", "cannot depend on itself")]
    [InlineData("no-dot", "write \"<resource_id>.<attribute>\"")]
    [InlineData("subnets.ids[x]", "malformed index")]
    public void Bad_references_say_what_is_wrong_and_what_is_accepted(string reference, string expected)
    {
        var config = new JsonObject { ["v"] = new JsonObject { ["$ref"] = reference } };

        var failure = Assert.Throws<MandateException>(() => ResourceReferences.Resolve(config, "app", [.. States.Keys, "app"], id => States.GetValueOrDefault(id)));

        Assert.Equal(MandateErrorCodes.InvalidArgument, failure.Code);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
