using Mandate.Rego.Builtins;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class NumbersTests
{
    [Theory]
    [InlineData("3", "abs", "-3")]
    [InlineData("2.5", "abs", "-2.5")]
    [InlineData("3", "round", "2.5")]
    [InlineData("-3", "round", "-2.5")]
    [InlineData("2", "round", "2.4")]
    [InlineData("3", "ceil", "2.1")]
    [InlineData("-2", "ceil", "-2.9")]
    [InlineData("2", "floor", "2.9")]
    [InlineData("-3", "floor", "-2.1")]
    [InlineData("7", "floor", "7")]
    public void Rounding(string expected, string name, string arg) => AssertJson(expected, name, arg);

    [Theory]
    [InlineData("[1,2,3]", "1", "3")]
    [InlineData("[3,2,1]", "3", "1")]
    [InlineData("[5]", "5", "5")]
    public void Range(string expected, string a, string b) => AssertJson(expected, "numbers.range", a, b);

    [Theory]
    [InlineData("[0,3,6,9]", "0", "10", "3")]
    [InlineData("[10,7,4,1]", "10", "0", "3")]
    public void Range_step(string expected, string a, string b, string step) => AssertJson(expected, "numbers.range_step", a, b, step);

    [Fact]
    public void Range_step_must_be_positive() =>
        AssertJsonError("eval_builtin_error", "numbers.range_step: numbers.range_step: step must be a positive integer", "numbers.range_step", "1", "5", "0");

    [Fact]
    public void Range_rejects_floats() =>
        AssertJsonError("eval_type_error", "numbers.range: operand 1 must be integer number but got floating-point number", "numbers.range", "1.5", "3");

    [Fact]
    public void Huge_range_stops_at_the_output_limit_without_allocating()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<RegoEvalException>(() => Call(new BuiltinContext(), "numbers.range", J("1"), J("1000000000000")));
        Assert.Equal("eval_limit_error", e.Code);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 10_000_000);
    }

    [Fact]
    public void Rand_intn_is_stable_within_a_query_and_in_range()
    {
        var ctx = new BuiltinContext(seed: 42);
        var first = Call(ctx, "rand.intn", S("k"), J("10"));
        Assert.Equal(first, Call(ctx, "rand.intn", S("k"), J("10")));
        Assert.True(first is Mandate.Rego.Values.RegoNumber n && n.TryGetInt32(out int v) && v is >= 0 and < 10);
        Assert.Equal(J("0"), Call(ctx, "rand.intn", S("k"), J("0")));
    }

    [Theory]
    [InlineData("7", "bits.or", "5", "3")]
    [InlineData("1", "bits.and", "5", "3")]
    [InlineData("6", "bits.xor", "5", "3")]
    [InlineData("20", "bits.lsh", "5", "2")]
    [InlineData("1", "bits.rsh", "5", "2")]
    [InlineData("-3", "bits.rsh", "-5", "1")]
    [InlineData("36893488147419103232", "bits.lsh", "1", "65")]
    public void Bits(string expected, string name, string a, string b) => AssertJson(expected, name, a, b);

    [Fact]
    public void Bits_negate() => AssertJson("-6", "bits.negate", "5");

    [Fact]
    public void Bits_reject_floats() =>
        AssertJsonError("eval_type_error", "bits.and: operand 1 must be integer number but got floating-point number", "bits.and", "1.5", "1");
}
