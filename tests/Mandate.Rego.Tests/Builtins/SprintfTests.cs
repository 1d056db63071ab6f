using System.Numerics;
using Mandate.Rego.Builtins.Go;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class SprintfTests
{
    // Expected strings are what Go's fmt.Sprintf prints for the same verb and argument.
    [Theory]
    [InlineData("%d", 42L, "42")]
    [InlineData("%5d", 42L, "   42")]
    [InlineData("%-5d|", 42L, "42   |")]
    [InlineData("%05d", -42L, "-0042")]
    [InlineData("%+d", 42L, "+42")]
    [InlineData("%x", 255L, "ff")]
    [InlineData("%X", 255L, "FF")]
    [InlineData("%#x", 255L, "0xff")]
    [InlineData("%o", 8L, "10")]
    [InlineData("%#o", 8L, "010")]
    [InlineData("%b", 5L, "101")]
    [InlineData("%.3d", 7L, "007")]
    [InlineData("%c", 65L, "A")]
    [InlineData("%q", 65L, "'A'")]
    [InlineData("%U", 0x1F600L, "U+1F600")]
    [InlineData("%v", 3L, "3")]
    [InlineData("%f", 1L, "%!f(int=1)")]
    [InlineData("%s", 1L, "%!s(int=1)")]
    public void Integers(string format, long arg, string expected) =>
        Assert.Equal(expected, GoFormat.Sprintf(format, [arg]));

    [Theory]
    [InlineData("%v", 3.14, "3.14")]
    [InlineData("%v", 1e21, "1e+21")]
    [InlineData("%v", 1e6, "1e+06")]
    [InlineData("%v", 123456.5, "123456.5")]
    [InlineData("%v", 0.0001, "0.0001")]
    [InlineData("%v", 0.00001, "1e-05")]
    [InlineData("%.2f", 3.14159, "3.14")]
    [InlineData("%f", 2.5, "2.500000")]
    [InlineData("%.0f", 2.5, "2")]
    [InlineData("%.0f", 3.5, "4")]
    [InlineData("%.1f", 0.25, "0.2")]
    [InlineData("%8.3f", -3.14159, "  -3.142")]
    [InlineData("%08.3f", -3.14159, "-003.142")]
    [InlineData("%e", 123456.789, "1.234568e+05")]
    [InlineData("%E", 0.000123, "1.230000E-04")]
    [InlineData("%g", 123456789.0, "1.23456789e+08")]
    [InlineData("%.3g", 3.14159, "3.14")]
    [InlineData("%g", 100000.0, "100000")]
    [InlineData("%d", 1.5, "%!d(float64=1.5)")]
    [InlineData("%+.1f", 2.25, "+2.2")]
    public void Floats(string format, double arg, string expected) =>
        Assert.Equal(expected, GoFormat.Sprintf(format, [arg]));

    [Theory]
    [InlineData("%s", "hi", "hi")]
    [InlineData("%5s|", "hi", "   hi|")]
    [InlineData("%-5s|", "hi", "hi   |")]
    [InlineData("%.2s", "héllo", "hé")]
    [InlineData("%q", "a\"b\n", "\"a\\\"b\\n\"")]
    [InlineData("%#q", "ab", "`ab`")]
    [InlineData("%+q", "é", "\"\\u00e9\"")]
    [InlineData("%x", "hi", "6869")]
    [InlineData("% x", "hi", "68 69")]
    [InlineData("%d", "x", "%!d(string=x)")]
    [InlineData("%t", "true", "%!t(string=true)")]
    public void Strings(string format, string arg, string expected) =>
        Assert.Equal(expected, GoFormat.Sprintf(format, [arg]));

    [Fact]
    public void Big_integers_print_in_full_for_d_s_and_v()
    {
        var big = BigInteger.Parse("123456789123456789123", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("123456789123456789123", GoFormat.Sprintf("%s", [big]));
        Assert.Equal("123456789123456789123", GoFormat.Sprintf("%d", [big]));
        Assert.Equal("%!f(big.Int=123456789123456789123)", GoFormat.Sprintf("%f", [big]));
    }

    [Theory]
    [InlineData("%d %d", "%!d(MISSING)", 1)]
    [InlineData("x", "x%!(EXTRA int=1)", 1)]
    [InlineData("100%%", "100%", 0)]
    [InlineData("%", "%!(NOVERB)", 0)]
    public void Argument_count_mismatches_follow_go(string format, string expectedSuffix, int argCount)
    {
        object[] args = argCount == 0 ? [] : [1L];
        Assert.EndsWith(expectedSuffix, GoFormat.Sprintf(format, args));
    }

    [Fact]
    public void Width_from_star_argument() => Assert.Equal("   7", GoFormat.Sprintf("%*d", [4L, 7L]));

    [Fact]
    public void Builtin_renders_rego_values_as_opa_does()
    {
        Assert.Equal(S("hi [\"there\", 5, 3.14]"), Call("sprintf", S("hi %v"), J("[[\"there\", 5, 3.14]]")));
        Assert.Equal(S("hi true"), Call("sprintf", S("hi %s"), J("[true]")));
        Assert.Equal(S("hi 05"), Call("sprintf", S("hi %02d"), J("[5]")));
        Assert.Equal(S("{1, 2}"), Call("sprintf", S("%v"), Mandate.Rego.Values.RegoArray.From(Set("1", "2"))));
        Assert.Equal(S("a/3"), Call("sprintf", S("%s/%d"), J("[\"a\", 3]")));
    }

    [Fact]
    public void Builtin_requires_an_array_of_values() =>
        AssertError("eval_type_error", "sprintf: operand 2 must be array but got string", "sprintf", S("%s"), S("x"));

    [Fact]
    public void Huge_padding_is_stopped_by_the_output_limit()
    {
        var ctx = new Mandate.Rego.Builtins.BuiltinContext(limits: new EvalLimits { MaxBuiltinOutputSize = 1000 });
        var e = Assert.Throws<RegoEvalException>(() => Call(ctx, "sprintf", S("%900000d"), J("[1]")));
        Assert.Equal("eval_limit_error", e.Code);
    }
}
