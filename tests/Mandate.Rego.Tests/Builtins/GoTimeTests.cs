using Mandate.Rego.Builtins;

namespace Mandate.Rego.Tests.Builtins;

public sealed class GoTimeTests
{
    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00", 1496455200000000000L)]
    [InlineData("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224192-00:00", long.MinValue)]
    [InlineData("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775807-00:00", long.MaxValue)]
    [InlineData("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700", 1496455200000000000L)]
    [InlineData("02 Jan 06 15:04 -0700", "02 Jun 17 19:00 -0700", 1496455200000000000L)]
    [InlineData("2006-01-02", "2020-02-29", 1582934400000000000L)]
    [InlineData("Mon Jan _2 15:04:05 2006", "Tue Feb  4 01:02:03 2020", 1580778123000000000L)]
    [InlineData("2006-01-02 15:04:05", "2020-02-04 01:02:03.5", 1580778123500000000L)]
    [InlineData("January 2, 2006 3:04pm", "march 5, 2021 12:30am", 1614904200000000000L)]
    [InlineData("2006-01-02T15:04:05.000Z", "2021-01-01T00:00:00.123Z", 1609459200123000000L)]
    public void Parse_reads_go_layouts(string layout, string value, long expected)
    {
        Assert.Equal(expected, GoTimeParser.Parse(layout, value).TryUnixNanos());
    }

    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224191-00:00")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775808-00:00")]
    public void Parse_outside_int64_range_has_no_nanos(string layout, string value)
    {
        Assert.Null(GoTimeParser.Parse(layout, value).TryUnixNanos());
    }

    [Theory]
    [InlineData("2006-01-02", "2021-02-29", "parsing time \"2021-02-29\": day out of range")]
    [InlineData("2006-01-02", "2021-13-01", "parsing time \"2021-13-01\": month out of range")]
    [InlineData("2006-01-02", "2021-1-01", "parsing time \"2021-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\"")]
    [InlineData("2006-01-02", "2021-01-01x", "parsing time \"2021-01-01x\": extra text: \"x\"")]
    [InlineData("2006-01-02", "x2021-01-01", "parsing time \"x2021-01-01\" as \"2006-01-02\": cannot parse \"x2021-01-01\" as \"2006\"")]
    [InlineData("15:04", "24:00", "parsing time \"24:00\": hour out of range")]
    public void Parse_errors_read_like_go(string layout, string value, string message)
    {
        var ex = Assert.Throws<GoTimeParseException>(() => GoTimeParser.Parse(layout, value));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData(1670006453141828752L, "UTC", GoTimeLayout.Rfc3339Nano, "2022-12-02T18:40:53.141828752Z")]
    [InlineData(1670006453141828752L, "Asia/Kolkata", GoTimeLayout.Rfc3339Nano, "2022-12-03T00:10:53.141828752+05:30")]
    [InlineData(1670006453141828752L, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006", "Sat Dec 03 00:10:53 +0530 2022")]
    [InlineData(1670006453141828752L, "Asia/Kolkata", "Mon, 02 Jan 2006 15:04:05 -0700", "Sat, 03 Dec 2022 00:10:53 +0530")]
    [InlineData(1670006453000000000L, "UTC", GoTimeLayout.Rfc3339Nano, "2022-12-02T18:40:53Z")]
    [InlineData(1670006453141828752L, "America/New_York", "Jan _2 3:04PM MST .000 ,9", "Dec  2 1:40PM EST .141 ,1")]
    [InlineData(-1L, "UTC", "2006-01-02 15:04:05.000000000", "1969-12-31 23:59:59.999999999")]
    [InlineData(0L, "UTC", "Monday January 2 06 002 __2", "Thursday January 1 70 001   1")]
    public void Format_writes_go_layouts(long nanos, string zoneName, string layout, string expected)
    {
        Assert.True(GoZone.TryLoad(zoneName, out var zone, out _));
        Assert.Equal(expected, GoTimeLayout.Format(GoCivilTime.FromUnixNanos(nanos, zone), layout));
    }

    [Fact]
    public void Unknown_zone_reports_go_error()
    {
        Assert.False(GoZone.TryLoad("Mars/Olympus", out _, out var error));
        Assert.Equal("unknown time zone Mars/Olympus", error);
    }

    [Fact]
    public void Civil_fields_follow_the_zone()
    {
        Assert.True(GoZone.TryLoad("America/New_York", out var zone, out _));
        var time = GoCivilTime.FromUnixNanos(1517832000L * 1_000_000_000, zone);
        Assert.Equal((7, 0, 0), time.Clock);
        Assert.Equal((2018L, 2, 5), time.Date);
        Assert.Equal(1, time.Weekday);
    }

    [Fact]
    public void From_fields_normalises_overflowing_fields_like_go_time_date()
    {
        var t = GoCivilTime.FromFields(2020, 14, 32, 25, 0, 0, 0, GoZone.Utc);
        Assert.Equal((2021L, 3, 5), t.Date);
        Assert.Equal((1, 0, 0), t.Clock);
    }

    [Theory]
    [InlineData("100ns", 100L)]
    [InlineData("100us", 100_000L)]
    [InlineData("100µs", 100_000L)]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("-1m30s", -90_000_000_000L)]
    [InlineData("0", 0L)]
    [InlineData("365d", 31_536_000_000_000_000L)]
    [InlineData("1w", 604_800_000_000_000L)]
    [InlineData("1y", 31_536_000_000_000_000L)]
    [InlineData("1d2h", 93_600_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    public void Duration_parses_go_and_opa_units(string text, long expected)
    {
        Assert.True(GoDuration.TryParse(text, out var nanos, out var error), error);
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("10x", "time: unknown unit \"x\" in duration \"10x\"")]
    [InlineData("h", "time: invalid duration \"h\"")]
    [InlineData("9999999999999h", "time: invalid duration \"9999999999999h\"")]
    [InlineData("1dx", "time: invalid duration \"1dx\"")]
    public void Duration_errors_read_like_go(string text, string message)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }
}
