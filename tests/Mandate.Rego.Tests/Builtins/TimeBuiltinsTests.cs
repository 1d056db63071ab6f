using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class TimeBuiltinsTests
{
    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoValue J(string json) => RegoJson.Parse(json);

    private static RegoEvalException Fails(string name, params RegoValue[] operands) =>
        Assert.Throws<RegoEvalException>(() => Call(name, operands));

    [Fact]
    public void Now_is_the_query_clock()
    {
        var context = new BuiltinContext(now: DateTimeOffset.FromUnixTimeSeconds(1_600_000_000));
        Assert.Equal(J("1600000000000000000"), BuiltinRegistry.Default.Invoke(context, "time.now_ns"));
        Assert.Equal(BuiltinRegistry.Default.Invoke(context, "time.now_ns"), BuiltinRegistry.Default.Invoke(context, "time.now_ns"));
    }

    [Theory]
    [InlineData("RFC822Z", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("2006-01-02", "2020-02-29", "1582934400000000000")]
    public void Parse_ns_accepts_layout_names_and_layouts(string layout, string value, string expected)
    {
        Assert.Equal(J(expected), Call("time.parse_ns", RegoString.From(layout), RegoString.From(value)));
    }

    [Theory]
    [InlineData("time.date", "[1517832000000000000, \"America/New_York\"]", "[2018, 2, 5]")]
    [InlineData("time.clock", "[1517832000000000000, \"America/New_York\"]", "[7, 0, 0]")]
    [InlineData("time.weekday", "1517918400000000000", "\"Tuesday\"")]
    [InlineData("time.date", "[1517832000000000000, \"\"]", "[2018, 2, 5]")]
    [InlineData("time.format", "[1670006453141828752, \"Asia/Kolkata\", \"RFC1123Z\"]", "\"Sat, 03 Dec 2022 00:10:53 +0530\"")]
    [InlineData("time.format", "1670006453141828752", "\"2022-12-02T18:40:53.141828752Z\"")]
    public void Instant_operands_take_zone_and_layout(string name, string operand, string expected)
    {
        Assert.Equal(J(expected), Call(name, J(operand)));
    }

    [Fact]
    public void Instant_errors_read_like_opa()
    {
        Assert.Equal("time.date: timestamp too big", Fails("time.date", J("1.5829776e28")).Error.Message);
        Assert.Equal("time.date: unknown time zone Nowhere/City", Fails("time.date", J("[0, \"Nowhere/City\"]")).Error.Message);
        var typeError = Fails("time.date", RegoString.From("x"));
        Assert.Equal("eval_type_error", typeError.Code);
        Assert.Equal("time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string", typeError.Error.Message);
        Assert.Equal("time.parse_rfc3339_ns: time outside of valid range",
            Fails("time.parse_rfc3339_ns", RegoString.From("2262-04-11T23:47:16.854775808-00:00")).Error.Message);
    }

    [Fact]
    public void Add_date_normalises_and_checks_range()
    {
        Assert.Equal(J("1705257221593912000"), Call("time.add_date", J("1585852421593912000"), J("3"), J("9"), J("12")));
        Assert.Equal("time.add_date: time outside of valid range", Fails("time.add_date", J("0"), J("2262"), J("1"), J("1")).Error.Message);
    }

    [Theory]
    [InlineData("2020-02-02", "2020-03-01", "[0, 0, 28, 0, 0, 0]")]
    [InlineData("2021-02-02", "2021-03-01", "[0, 0, 27, 0, 0, 0]")]
    [InlineData("2004-02-29", "2005-03-01", "[1, 0, 1, 0, 0, 0]")]
    [InlineData("2005-03-01", "2004-02-29", "[1, 0, 1, 0, 0, 0]")]
    public void Diff_borrows_like_opa(string from, string to, string expected)
    {
        var a = Call("time.parse_ns", RegoString.From("2006-01-02"), RegoString.From(from))!;
        var b = Call("time.parse_ns", RegoString.From("2006-01-02"), RegoString.From(to))!;
        Assert.Equal(J(expected), Call("time.diff", a, b));
    }

    [Fact]
    public void Duration_and_sleep()
    {
        Assert.Equal(J("93600000000000"), Call("time.parse_duration_ns", RegoString.From("1d2h")));
        Assert.Equal("time.parse_duration_ns: time: unknown unit \"x\" in duration \"1x\"",
            Fails("time.parse_duration_ns", RegoString.From("1x")).Error.Message);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = new BuiltinContext(cancellationToken: cancelled.Token);
        var error = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke(context, "test.sleep", RegoString.From("1h")));
        Assert.Equal("eval_cancel_error", error.Code);
    }
}
