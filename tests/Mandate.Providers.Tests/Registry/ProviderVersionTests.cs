using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

public sealed class ProviderVersionTests
{
    [Fact]
    public void Precedence_follows_semver_including_prerelease_identifiers()
    {
        // The ordered example of semver.org §11, plus numeric comparison beyond one digit.
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0"];
        var shuffled = ordered.Reverse().Select(ProviderVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(v => v.ToString()));
    }

    [Fact]
    public void Metadata_does_not_order_but_does_distinguish()
    {
        var a = ProviderVersion.Parse("1.0.0+a");
        var b = ProviderVersion.Parse("1.0.0+b");
        Assert.Equal(0, a.CompareTo(b));
        Assert.NotEqual(a, b);
        Assert.Equal(ProviderVersion.Parse("1.0.0+a"), a);
        Assert.Equal("1.0.0+a", a.ToString());
    }

    [Theory]
    [InlineData("1.2", "all three")]
    [InlineData("v1.2.3", "\"v\" prefix")]
    [InlineData("1.2.x", "wildcards")]
    [InlineData("1.2.3-", "prerelease")]
    [InlineData("1.2.3-be_ta", "prerelease")]
    [InlineData("", "empty")]
    public void Invalid_versions_are_rejected_with_the_reason(string text, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => ProviderVersion.Parse(text));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.False(ProviderVersion.TryParse(text, out _));
    }
}
