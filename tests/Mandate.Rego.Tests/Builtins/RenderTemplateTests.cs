using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class RenderTemplateTests
{
    [Theory]
    [InlineData("{{.test}}", "{\"test\":\"hello world\"}", "hello world")]
    [InlineData("{{.test}}", "{\"test\":2023}", "2023")]
    [InlineData("{{range $i, $name := .names}}{{if $i}},{{end}}hello {{$name}}{{end}}", "{\"names\":[\"rohan\",\"john doe\"]}", "hello rohan,hello john doe")]
    [InlineData("test {{.foo}} {{.bar}} {{.baz}}", "{\"baz\":1}", "test <undefined> <undefined> 1")]
    [InlineData("{{if .a}}yes{{else}}no{{end}}", "{\"a\":false}", "no")]
    [InlineData("{{if eq .a 1}}one{{else if eq .a 2}}two{{else}}many{{end}}", "{\"a\":2}", "two")]
    [InlineData("{{with .a}}{{.b}}{{end}}", "{\"a\":{\"b\":\"x\"}}", "x")]
    [InlineData("{{range .xs}}[{{.}}]{{else}}none{{end}}", "{\"xs\":[]}", "none")]
    [InlineData("{{ .a -}}   |   {{- .b }}", "{\"a\":1,\"b\":2}", "1|2")]
    [InlineData("{{printf \"%03d\" .n}}", "{\"n\":7}", "007")]
    [InlineData("{{.n | printf \"%d!\"}}", "{\"n\":7}", "7!")]
    [InlineData("{{len .xs}} {{index .xs 1}}", "{\"xs\":[\"a\",\"b\"]}", "2 b")]
    [InlineData("{{.o}}", "{\"o\":{\"b\":1,\"a\":[1,2]}}", "map[a:[1 2] b:1]")]
    public void Renders_like_go_text_template(string template, string vars, string expected) =>
        Assert.Equal(S(expected), Call("strings.render_template", S(template), J(vars)));

    [Theory]
    [InlineData("{{if .a}}unterminated")]
    [InlineData("{{nosuchfunc .a}}")]
    [InlineData("{{.a")]
    public void Malformed_templates_are_builtin_errors(string template)
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("strings.render_template", S(template), J("{\"a\":1}")));
        Assert.Equal("eval_builtin_error", e.Code);
    }

    [Fact]
    public void Huge_range_stops_at_the_output_limit()
    {
        var ctx = new Mandate.Rego.Builtins.BuiltinContext(limits: new EvalLimits { MaxBuiltinOutputSize = 10_000 });
        var e = Assert.Throws<RegoEvalException>(() => Call(ctx, "strings.render_template", S("{{range 1000000000}}x{{end}}"), J("{}")));
        Assert.Equal("eval_limit_error", e.Code);
    }
}
