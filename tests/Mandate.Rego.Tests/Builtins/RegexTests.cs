using Mandate.Rego.Builtins.Go;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class RegexTests
{
    [Theory]
    [InlineData("^[a-z]+\\[[0-9]+\\]$", "foo[1]", true)]
    [InlineData("^$", "", true)]
    [InlineData("", "x", true)]
    [InlineData("^\\d+$", "١٢", false)] // RE2's \d is ASCII only
    [InlineData("^\\w+$", "héllo", false)]
    [InlineData("a$", "a\n", false)] // RE2's $ is end of text
    [InlineData("(?m)a$", "a\nb", true)]
    [InlineData("^(?P<x>a+)b$", "aab", true)]
    [InlineData("^[[:alpha:]]+$", "abc", true)]
    [InlineData("^\\Qa.b\\E$", "a.b", true)]
    [InlineData("^\\Qa.b\\E$", "axb", false)]
    [InlineData("^\\x{41}$", "A", true)]
    [InlineData("^\\pL+$", "héllo", true)]
    [InlineData("(?i)^ABC$", "abc", true)]
    [InlineData("^a{2,3}$", "aaa", true)]
    [InlineData("^a{,3}$", "a{,3}", true)] // not a repeat in RE2: literal
    public void Match(string pattern, string value, bool expected) =>
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.From(expected), Call("regex.match", S(pattern), S(value)));

    [Theory]
    [InlineData("$^[[[", "error parsing regexp: missing closing ]: `[[[`")]
    [InlineData("(", "error parsing regexp: missing closing ): `(`")]
    [InlineData("a)", "error parsing regexp: unexpected ): `a)`")]
    [InlineData("++", "error parsing regexp: missing argument to repetition operator: `+`")]
    [InlineData("a**", "error parsing regexp: invalid nested repetition operator: `**`")]
    [InlineData("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`")]
    [InlineData("(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`")]
    [InlineData("[z-a]", "error parsing regexp: invalid character class range: `z-a`")]
    [InlineData("\\e", "error parsing regexp: invalid escape sequence: `\\e`")]
    public void Rejects_what_re2_rejects_with_gos_message(string pattern, string message)
    {
        var e = Assert.Throws<GoRegexException>(() => GoRegex.Compile(pattern));
        Assert.Equal(message, e.Message);
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.False, Call("regex.is_valid", S(pattern)));
    }

    [Fact]
    public void Invalid_pattern_is_a_builtin_error() =>
        AssertError("eval_builtin_error", "regex.match: error parsing regexp: missing closing ]: `[[[`", "regex.match", S("$^[[["), S("x"));

    [Fact]
    public void Is_valid_is_false_for_non_strings() =>
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.False, Call("regex.is_valid", J("10")));

    [Theory]
    [InlineData("^[a-z]+", "foobar baz", "[\"\",\" baz\"]")]
    [InlineData("[a-z]+$", "foobar baz", "[\"foobar \",\"\"]")]
    [InlineData("^[a-z ]+$", "foobar baz", "[\"\",\"\"]")]
    [InlineData("a", "banana", "[\"b\",\"n\",\"n\",\"\"]")]
    [InlineData("z+", "pizza", "[\"pi\",\"a\"]")]
    [InlineData("x", "", "[\"\"]")]
    public void Split_follows_go(string pattern, string value, string expected) =>
        Assert.Equal(J(expected), Call("regex.split", S(pattern), S(value)));

    [Theory]
    [InlineData("a.", "paranormal", -1, "[\"ar\",\"an\",\"al\"]")]
    [InlineData("a.", "paranormal", 2, "[\"ar\",\"an\"]")]
    [InlineData("a.", "paranormal", 0, "[]")]
    [InlineData("a*", "baaac", -1, "[\"\",\"aaa\",\"\"]")] // no empty match right after "aaa"
    public void Find_n(string pattern, string value, int n, string expected) =>
        Assert.Equal(J(expected), Call("regex.find_n", S(pattern), S(value), J(n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Find_all_submatches_reports_unmatched_groups_as_empty() =>
        Assert.Equal(J("[[\"som\",\"o\",\"m\"],[\"ri\",\"i\",\"\"]]"),
            Call("regex.find_all_string_submatch_n", S("[^aouiye]([aouiye])([^aouiye])?"), S("somestri"), J("-1")));

    [Theory]
    [InlineData("-wy-wxxy-", "w(x*)y", "0", "-0-0-")]
    [InlineData("foo", "(foo)", "$1$1", "foofoo")]
    [InlineData("foo", "(foo)", "${1}x", "foox")]
    [InlineData("foo", "(foo)", "$1x", "")] // Go reads the name "1x", which is no group
    [InlineData("foo", "(?P<w>o+)", "[$w]", "f[oo]")]
    [InlineData("a", "a", "$$", "$")]
    public void Replace_expands_like_go(string s, string pattern, string replacement, string expected) =>
        Assert.Equal(S(expected), Call("regex.replace", S(s), S(pattern), S(replacement)));

    [Theory]
    [InlineData("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}", true)]
    [InlineData("urn:foo:<.*>", "urn:foo:bar:baz", "<", ">", true)]
    [InlineData("urn:foo.{[a-z]+}", "urn:fooXbar", "{", "}", false)] // literal parts are quoted
    public void Template_match(string template, string value, string open, string close, bool expected) =>
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.From(expected), Call("regex.template_match", S(template), S(value), S(open), S(close)));

    [Fact]
    public void Pathological_pattern_runs_in_linear_time()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(Mandate.Rego.Values.RegoBoolean.False, Call("regex.match", S("^(a+)+$"), S(new string('a', 5000) + "b")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
