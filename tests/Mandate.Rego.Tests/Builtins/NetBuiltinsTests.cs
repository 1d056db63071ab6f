using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class NetBuiltinsTests
{
    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoValue J(string json) => RegoJson.Parse(json);

    private static RegoString S(string text) => RegoString.From(text);

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/8", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("10.0.0.0/8", "2001:db8::1", false)]
    public void Contains_accepts_addresses_and_blocks(string cidr, string inner, bool expected)
    {
        Assert.Equal(RegoBoolean.From(expected), Call("net.cidr_contains", S(cidr), S(inner)));
    }

    [Fact]
    public void Contains_errors_read_like_opa()
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_contains", S("10.0.0.0/8"), S("nope")));
        Assert.Equal("net.cidr_contains: not a valid textual representation of an IP address or CIDR: nope", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_contains", S("10.0.0.0"), S("10.0.0.1")));
        Assert.Equal("net.cidr_contains: invalid CIDR address: 10.0.0.0", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_intersects", S("10.0.0.0/8"), J("1")));
        Assert.Equal("net.cidr_intersects: operand 1 must be string but got number", e.Error.Message);
    }

    [Fact]
    public void Intersects_and_is_valid()
    {
        Assert.Equal(RegoBoolean.True, Call("net.cidr_intersects", S("10.0.0.0/8"), S("10.255.0.0/16")));
        Assert.Equal(RegoBoolean.False, Call("net.cidr_intersects", S("10.0.0.0/8"), S("11.0.0.0/16")));
        Assert.Equal(RegoBoolean.True, Call("net.cidr_is_valid", S("::/0")));
        Assert.Equal(RegoBoolean.False, Call("net.cidr_is_valid", S("10.0.0.1")));
        Assert.Equal(RegoBoolean.False, Call("net.cidr_is_valid", J("[]")));
    }

    [Fact]
    public void Contains_matches_reports_index_pairs()
    {
        var result = Call("net.cidr_contains_matches", J("""{"a": "10.0.0.0/8", "b": ["192.168.0.0/16", "tag"]}"""), J("""["10.1.1.1", "192.168.3.4", "8.8.8.8"]"""));
        Assert.Equal(J("""[["a", 0], ["b", 1]]"""), RegoJson.RoundTrip(result!));
        var e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_contains_matches", J("[1]"), S("10.0.0.1")));
        Assert.Equal("net.cidr_contains_matches: operand 1: element must be string or non-empty array", e.Error.Message);
    }

    [Fact]
    public void Expand_lists_a_block_and_is_bounded()
    {
        Assert.Equal(J("""["192.168.1.0", "192.168.1.1", "192.168.1.2", "192.168.1.3"]"""), RegoJson.RoundTrip(Call("net.cidr_expand", S("192.168.1.1/30"))!));
        Assert.Equal(J("""["::ffff"]"""), RegoJson.RoundTrip(Call("net.cidr_expand", S("::ffff/128"))!));
        var limited = new BuiltinContext(limits: new Mandate.Rego.EvalLimits { MaxBuiltinOutputSize = 1000 });
        var e = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke(limited, "net.cidr_expand", S("10.0.0.0/8")));
        Assert.Equal("eval_limit_error", e.Code);
        e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_expand", S("2001:db8::/64")));
        Assert.Equal("eval_limit_error", e.Code);
    }

    [Fact]
    public void Merge_handles_bare_addresses_sets_and_errors()
    {
        Assert.Equal(J("""["192.0.2.0/24"]"""), RegoJson.RoundTrip(Call("net.cidr_merge", J("""["192.0.2.112", "192.0.2.116/31"]"""))!));
        Assert.Equal(J("""["192.0.128.0/23"]"""), RegoJson.RoundTrip(Call("net.cidr_merge", RegoSet.From(S("192.0.128.0/24"), S("192.0.129.0/24")))!));
        var e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_merge", J("""["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"]""")));
        Assert.Equal("net.cidr_merge: IPv6 invalid: needs prefix length", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("net.cidr_merge", J("""["foo"]""")));
        Assert.Equal("net.cidr_merge: invalid CIDR address: foo", e.Error.Message);
    }
}

public sealed class NetLookupTests
{
    [Fact]
    public void Lookup_answers_literals_and_localhost_without_a_resolver()
    {
        Assert.Equal(RegoSet.From(RegoString.From("10.0.0.0")), BuiltinRegistry.Default.Invoke("net.lookup_ip_addr", RegoString.From("10.0.0.0")));
        Assert.Equal(RegoSet.From(RegoString.From("::")), BuiltinRegistry.Default.Invoke("net.lookup_ip_addr", RegoString.From("::")));
        Assert.Equal(RegoSet.From(RegoString.From("127.0.0.1"), RegoString.From("::1")), BuiltinRegistry.Default.Invoke("net.lookup_ip_addr", RegoString.From("localhost")));
        var e = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke("net.lookup_ip_addr", RegoString.From("example.com")));
        Assert.Equal("eval_builtin_disabled_error", e.Code);
        Assert.StartsWith("net.lookup_ip_addr: disabled in Mandate: looking up example.com needs DNS", e.Error.Message);
    }
}
