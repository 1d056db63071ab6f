using Mandate.Providers.Cty;

namespace Mandate.Providers.Tests.Cty;

public sealed class CtyValueTests
{
    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("-0.000", "0")]
    [InlineData("1e3", "1000")]
    [InlineData("12.5e-3", "0.0125")]
    [InlineData("123456789012345678901234567890.123", "123456789012345678901234567890.123")]
    public void Numbers_parse_exactly_and_print_without_exponent(string text, string expected) =>
        Assert.Equal(expected, CtyNumber.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("1e")]
    public void Bad_numbers_are_refused(string text) => Assert.False(CtyNumber.TryParse(text, out _));

    [Fact]
    public void Doubles_read_as_their_shortest_decimal()
    {
        Assert.Equal(CtyNumber.Parse("0.1"), CtyNumber.FromDouble(0.1));
        Assert.True(CtyNumber.Parse("0.1").TryGetRoundTripDouble(out var d) && d == 0.1);
        Assert.False(CtyNumber.Parse("0.1000000000000000000001").TryGetRoundTripDouble(out _));
        Assert.True(CtyNumber.Parse("2") < CtyNumber.Parse("10.5"));
    }

    [Fact]
    public void Sets_are_equal_whatever_the_construction_order()
    {
        var a = CtyValue.Set(CtyType.String, [CtyValue.String("b"), CtyValue.String("a"), CtyValue.String("b")]);
        var b = CtyValue.Set(CtyType.String, [CtyValue.String("a"), CtyValue.String("b")]);
        Assert.Equal(a, b);
        Assert.Equal(2, a.Length);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Marks_count_for_equality_unless_ignored()
    {
        var plain = CtyValue.String("x");
        var secret = plain.MarkSensitive();
        Assert.NotEqual(plain, secret);
        Assert.True(plain.EqualsIgnoringMarks(secret));
        var obj = CtyValue.Object(new Dictionary<string, CtyValue> { ["p"] = secret });
        Assert.True(obj.ContainsSensitive);
        Assert.False(obj.UnmarkDeep().ContainsSensitive);
    }

    [Fact]
    public void Unknown_and_null_are_distinct_states()
    {
        Assert.NotEqual(CtyValue.Null(CtyType.String), CtyValue.Unknown(CtyType.String));
        Assert.Equal(CtyValue.Unknown(CtyType.String), CtyValue.Unknown(CtyType.String));
        Assert.False(CtyValue.List(CtyType.String, [CtyValue.Unknown(CtyType.String)]).IsWhollyKnown);
        var unknownObject = CtyValue.Unknown(CtyType.Object(new Dictionary<string, CtyType> { ["a"] = CtyType.String }));
        Assert.False(unknownObject.GetAttribute("a").IsKnown);
        Assert.True(CtyValue.Null(unknownObject.Type).GetAttribute("a").IsNull);
    }

    [Fact]
    public void Typed_object_refuses_missing_or_mistyped_attributes()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType> { ["a"] = CtyType.String });
        Assert.Throws<ArgumentException>(() => CtyValue.Object(type, new Dictionary<string, CtyValue>()));
        Assert.Throws<ArgumentException>(() => CtyValue.Object(type, new Dictionary<string, CtyValue> { ["a"] = CtyValue.Number(1) }));
        Assert.Throws<InvalidOperationException>(() => CtyValue.Number(1).AsString());
    }

    [Fact]
    public void Paths_render_like_references_and_apply_to_values()
    {
        var path = CtyPath.Root.Attribute("attribute").Index(0).Attribute("name");
        Assert.Equal("attribute[0].name", path.ToString());
        Assert.Equal("tags[\"Name\"]", CtyPath.Root.Attribute("tags").Key("Name").ToString());
        var value = CtyValue.Object(new Dictionary<string, CtyValue>
        {
            ["attribute"] = CtyValue.List(CtyType.Object(new Dictionary<string, CtyType> { ["name"] = CtyType.String }),
                [CtyValue.Object(new Dictionary<string, CtyValue> { ["name"] = CtyValue.String("pk") })]),
        });
        Assert.Equal(CtyValue.String("pk"), path.Apply(value));
        Assert.Null(CtyPath.Root.Attribute("nope").Apply(value));
        Assert.True(path.StartsWith(CtyPath.Root.Attribute("attribute")));
    }
}
