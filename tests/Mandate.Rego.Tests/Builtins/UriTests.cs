using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class UriTests
{
    [Theory]
    [InlineData("https://example.com:8080/api?q=1#top",
        "{\"scheme\":\"https\",\"hostname\":\"example.com\",\"port\":\"8080\",\"path\":\"/api\",\"raw_path\":\"/api\",\"raw_query\":\"q=1\",\"fragment\":\"top\"}")]
    [InlineData("https://example.com?q=1#frag", "{\"scheme\":\"https\",\"hostname\":\"example.com\",\"raw_query\":\"q=1\",\"fragment\":\"frag\"}")]
    [InlineData("http://[::1]:8080/path", "{\"scheme\":\"http\",\"hostname\":\"::1\",\"port\":\"8080\",\"path\":\"/path\",\"raw_path\":\"/path\"}")]
    [InlineData("https://example.com/path%2Fwith%2Fslashes",
        "{\"scheme\":\"https\",\"hostname\":\"example.com\",\"path\":\"/path/with/slashes\",\"raw_path\":\"/path%2Fwith%2Fslashes\"}")]
    [InlineData("https://example.com/a%21b", "{\"scheme\":\"https\",\"hostname\":\"example.com\",\"path\":\"/a!b\",\"raw_path\":\"/a!b\"}")]
    [InlineData("http://foo]bar/", "{\"scheme\":\"http\",\"hostname\":\"foo]bar\",\"path\":\"/\",\"raw_path\":\"/\"}")]
    [InlineData("mailto:user@example.com", "{\"scheme\":\"mailto\"}")]
    [InlineData("", "{}")]
    public void Parse(string uri, string expected) => Assert.Equal(J(expected), Call("uri.parse", S(uri)));

    [Theory]
    [InlineData("http://exa%6dple.com/", "uri.parse: parse \"http://exa%6dple.com/\": invalid URL escape \"%6d\"")]
    [InlineData("http://a<b@example.com/", "uri.parse: parse \"http://a<b@example.com/\": net/url: invalid userinfo")]
    [InlineData("http://example.com:٣٤/", "uri.parse: parse \"http://example.com:٣٤/\": invalid port \":٣٤\" after host")]
    public void Parse_errors_match_go(string uri, string message) =>
        AssertError("eval_builtin_error", message, "uri.parse", S(uri));

    [Theory]
    [InlineData("https://example.com/path?q=1", true)]
    [InlineData("", false)]
    [InlineData("http://[invalid", false)]
    [InlineData("http://user name@example.com/", false)]
    [InlineData("http://foo]bar/", true)]
    public void Is_valid(string uri, bool expected) => Assert.Equal(RegoBoolean.From(expected), Call("uri.is_valid", S(uri)));
}
