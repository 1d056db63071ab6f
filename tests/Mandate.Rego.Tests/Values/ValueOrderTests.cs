using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Values;

public sealed class ValueOrderTests
{
    [Fact]
    public void Kinds_follow_OPA_total_order()
    {
        RegoValue[] ascending =
        [
            RegoNull.Instance,
            RegoBoolean.False,
            RegoBoolean.True,
            RegoNumber.From(-3),
            RegoNumber.Parse("2.5"),
            RegoString.From("a"),
            RegoArray.From(RegoNumber.One),
            RegoObject.From([new KeyValuePair<string, RegoValue>("a", RegoNumber.One)]),
            RegoSet.From(RegoNumber.One),
        ];
        var shuffled = ascending.Reverse().ToArray();
        Array.Sort(shuffled, RegoValueComparer.Instance);
        Assert.Equal(ascending, shuffled);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1e3", "1000")]
    [InlineData("150e-2", "1.5")]
    [InlineData("12345678901234567890123", "12345678901234567890123.0")]
    public void Numerically_equal_numbers_are_equal_with_equal_hashes(string a, string b)
    {
        var x = RegoNumber.Parse(a);
        var y = RegoNumber.Parse(b);
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.Equal(0, RegoValue.Compare(x, y));
    }

    [Fact]
    public void Integer_arithmetic_is_exact_beyond_64_bits()
    {
        var big = RegoNumber.From(long.MaxValue) + RegoNumber.One;
        Assert.Equal("9223372036854775808", big.ToJsonText());
        Assert.Equal(RegoNumber.From(long.MaxValue), big - RegoNumber.One);
        Assert.Equal("85070591730234615847396907784232501249", (RegoNumber.From(long.MaxValue) * RegoNumber.From(long.MaxValue)).ToJsonText());
    }

    [Fact]
    public void Decimal_fractions_do_not_pick_up_binary_rounding()
    {
        Assert.Equal("0.3", (RegoNumber.Parse("0.1") + RegoNumber.Parse("0.2")).ToJsonText());
        Assert.Equal(RegoNumber.From(2), RegoNumber.Parse("0.5") * RegoNumber.From(4));
    }

    [Fact]
    public void Arrays_compare_element_wise_then_by_length()
    {
        Assert.True(RegoJson.Parse("[1,2]") < RegoJson.Parse("[1,3]"));
        Assert.True(RegoJson.Parse("[1,2]") < RegoJson.Parse("[1,2,0]"));
        Assert.True(RegoJson.Parse("[2]") > RegoJson.Parse("[1,9,9]"));
    }

    [Fact]
    public void Objects_compare_by_sorted_keys_then_values()
    {
        Assert.True(RegoJson.Parse("""{"a":1}""") < RegoJson.Parse("""{"b":0}"""));
        Assert.True(RegoJson.Parse("""{"a":1}""") < RegoJson.Parse("""{"a":2}"""));
        Assert.True(RegoJson.Parse("""{"a":1}""") < RegoJson.Parse("""{"a":1,"b":0}"""));
        Assert.Equal(RegoJson.Parse("""{"b":2,"a":1}"""), RegoJson.Parse("""{"a":1,"b":2}"""));
    }

    [Fact]
    public void Set_operations_keep_elements_sorted_and_distinct()
    {
        var a = RegoSet.From(RegoNumber.From(3), RegoNumber.From(1), RegoNumber.From(3));
        var b = RegoSet.From(RegoNumber.From(2), RegoNumber.From(3));
        Assert.Equal(2, a.Count);
        Assert.Equal("{1, 2, 3}", a.Union(b).ToString());
        Assert.Equal("{3}", a.Intersect(b).ToString());
        Assert.Equal("{1}", a.Except(b).ToString());
        Assert.Equal("set()", RegoSet.Empty.ToString());
    }
}
