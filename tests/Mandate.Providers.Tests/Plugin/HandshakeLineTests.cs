using Mandate.Providers.Plugin;

namespace Mandate.Providers.Tests.Plugin;

public sealed class HandshakeLineTests
{
    [Fact]
    public void Parses_unpadded_base64_certificate()
    {
        // 4 bytes encode to "AQIDBA==": go-plugin drops the padding.
        var line = HandshakeLine.Parse("1|5|unix|/tmp/plugin1|grpc|AQIDBA\n");
        Assert.Equal(5, line.ProtocolVersion);
        Assert.Equal("unix", line.Network);
        Assert.Equal("/tmp/plugin1", line.Address);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, line.ServerCertificate);
    }

    [Fact]
    public void Empty_certificate_field_means_plaintext()
    {
        Assert.Null(HandshakeLine.Parse("1|6|unix|/tmp/p|grpc|").ServerCertificate);
        Assert.Equal(6, HandshakeLine.Parse("1|6|unix|/tmp/p|grpc").ProtocolVersion);
    }

    [Theory]
    [InlineData("2|5|unix|/tmp/p|grpc|", "core protocol")]
    [InlineData("1|4|unix|/tmp/p|grpc|", "protocol version '4'")]
    [InlineData("1|5|pipe|/tmp/p|grpc|", "network 'pipe'")]
    [InlineData("1|5|unix|/tmp/p|netrpc|", "netrpc")]
    [InlineData("1|5|unix", "at least 5")]
    [InlineData("1|5|unix|/tmp/p|grpc|!!!", "not base64")]
    public void Rejects_what_we_cannot_speak_with_the_reason(string line, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => HandshakeLine.Parse(line));
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
