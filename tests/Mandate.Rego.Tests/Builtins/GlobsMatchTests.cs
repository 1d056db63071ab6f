using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class GlobsMatchTests
{
    [Theory]
    [InlineData("a.a.[0-9]+z", ".b.b2359825792*594823z", true)]
    [InlineData("[a-z]+", "[0-9]*", false)]
    [InlineData("[a-z]+\\[[0-9]+\\]", "foo\\[1\\]", true)]
    [InlineData("[a-z]+\\[[0-9]+\\]", "foo[\"bar\"]", false)]
    [InlineData("b.*", "b", true)]
    [InlineData("[^a]", "a", false)]
    [InlineData("[^a]", "[ab]", true)]
    [InlineData("x?y", "y", true)]
    public void Intersection(string a, string b, bool expected) =>
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.From(expected), Call("regex.globs_match", S(a), S(b)));

    [Fact]
    public void Bad_pattern_error_matches_opa() =>
        AssertError("eval_builtin_error",
            "regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
            "regex.globs_match", S("pqrs]"), S("[a-b]+"));
}
