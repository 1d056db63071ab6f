using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

public sealed class ProviderAddressTests
{
    [Theory]
    [InlineData("aws", "registry.terraform.io/hashicorp/aws", "hashicorp/aws")]
    [InlineData("hashicorp/aws", "registry.terraform.io/hashicorp/aws", "hashicorp/aws")]
    [InlineData("HashiCorp/AWS", "registry.terraform.io/hashicorp/aws", "hashicorp/aws")]
    [InlineData("registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/aws")]
    [InlineData("Example.COM:8443/my-org/my-cloud", "example.com:8443/my-org/my-cloud", "example.com:8443/my-org/my-cloud")]
    [InlineData("127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b")]
    public void Valid_addresses_normalize(string source, string full, string display)
    {
        var address = ProviderAddress.Parse(source);
        Assert.Equal(full, address.ToString());
        Assert.Equal(display, address.ForDisplay());
        Assert.Equal(address, ProviderAddress.Parse(full));
    }

    [Theory]
    [InlineData("", "expected \"[hostname/]namespace/type\"")]
    [InlineData("a/b/c/d", "at most 3")]
    [InlineData("hashicorp/", "type is empty")]
    [InlineData("hashi_corp/aws", "'_' is not allowed")]
    [InlineData("-hashicorp/aws", "may not start or end with a dash")]
    [InlineData("hashicorp/aws-", "may not start or end with a dash")]
    [InlineData("hashi--corp/aws", "two consecutive dashes")]
    [InlineData("hashicorp/terraform-provider-aws", "leave out the \"terraform-provider-\" prefix, i.e. use \"aws\"")]
    [InlineData("exa mple.com/a/b", "each dot-separated label")]
    [InlineData("example.com:99999/a/b", "port \"99999\"")]
    [InlineData("example..com/a/b", "each dot-separated label")]
    public void Invalid_addresses_say_what_is_wrong(string source, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => ProviderAddress.Parse(source));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.False(ProviderAddress.TryParse(source, out _, out var message));
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void OpenTofu_is_just_another_implied_host()
    {
        var address = ProviderAddress.Parse("hashicorp/aws", ProviderAddress.OpenTofuRegistryHost);
        Assert.Equal("registry.opentofu.org/hashicorp/aws", address.ToString());
        Assert.Equal("registry.opentofu.org/hashicorp/aws", address.ForDisplay());
        Assert.Equal("example.com/a/b", ProviderAddress.Parse("example.com/a/b", ProviderAddress.OpenTofuRegistryHost).ToString());
    }
}
