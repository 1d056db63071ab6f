using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*.github.com", "[\".\"]", "api.github.com", true)]
    [InlineData("*.github.com", "[\".\"]", "api.cdn.github.com", false)]
    [InlineData("api.**.com", "[\".\"]", "api.cdn.github.com", true)]
    [InlineData("*:github:com", "[\":\"]", "api:github:com", true)]
    [InlineData("[abc]at", "[]", "fat", false)]
    [InlineData("[!abc]at", "[]", "fat", true)]
    [InlineData("[a-c]at", "[]", "bat", true)]
    [InlineData("[!a-c]at", "[]", "bat", false)]
    [InlineData("?at", "[]", "fat", true)]
    [InlineData("?at", "[\"f\"]", "fat", false)]
    [InlineData("{cat,bat,[fr]at}", "[]", "rat", true)]
    [InlineData("{cat,bat,[fr]at}", "[]", "mat", false)]
    [InlineData("*", "[]", "foo.bar", false)] // empty delimiters mean the default "."
    [InlineData("*", "null", "foo.bar", true)] // null means no delimiters
    [InlineData("a\\*b", "[]", "a*b", true)]
    [InlineData("a\\*b", "[]", "axb", false)]
    [InlineData("*(x)+", "null", "a(x)+", true)] // regex metacharacters are literal
    public void Match(string pattern, string delimiters, string value, bool expected) =>
        Assert.Equal(RegoBoolean.From(expected), Call("glob.match", S(pattern), J(delimiters), S(value)));

    [Fact]
    public void Quote_meta_escapes_glob_metacharacters() =>
        Assert.Equal(S(@"\*.github.com\{a,b\}"), Call("glob.quote_meta", S("*.github.com{a,b}")));

    [Fact]
    public void Delimiters_must_be_an_array_or_null() =>
        AssertError("eval_type_error", "glob.match: operand 2 must be one of {array, null} but got string", "glob.match", S("*"), S("."), S("x"));

    [Fact]
    public void Unclosed_class_is_a_builtin_error()
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("glob.match", S("[ab"), J("[]"), S("a")));
        Assert.Equal("eval_builtin_error", e.Code);
    }
}
