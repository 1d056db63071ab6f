using System.Text;
using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;

namespace Mandate.Providers.Tests.Cty;

public sealed class CtyJsonTests
{
    private static readonly CtyType Table = CtyType.Object(new Dictionary<string, CtyType>
    {
        ["name"] = CtyType.String,
        ["read_capacity"] = CtyType.Number,
        ["tags"] = CtyType.Map(CtyType.String),
        ["attribute"] = CtyType.Set(CtyType.Object(new Dictionary<string, CtyType> { ["name"] = CtyType.String, ["type"] = CtyType.String })),
        ["extra"] = CtyType.Dynamic,
    });

    private static CtyValue Attr(string name, string type) => CtyValue.Object(new Dictionary<string, CtyValue> { ["name"] = CtyValue.String(name), ["type"] = CtyValue.String(type) });

    private static CtyValue Sample(CtyValue extra) => CtyValue.Object(Table, new Dictionary<string, CtyValue>
    {
        ["name"] = CtyValue.String("t"),
        ["read_capacity"] = CtyValue.Number(CtyNumber.Parse("12345678901234567890.5")),
        ["tags"] = CtyValue.Map(CtyType.String, [new("Env", CtyValue.String("dev"))]),
        ["attribute"] = CtyValue.Set(Attr("pk", "S").Type, [Attr("pk", "S"), Attr("sk", "N")]),
        ["extra"] = extra,
    });

    [Fact]
    public void State_json_matches_Terraforms_layout()
    {
        var json = Encoding.UTF8.GetString(CtyJson.Encode(Sample(CtyValue.String("x")), Table));
        Assert.Equal("""{"attribute":[{"name":"pk","type":"S"},{"name":"sk","type":"N"}],"extra":{"value":"x","type":"string"},"name":"t","read_capacity":12345678901234567890.5,"tags":{"Env":"dev"}}""", json);
    }

    [Fact]
    public void State_json_round_trips()
    {
        var value = Sample(CtyValue.List(CtyType.Number, [CtyValue.Number(1)]));
        Assert.Equal(value, CtyJson.Decode(CtyJson.Encode(value, Table), Table));
    }

    [Fact]
    public void Decode_accepts_type_before_value_strings_for_numbers_and_absent_attributes()
    {
        var value = CtyJson.Decode("""{"extra":{"type":["list","bool"],"value":[true]},"read_capacity":"5"}"""u8, Table);
        Assert.Equal(CtyValue.List(CtyType.Bool, [CtyValue.True]), value.GetAttribute("extra"));
        Assert.Equal(CtyNumber.FromInt64(5), value.GetAttribute("read_capacity").AsNumber());
        Assert.True(value.GetAttribute("name").IsNull);
    }

    [Fact]
    public void Unknown_cannot_be_written_to_state_json()
    {
        var value = Sample(CtyValue.DynamicNull);
        var withUnknown = CtyValue.Object(Table, value.Attributes().ToDictionary(kv => kv.Key, kv => kv.Key == "name" ? CtyValue.Unknown(CtyType.String) : kv.Value));
        var e = Assert.Throws<CtyCodecException>(() => CtyJson.Encode(withUnknown, Table));
        Assert.Equal("name", e.Path.ToString());
    }

    [Fact]
    public void Decode_error_names_the_path()
    {
        var e = Assert.Throws<CtyCodecException>(() => CtyJson.Decode("""{"attribute":[{"name":"a","type":{}}]}"""u8, Table));
        Assert.Equal("attribute[0].type", e.Path.ToString());
        Assert.Contains("expected string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_view_lists_unknown_and_sensitive_paths_and_redacts()
    {
        var value = CtyValue.Object(new Dictionary<string, CtyValue>
        {
            ["arn"] = CtyValue.Unknown(CtyType.String),
            ["password"] = CtyValue.String("hunter2").MarkSensitive(),
            ["tags"] = CtyValue.Map(CtyType.String, [new("a b", CtyValue.Unknown(CtyType.String))]),
            ["big"] = CtyValue.Number(CtyNumber.Parse("9007199254740993")),
        });
        var view = CtyPlainJson.ToView(value);
        Assert.Equal("""{"arn":null,"big":9007199254740993,"password":"(sensitive value)","tags":{"a b":null}}""", view.Value!.ToJsonString());
        Assert.Equal(["arn", "tags[\"a b\"]"], view.UnknownPaths);
        Assert.Equal(["password"], view.SensitivePaths);
        Assert.Equal("hunter2", CtyPlainJson.ToView(value, redactSensitive: false).Value!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Plain_view_round_trips_losslessly_without_redaction()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType>
        {
            ["ids"] = CtyType.Set(CtyType.String),
            ["secret"] = CtyType.String,
            ["nested"] = CtyType.List(CtyType.Object(new Dictionary<string, CtyType> { ["n"] = CtyType.Number })),
        });
        var value = CtyValue.Object(type, new Dictionary<string, CtyValue>
        {
            ["ids"] = CtyValue.Set(CtyType.String, [CtyValue.String("b"), CtyValue.String("a")]),
            ["secret"] = CtyValue.String("s").MarkSensitive(),
            ["nested"] = CtyValue.List(type.AttributeTypes["nested"].ElementType!, [CtyValue.Object(new Dictionary<string, CtyValue> { ["n"] = CtyValue.Unknown(CtyType.Number) })]),
        });
        var view = CtyPlainJson.ToView(value, redactSensitive: false);
        var back = CtyPlainJson.FromView(view, type, out var errors);
        Assert.Empty(errors);
        Assert.Equal(value, back);
    }

    [Fact]
    public void From_json_applies_safe_conversions()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType> { ["s"] = CtyType.String, ["n"] = CtyType.Number, ["b"] = CtyType.Bool });
        var value = CtyPlainJson.FromJson(JsonNode.Parse("""{"s":5,"n":"1.5","b":"true"}"""), type, out var errors);
        Assert.Empty(errors);
        Assert.Equal("5", value!.GetAttribute("s").AsString());
        Assert.Equal(CtyNumber.Parse("1.5"), value.GetAttribute("n").AsNumber());
        Assert.True(value.GetAttribute("b").AsBool());
    }

    [Fact]
    public void From_json_reports_every_error_with_path_and_expected_type()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType>
        {
            ["tags"] = CtyType.Map(CtyType.String),
            ["ports"] = CtyType.List(CtyType.Number),
            ["settings"] = CtyType.Object(new Dictionary<string, CtyType> { ["timeout"] = CtyType.Number }),
        });
        var value = CtyPlainJson.FromJson(JsonNode.Parse("""{"tags":["a"],"ports":[1,"x"],"settings":{"timeot":3}}"""), type, out var errors);
        Assert.Null(value);
        Assert.Equal(
            [
                "tags: expected map(string), got an array.",
                "ports[1]: expected number, got the string \"x\".",
                "settings.timeot: unknown attribute \"timeot\"; did you mean \"timeout\"?",
            ],
            errors.Select(e => e.ToString()));
    }
}
