using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

/// <summary>Protocol-6 nested attribute types: implied types, ProposedNew and validation.</summary>
public sealed class NestedAttributeTests
{
    private static SchemaObject Obj(SchemaNesting nesting, params SchemaAttribute[] attributes) =>
        new() { Nesting = nesting, Attributes = attributes.ToDictionary(a => a.Name, StringComparer.Ordinal) };

    private static readonly SchemaBlock Schema = TestSchemas.Block(
    [
        TestSchemas.Attr("name", CtyType.String, required: true),
        new SchemaAttribute
        {
            Name = "endpoint", Optional = true,
            NestedType = Obj(SchemaNesting.Single, TestSchemas.Attr("url", CtyType.String, required: true), TestSchemas.Attr("token", CtyType.String, computed: true)),
        },
        new SchemaAttribute
        {
            Name = "rules", Optional = true,
            NestedType = Obj(SchemaNesting.List, TestSchemas.Attr("port", CtyType.Number, required: true), TestSchemas.Attr("rule_id", CtyType.String, computed: true)),
        },
        new SchemaAttribute
        {
            Name = "settings", Optional = true, Computed = true,
            NestedType = Obj(SchemaNesting.Single, TestSchemas.Attr("mode", CtyType.String, optional: true), TestSchemas.Attr("revision", CtyType.Number, computed: true)),
        },
        new SchemaAttribute
        {
            Name = "labels", Optional = true,
            NestedType = Obj(SchemaNesting.Map, TestSchemas.Attr("value", CtyType.String, required: true)),
        },
    ]);

    [Fact]
    public void Implied_type_follows_the_nesting_mode()
    {
        var type = Schema.ImpliedType();
        Assert.Equal("object({token=string, url=string})", type.AttributeTypes["endpoint"].FriendlyName());
        Assert.Equal(CtyTypeKind.List, type.AttributeTypes["rules"].Kind);
        Assert.Equal(CtyTypeKind.Map, type.AttributeTypes["labels"].Kind);
    }

    public static TheoryData<string, string?, string, string> Cases() => new()
    {
        {
            "single nested: computed inner attribute keeps its prior value",
            """{"name":"a","endpoint":{"url":"u1","token":"t1"}}""",
            """{"name":"a","endpoint":{"url":"u2"}}""",
            """{"name":"a","endpoint":{"url":"u2","token":"t1"},"rules":null,"settings":null,"labels":null}"""
        },
        {
            "list nested: correlated by index",
            """{"name":"a","rules":[{"port":80,"rule_id":"r1"}]}""",
            """{"name":"a","rules":[{"port":81},{"port":82}]}""",
            """{"name":"a","endpoint":null,"rules":[{"port":81,"rule_id":"r1"},{"port":82,"rule_id":null}],"settings":null,"labels":null}"""
        },
        {
            "optional+computed nested left unset keeps the provider's value",
            """{"name":"a","settings":{"mode":null,"revision":4}}""",
            """{"name":"a"}""",
            """{"name":"a","endpoint":null,"rules":null,"settings":{"mode":null,"revision":4},"labels":null}"""
        },
        {
            "optional+computed nested removed from config (prior held a configured value) becomes null",
            """{"name":"a","settings":{"mode":"fast","revision":4}}""",
            """{"name":"a"}""",
            """{"name":"a","endpoint":null,"rules":null,"settings":null,"labels":null}"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProposedNew_merges_nested_attributes(string name, string? prior, string config, string expected)
    {
        var type = Schema.ImpliedType();
        var actual = ProposedNew.Compute(Schema, TestSchemas.Value(type, prior), TestSchemas.Value(type, config));
        Assert.True(TestSchemas.Value(type, expected).Equals(actual), $"{name}: {actual}");
    }

    [Fact]
    public void Validation_descends_into_nested_attributes()
    {
        var result = ConfigValidator.Validate(Schema, JsonNode.Parse("""{"name":"a","endpoint":{"token":"x"},"rules":[{"prot":1}],"labels":{"k":{"value":1}}}"""));
        Assert.Equal(
            [
                "endpoint.url: the required attribute \"url\" is missing; set it to a string.",
                "endpoint.token: \"token\" is computed by the provider and cannot be set; remove it from the config.",
                "rules[0].prot: unknown attribute \"prot\"; did you mean \"port\"?",
                "rules[0].port: the required attribute \"port\" is missing; set it to a number.",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Valid_nested_config_converts()
    {
        var result = ConfigValidator.Validate(Schema, JsonNode.Parse("""{"name":"a","endpoint":{"url":"u"},"labels":{"k":{"value":1}}}"""));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("1", result.Value!.GetAttribute("labels").MapEntries().Single().Value.GetAttribute("value").AsString());
    }
}
