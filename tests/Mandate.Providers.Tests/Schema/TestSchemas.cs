using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

/// <summary>Small hand-made schemas shared by the schema tests, with one of each nesting mode.</summary>
internal static class TestSchemas
{
    public static SchemaAttribute Attr(string name, CtyType type, bool required = false, bool optional = false, bool computed = false,
        bool sensitive = false, bool deprecated = false, string? description = null) =>
        new() { Name = name, Type = type, Required = required, Optional = optional, Computed = computed, Sensitive = sensitive, Deprecated = deprecated, Description = description };

    public static SchemaBlock Block(IEnumerable<SchemaAttribute> attributes, IEnumerable<SchemaNestedBlock>? blocks = null) => new()
    {
        Attributes = attributes.ToDictionary(a => a.Name, StringComparer.Ordinal),
        BlockTypes = (blocks ?? []).ToDictionary(b => b.TypeName, StringComparer.Ordinal),
    };

    public static SchemaNestedBlock Nested(string name, SchemaNesting nesting, SchemaBlock block, long min = 0, long max = 0) =>
        new() { TypeName = name, Nesting = nesting, Block = block, MinItems = min, MaxItems = max };

    /// <summary>A resource with computed, optional+computed and plain attributes and one block of each nesting mode.</summary>
    public static readonly SchemaBlock Resource = Block(
        [
            Attr("id", CtyType.String, computed: true),
            Attr("name", CtyType.String, required: true, description: "Name of the thing. Must be unique."),
            Attr("size", CtyType.Number, optional: true),
            Attr("arn", CtyType.String, computed: true),
            Attr("tags_all", CtyType.Map(CtyType.String), optional: true, computed: true),
            Attr("description", CtyType.String, optional: true, computed: true),
            Attr("password", CtyType.String, optional: true, sensitive: true),
            Attr("legacy", CtyType.Bool, optional: true, deprecated: true),
        ],
        [
            Nested("rule", SchemaNesting.List, Block([Attr("port", CtyType.Number, required: true), Attr("rule_id", CtyType.String, computed: true)]), max: 3),
            Nested("tag_set", SchemaNesting.Set, Block([Attr("key", CtyType.String, required: true), Attr("value", CtyType.String, optional: true), Attr("etag", CtyType.String, computed: true)])),
            Nested("settings", SchemaNesting.Single, Block([Attr("mode", CtyType.String, optional: true), Attr("revision", CtyType.Number, computed: true)])),
            Nested("by_name", SchemaNesting.Map, Block([Attr("size", CtyType.Number, optional: true), Attr("uid", CtyType.String, computed: true)])),
            Nested("group", SchemaNesting.Group, Block([Attr("enabled", CtyType.Bool, optional: true)])),
            Nested("key_schema", SchemaNesting.List, Block([Attr("attribute_name", CtyType.String, required: true)]), min: 1),
        ]);

    /// <summary>A value of <paramref name="type"/> from plain JSON; <c>"?"</c> strings are unknown.</summary>
    public static CtyValue Value(CtyType type, string? json)
    {
        if (json is null) return CtyValue.Null(type);
        var node = JsonNode.Parse(json);
        var unknown = new List<string>();
        CollectUnknowns(node, CtyPath.Root, unknown);
        var value = CtyPlainJson.FromJson(node, type, out var errors, unknown);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return value!;
    }

    private static void CollectUnknowns(JsonNode? node, CtyPath path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) CollectUnknowns(v, path.Attribute(k), unknown);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) CollectUnknowns(a[i], path.Index(i), unknown);
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == "?":
                unknown.Add(path.ToString());
                break;
        }
    }
}
