using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class ConfigValidatorTests
{
    private static ConfigValidationResult Validate(string json) => ConfigValidator.Validate(TestSchemas.Resource, JsonNode.Parse(json));

    private const string Minimal = "\"name\":\"a\",\"key_schema\":[{\"attribute_name\":\"pk\"}]";

    [Fact]
    public void Valid_config_becomes_a_value_of_the_implied_type_with_decoded_defaults()
    {
        var result = Validate("{" + Minimal + ",\"size\":\"3\",\"password\":\"p\",\"tag_set\":[{\"key\":\"k\"}],\"settings\":{\"mode\":\"fast\"}}");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var value = result.Value!;
        Assert.Equal(TestSchemas.Resource.ImpliedType(), value.Type);
        Assert.Equal(CtyNumber.FromInt64(3), value.GetAttribute("size").AsNumber());
        Assert.True(value.GetAttribute("password").IsSensitive);
        Assert.Equal(0, value.GetAttribute("rule").Length);
        Assert.True(value.GetAttribute("id").IsNull);
        Assert.False(value.GetAttribute("group").IsNull);
        Assert.Equal("fast", value.GetAttribute("settings").GetAttribute("mode").AsString());
    }

    public static TheoryData<string, string, string> Errors() => new()
    {
        {
            "{" + Minimal + ",\"nmae\":\"b\"}", SchemaErrorCodes.UnknownAttribute,
            "nmae: unknown attribute \"nmae\"; did you mean \"name\"?"
        },
        {
            "{\"key_schema\":[{\"attribute_name\":\"pk\"}]}", SchemaErrorCodes.MissingRequired,
            "name: the required attribute \"name\" is missing; set it to a string (Name of the thing.)."
        },
        {
            "{" + Minimal + ",\"size\":{\"a\":1}}", SchemaErrorCodes.WrongType,
            "size: expected number, got an object."
        },
        {
            "{" + Minimal + ",\"tags_all\":{\"a\":[1]}}", SchemaErrorCodes.WrongType,
            "tags_all[\"a\"]: expected string, got an array."
        },
        {
            "{" + Minimal + ",\"arn\":\"arn:x\"}", SchemaErrorCodes.ComputedOnly,
            "arn: \"arn\" is computed by the provider and cannot be set; remove it from the config."
        },
        {
            "{\"name\":\"a\"}", SchemaErrorCodes.TooFewBlocks,
            "key_schema: at least 1 \"key_schema\" block is required, found 0; add one."
        },
        {
            "{" + Minimal + ",\"rule\":[{\"port\":1},{\"port\":2},{\"port\":3},{\"port\":4}]}", SchemaErrorCodes.TooManyBlocks,
            "rule: at most 3 \"rule\" blocks are allowed, found 4; remove 1."
        },
        {
            "{" + Minimal + ",\"tag_set\":[{\"key\":\"k\",\"vaule\":\"v\"}]}", SchemaErrorCodes.UnknownAttribute,
            "tag_set[0].vaule: unknown attribute \"vaule\"; did you mean \"value\"?"
        },
        {
            "{" + Minimal + ",\"rule\":[{}]}", SchemaErrorCodes.MissingRequired,
            "rule[0].port: the required attribute \"port\" is missing; set it to a number."
        },
        {
            "{" + Minimal + ",\"by_name\":{\"x\":{\"uid\":\"u\"}}}", SchemaErrorCodes.ComputedOnly,
            "by_name[\"x\"].uid: \"uid\" is computed by the provider and cannot be set; remove it from the config."
        },
        {
            "{" + Minimal + ",\"rule\":\"80\"}", SchemaErrorCodes.WrongType,
            "rule: expected a list of \"rule\" objects, got the string \"80\"."
        },
        {
            "{" + Minimal + ",\"zzzzzz\":1}", SchemaErrorCodes.UnknownAttribute,
            "zzzzzz: unknown attribute \"zzzzzz\"; valid names here: by_name, description, group, key_schema, legacy, name, password, rule, settings, size, tag_set, tags_all."
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_problem_gives_one_error_naming_the_path_and_the_fix(string config, string code, string message)
    {
        var result = Validate(config);
        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.ToString());
    }

    [Fact]
    public void All_problems_are_reported_in_one_pass()
    {
        var result = Validate("{\"nme\":\"a\",\"size\":[],\"arn\":\"x\"}");
        Assert.Equal(
            ["nme: unknown_attribute", "name: missing_required", "size: wrong_type", "arn: computed_only", "key_schema: too_few_blocks"],
            result.Errors.Select(e => $"{e.Path}: {e.Code}"));
    }

    [Fact]
    public void Deprecated_attribute_is_a_warning_not_an_error()
    {
        var result = Validate("{" + Minimal + ",\"legacy\":true}");
        Assert.True(result.IsValid);
        Assert.Equal(SchemaErrorCodes.Deprecated, Assert.Single(result.Warnings).Code);
    }

    [Fact]
    public void Single_object_is_accepted_where_a_list_block_is_expected()
    {
        var result = Validate("{\"name\":\"a\",\"key_schema\":{\"attribute_name\":\"pk\"}}");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(1, result.Value!.GetAttribute("key_schema").Length);
    }

    [Theory]
    [InlineData("hash_kye", "hash_key")]
    [InlineData("billingmode", "billing_mode")]
    [InlineData("Name", "name")]
    public void DidYouMean_finds_the_closest_name(string given, string expected)
    {
        Assert.Equal(expected, DidYouMean.Suggest(given, ["hash_key", "range_key", "billing_mode", "name", "stream_enabled"])[0]);
    }

    [Fact]
    public void DidYouMean_stays_quiet_for_unrelated_words()
    {
        Assert.Empty(DidYouMean.Suggest("zebra", ["hash_key", "range_key", "billing_mode"]));
    }

    [Fact]
    public void Levenshtein_counts_edits_and_swaps()
    {
        Assert.Equal(3, DidYouMean.Levenshtein("kitten", "sitting"));
        Assert.Equal(1, DidYouMean.Levenshtein("nmae", "name"));
    }
}
