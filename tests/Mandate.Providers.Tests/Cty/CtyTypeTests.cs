using Mandate.Providers.Cty;

namespace Mandate.Providers.Tests.Cty;

public sealed class CtyTypeTests
{
    public static TheoryData<string, string> RoundTrips() => new()
    {
        { "\"string\"", "string" },
        { "\"dynamic\"", "any" },
        { "[\"list\",\"string\"]", "list(string)" },
        { "[\"set\",[\"map\",\"number\"]]", "set(map(number))" },
        { "[\"object\",{\"a\":\"bool\",\"b\":[\"list\",\"string\"]}]", "object({a=bool, b=list(string)})" },
        { "[\"object\",{\"a\":\"bool\",\"b\":\"string\"},[\"b\"]]", "object({a=bool, b=optional(string)})" },
        { "[\"tuple\",[\"string\",\"number\"]]", "tuple([string, number])" },
        { "[\"object\",{}]", "object({})" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Json_encoding_round_trips(string json, string friendly)
    {
        var type = CtyType.ParseJson(json);
        Assert.Equal(friendly, type.FriendlyName());
        Assert.Equal(json, type.ToJson());
        Assert.Equal(type, CtyType.ParseJson(type.ToJsonUtf8()));
    }

    [Fact]
    public void Object_attributes_are_written_in_ordinal_order()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType> { ["b"] = CtyType.String, ["a"] = CtyType.Number, ["B"] = CtyType.Bool });
        Assert.Equal("[\"object\",{\"B\":\"bool\",\"a\":\"number\",\"b\":\"string\"}]", type.ToJson());
    }

    [Theory]
    [InlineData("\"strin\"", "unknown primitive type \"strin\"")]
    [InlineData("[\"lst\",\"string\"]", "unknown type kind \"lst\"")]
    [InlineData("[\"list\",\"string\",\"number\"]", "too many elements")]
    [InlineData("[\"list\"", "Invalid cty type JSON")]
    [InlineData("42", "expected a string or an array")]
    public void Bad_type_json_is_a_clear_error(string json, string fragment)
    {
        var e = Assert.ThrowsAny<FormatException>(() => CtyType.ParseJson(json));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structural_equality_and_optional_markers()
    {
        var a = CtyType.Object(new Dictionary<string, CtyType> { ["x"] = CtyType.List(CtyType.String) }, ["x"]);
        var b = CtyType.Object(new Dictionary<string, CtyType> { ["x"] = CtyType.List(CtyType.String) }, ["x"]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.WithoutOptionalAttributesDeep());
        Assert.True(CtyType.Map(CtyType.Dynamic).HasDynamicTypes);
        Assert.False(CtyType.Map(CtyType.String).HasDynamicTypes);
    }
}
