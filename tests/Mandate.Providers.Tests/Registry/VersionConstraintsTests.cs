using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

public sealed class VersionConstraintsTests
{
    // constraint, version, expected — Terraform's documented semantics, prerelease rule included.
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "1.2.3", "1.2.3", true },
        { "1.2.3", "1.2.4", false },
        { "= 1.2.3", "1.2.3", true },
        { "=1.2.3", "1.2.3", true },
        { "= 1.2", "1.2.0", true },
        { "= 1.2", "1.2.1", false },
        { "!= 1.2.3", "1.2.3", false },
        { "!= 1.2.3", "1.2.4", true },
        { "> 1.2.3", "1.2.3", false },
        { "> 1.2.3", "1.2.4", true },
        { ">= 1.2.3", "1.2.3", true },
        { ">= 1.2", "1.2.0", true },
        { ">= 1.2", "1.1.9", false },
        { "< 2.0.0", "1.99.99", true },
        { "< 2.0.0", "2.0.0", false },
        { "<= 2.0.0", "2.0.0", true },
        { "<= 2", "2.0.1", false },
        { "~> 1.2.3", "1.2.3", true },
        { "~> 1.2.3", "1.2.10", true },
        { "~> 1.2.3", "1.3.0", false },
        { "~> 1.2.3", "1.2.2", false },
        { "~> 1.2", "1.2.0", true },
        { "~> 1.2", "1.9.5", true },
        { "~> 1.2", "2.0.0", false },
        { "~> 1.2", "1.1.9", false },
        { "~> 1", "1.0.0", true },
        { "~> 1", "1.5.0", true },
        { "~> 1", "2.0.0", false },
        { "~> 0.12.0", "0.12.31", true },
        { "~> 0.12.0", "0.13.0", false },
        { ">= 1.0, < 2.0", "1.5.0", true },
        { ">= 1.0, < 2.0", "2.0.0", false },
        { ">= 1.0,< 2.0 , != 1.5.0", "1.5.0", false },
        { ">= 1.0,< 2.0 , != 1.5.0", "1.5.1", true },
        { "", "9.9.9", true },
        // Prereleases: only an exact constraint naming them selects them.
        { ">= 1.0.0", "1.1.0-beta1", false },
        { "~> 1.1", "1.1.0-beta1", false },
        { "> 1.0.0-beta1", "1.0.0-beta2", false },
        { "1.1.0-beta1", "1.1.0-beta1", true },
        { "= 1.1.0-beta1", "1.1.0-beta1", true },
        { "= 1.1.0-beta1", "1.1.0-beta2", false },
        { "= 1.1.0-beta1, >= 1.0", "1.1.0-beta1", true },
        { ">= 1.0.0-beta1", "1.0.0", true },
        // Metadata only matters when the constraint spells it out.
        { "= 1.0.0", "1.0.0+abc", true },
        { "= 1.0.0+abc", "1.0.0+def", false },
        { "> 1.0.0", "1.0.0+abc", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allows_follows_Terraform_semantics(string constraints, string version, bool expected) =>
        Assert.Equal(expected, VersionConstraints.Parse(constraints).Allows(ProviderVersion.Parse(version)));

    public static TheoryData<string, string> Invalid => new()
    {
        { "=> 1.0", "did you mean \">=\"" },
        { "=< 1.0", "did you mean \"<=\"" },
        { "v1.2.3", "\"v\" prefix" },
        { ">= v1.2.3", "\"v\" prefix" },
        { "~> 1.x", "wildcards are not supported" },
        { "1.2.3.4", "too many numbered parts" },
        { ">= 1.0,, < 2", "empty item" },
        { "^1.0", "expected an operator" },
        { ">= ", "empty" },
        { ">= 01.2", "leading zero" },
        { "~> 1.2-beta", "needs all three" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_constraints_say_what_is_wrong(string constraints, string messageFragment)
    {
        var error = Assert.Throws<FormatException>(() => VersionConstraints.Parse(constraints));
        Assert.Contains(messageFragment, error.Message, StringComparison.Ordinal);
        Assert.Contains(constraints.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("~> 5.0", "5.100.0")]
    [InlineData(">= 4.0, < 5.0", "4.67.0")]
    [InlineData("!= 5.100.0, ~> 5.0", "5.99.1")]
    [InlineData("5.0.0-rc1", "5.0.0-rc1")]
    [InlineData("> 6.0", null)]
    public void Newest_picks_the_highest_allowed_version(string constraints, string? expected)
    {
        var available = new[] { "4.0.0", "4.67.0", "5.0.0-rc1", "5.99.1", "5.100.0", "6.0.0-beta1" }.Select(ProviderVersion.Parse);
        Assert.Equal(expected, VersionConstraints.Parse(constraints).Newest(available)?.ToString());
    }

    [Fact]
    public void Canonical_text_round_trips()
    {
        var parsed = VersionConstraints.Parse(">=1.0,<2,~>1.2.3, !=1.5.0,1.1.0-beta");
        Assert.Equal(">= 1.0, < 2, ~> 1.2.3, != 1.5.0, = 1.1.0-beta", parsed.ToString());
        Assert.Equal(parsed.ToString(), VersionConstraints.Parse(parsed.ToString()).ToString());
    }
}
