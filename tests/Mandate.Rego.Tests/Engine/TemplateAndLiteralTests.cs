using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

/// <summary>Template strings with <c>with</c> and in function heads; number literals shown as written.</summary>
public sealed class TemplateAndLiteralTests
{
    [Fact]
    public void With_inside_a_template_expression_applies_to_that_expression_only()
    {
        const string module = "package t\n\na := input.a\n\np := $\"{a with input as {\"a\": 42}} {a}\"\n";
        Assert.Equal(Json("\"42 7\""), Run(module, "data.t.p", """{"a": 7}"""));
        Assert.Equal(Json("\"42 <undefined>\""), Run(module, "data.t.p"));
    }

    [Fact]
    public void A_template_function_argument_is_built_from_the_body_and_matched()
    {
        const string module = "package t\n\nf($\"{x} {input.y}\") := 42 if {\n\tx = \"foo\"\n}\n";
        Assert.Equal(Json("42"), Run(module, "data.t.f(\"foo bar\")", """{"y": "bar"}"""));
        Assert.Null(Run(module, "data.t.f(\"foo baz\")", """{"y": "bar"}"""));
    }

    [Fact]
    public void Sprintf_shows_an_integer_beyond_float64_written_with_an_exponent_as_written()
    {
        // OPA keeps the literal: Go reads "2e308" neither as an integer nor as a float64, so prints the text.
        Assert.Equal(Json("\"hi 2e308\""), Run("package t\n\np := sprintf(\"hi %v\", [2e308])\n", "data.t.p"));
        // Written out in full it is a big integer, printed in full; an exponent literal within float64 is a float.
        Assert.Equal(Json("\"" + "2" + new string('0', 308) + "\""), Run("package t\n\np := sprintf(\"%v\", [2" + new string('0', 308) + "])\n", "data.t.p"));
        Assert.Equal(Json("\"1e+20\""), Run("package t\n\np := sprintf(\"%v\", [1e20])\n", "data.t.p"));
    }
}
