using Mandate.Providers.Cty;
using Mandate.Providers.Tests.Schema;

namespace Mandate.Providers.Tests.Cty;

public sealed class CtyDiffTests
{
    private static readonly CtyType Type = CtyType.Object(new Dictionary<string, CtyType>
    {
        ["id"] = CtyType.String,
        ["name"] = CtyType.String,
        ["tags"] = CtyType.Map(CtyType.String),
        ["ports"] = CtyType.List(CtyType.Number),
        ["zones"] = CtyType.Set(CtyType.String),
    });

    public static TheoryData<string, string?, string?, string[]> Cases() => new()
    {
        { "no change", """{"id":"1","name":"a"}""", """{"id":"1","name":"a"}""", [] },
        { "one attribute updated", """{"id":"1","name":"a"}""", """{"id":"1","name":"b"}""", ["~ name: \"a\" -> \"b\""] },
        { "unknown after apply", """{"id":"1","name":"a"}""", """{"id":"?","name":"a"}""", ["~ id: \"1\" -> (known after apply)"] },
        {
            "map keys added, removed and changed",
            """{"tags":{"a":"1","b":"2"}}""", """{"tags":{"b":"3","c":"4"}}""",
            ["- tags[\"a\"] (was \"1\")", "~ tags[\"b\"]: \"2\" -> \"3\"", "+ tags[\"c\"] = \"4\""]
        },
        { "list grows", """{"ports":[80]}""", """{"ports":[80,443]}""", ["+ ports[1] = 443"] },
        { "set members move", """{"zones":["a","b"]}""", """{"zones":["b","c"]}""", ["- zones[0] (was \"a\")", "+ zones[1] = \"c\""] },
        { "create lists every set attribute", null, """{"id":"?","name":"a"}""", ["~ id: null -> (known after apply)", "+ name = \"a\""] },
        { "destroy lists every set attribute", """{"id":"1","name":"a"}""", null, ["- id (was \"1\")", "- name (was \"a\")"] },
        { "null collection becomes set", """{"tags":null}""", """{"tags":{"a":"1"}}""", ["+ tags = {\"a\"=\"1\"}"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Changes_are_listed_attribute_by_attribute(string name, string? before, string? after, string[] expected)
    {
        var changes = CtyDiff.Changes(TestSchemas.Value(Type, before), TestSchemas.Value(Type, after));
        Assert.True(expected.SequenceEqual(changes.Select(c => c.ToString())), $"{name}: {string.Join(" | ", changes)}");
    }

    [Fact]
    public void Sensitive_marks_alone_are_not_a_change()
    {
        var a = CtyValue.String("x");
        Assert.False(CtyDiff.HasChanges(a, a.MarkSensitive()));
    }
}
