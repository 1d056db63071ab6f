using Mandate.Rego.Builtins;

namespace Mandate.Rego.Tests.Builtins;

public sealed class NetCidrTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::", "::")]
    [InlineData("1::", "1::")]
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]
    [InlineData("1:0:0:2:0:0:3:4", "1::2:0:0:3:4")]
    [InlineData("::1.2.3.4", "::102:304")]
    public void Addresses_parse_and_print_like_go(string text, string expected)
    {
        Assert.True(NetAddress.TryParse(text, out var address));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData("010.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData("fe80::1%eth0")]
    [InlineData("12345::")]
    [InlineData("")]
    public void Invalid_addresses_are_rejected(string text)
    {
        Assert.False(NetAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("192.168.1.77/24", "192.168.1.0/24")]
    [InlineData("2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64", "2601:600:8a80:207e::/64")]
    [InlineData("::ffff:1.2.3.4/120", "1.2.3.0/24")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("10.0.0.0/08", "10.0.0.0/8")]
    public void Cidrs_mask_their_address(string text, string expected)
    {
        Assert.True(NetCidr.TryParse(text, out var cidr, out _));
        Assert.Equal(expected, cidr.ToString());
    }

    [Theory]
    [InlineData("192.168.1.1/33")]
    [InlineData("192.168.1.1")]
    [InlineData("192.168.1.1/-1")]
    [InlineData("::/129")]
    public void Invalid_cidrs_give_go_error(string text)
    {
        Assert.False(NetCidr.TryParse(text, out _, out var error));
        Assert.Equal("invalid CIDR address: " + text, error);
    }

    [Fact]
    public void Contains_compares_within_one_family()
    {
        Assert.True(NetCidr.TryParse("10.0.0.0/8", out var cidr, out _));
        Assert.True(NetAddress.TryParse("10.255.0.1", out var inside));
        Assert.True(NetAddress.TryParse("::ffff:10.1.1.1", out var mapped));
        Assert.True(NetAddress.TryParse("11.0.0.0", out var outside));
        Assert.True(NetAddress.TryParse("::a00:1", out var v6));
        Assert.True(cidr.Contains(inside));
        Assert.True(cidr.Contains(mapped));
        Assert.False(cidr.Contains(outside));
        Assert.False(cidr.Contains(v6));
    }

    [Theory]
    [InlineData(new[] { "192.0.128.0/24", "192.0.129.0/24" }, new[] { "192.0.128.0/23" })]
    [InlineData(new[] { "192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31" }, new[] { "192.0.2.112/29" })]
    [InlineData(new[] { "192.0.2.112/31", "192.0.2.116/31", "192.0.2.118/31" }, new[] { "192.0.2.112/31", "192.0.2.116/30" })]
    [InlineData(new[] { "192.0.128.0/24", "0.0.0.0/0" }, new[] { "0.0.0.0/0" })]
    [InlineData(new[] { "::/0", "::192.0.2.0/124", "ff00::101/128" }, new[] { "::/0" })]
    [InlineData(new[] { "fe80::/120", "192.0.2.0/24", "192.0.3.0/24" }, new[] { "192.0.2.0/23", "fe80::/120" })]
    [InlineData(new[] { "10.0.0.0/32", "10.0.0.1/32", "10.0.0.2/32" }, new[] { "10.0.0.0/31", "10.0.0.2/32" })]
    public void Merge_returns_minimal_cover(string[] input, string[] expected)
    {
        var blocks = input.Select(t =>
        {
            Assert.True(NetCidr.TryParse(t, out var c, out _));
            return (c, c.ToString());
        }).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), NetCidr.Merge(blocks).Order(StringComparer.Ordinal));
    }
}
