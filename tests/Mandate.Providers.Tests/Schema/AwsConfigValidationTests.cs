using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

/// <summary>The bad-config acceptance cases, against the real aws_dynamodb_table schema.</summary>
public sealed class AwsConfigValidationTests
{
    private const string Good = """
        {"name":"orders","billing_mode":"PAY_PER_REQUEST","hash_key":"pk","attribute":[{"name":"pk","type":"S"}],"tags":{"env":"dev"}}
        """;

    private static ConfigValidationResult Validate(string json) =>
        ConfigValidator.Validate(AwsSchemaFixture.Schema.ResourceTypes["aws_dynamodb_table"].Block, JsonNode.Parse(json));

    private static string With(string change) => Good.Trim()[..^1] + "," + change + "}";

    [AwsSchemaFact]
    public void A_good_table_config_validates_to_the_implied_type()
    {
        var result = Validate(Good);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(AwsSchemaFixture.Schema.ResourceTypes["aws_dynamodb_table"].ImpliedType(), result.Value!.Type);
        Assert.Equal(0, result.Value.GetAttribute("global_secondary_index").Length);
        Assert.True(result.Value.GetAttribute("timeouts").IsNull);
    }

    [AwsSchemaFact]
    public void Unknown_missing_and_wrong_typed_attributes_each_give_one_clear_error()
    {
        Assert.Equal("billing_mod: unknown attribute \"billing_mod\"; did you mean \"billing_mode\"?",
            Assert.Single(Validate(With("\"billing_mod\":\"PROVISIONED\"")).Errors).ToString());
        Assert.Equal("name: the required attribute \"name\" is missing; set it to a string.",
            Assert.Single(Validate(Good.Replace("\"name\":\"orders\",", "", StringComparison.Ordinal)).Errors).ToString());
        Assert.Equal("read_capacity: expected number, got an object.",
            Assert.Single(Validate(With("\"read_capacity\":{\"units\":5}")).Errors).ToString());
        Assert.Equal("arn: \"arn\" is computed by the provider and cannot be set; remove it from the config.",
            Assert.Single(Validate(With("\"arn\":\"arn:aws:dynamodb:x\"")).Errors).ToString());
        Assert.Equal(
            ["attribute[0].typ: unknown attribute \"typ\"; did you mean \"type\"?", "attribute[0].type: the required attribute \"type\" is missing; set it to a string."],
            Validate(Good.Replace("\"type\":\"S\"", "\"typ\":\"S\"", StringComparison.Ordinal)).Errors.Select(e => e.ToString()));
    }
}
