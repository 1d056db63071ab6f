using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

public sealed class LimitsAndErrorsTests
{
    [Fact]
    public void Huge_range_is_stopped_by_the_output_limit()
    {
        const string module = """
            package t
            p := count(numbers.range(1, 1e12))
            """;
        var e = Assert.Throws<RegoEvalException>(() => Run(module, "data.t.p"));
        Assert.Equal(RegoErrorCodes.EvalLimitError, e.Code);
        Assert.Contains("numbers.range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinite_recursion_is_a_compile_error_naming_the_cycle()
    {
        const string module = """
            package t
            f(x) := f(x + 1)
            p := f(1)
            """;
        var e = Assert.Throws<RegoCompileException>(() => new RegoCompiler().AddModule("t.rego", module).Compile());
        var error = Assert.Single(e.Errors);
        Assert.Equal(RegoErrorCodes.RecursionError, error.Code);
        Assert.Equal("t.rego:2:1: rego_recursion_error: rule data.t.f is recursive: data.t.f -> data.t.f", error.ToString());
    }

    [Fact]
    public void Deadline_stops_a_long_evaluation_with_eval_cancel_error()
    {
        const string module = """
            package t
            p := count([1 | some a in numbers.range(1, 3000); some b in numbers.range(1, 3000); a == b + 5000])
            """;
        var options = new EvalOptions { Limits = new EvalLimits { Timeout = TimeSpan.FromMilliseconds(50) } };
        var e = Assert.Throws<RegoEvalException>(() => Run(module, "data.t.p", options: options));
        Assert.Equal(RegoErrorCodes.EvalCancelError, e.Code);
    }

    [Fact]
    public void Parse_errors_carry_file_line_and_column_one_per_problem()
    {
        const string module = "package t\n\np := [1, 2\nq := 3 +\n";
        var e = Assert.Throws<RegoCompileException>(() => new RegoCompiler().AddModule("bad.rego", module).Compile());
        Assert.All(e.Errors, err => Assert.Equal(RegoErrorCodes.ParseError, err.Code));
        Assert.StartsWith("bad.rego:4:", e.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsafe_variables_and_unknown_functions_are_reported()
    {
        const string module = """
            package t
            p if { x > 1 }
            q := nosuch(1)
            """;
        var e = Assert.Throws<RegoCompileException>(() => new RegoCompiler().AddModule("t.rego", module).Compile());
        Assert.Contains(e.Errors, err => err.Code == RegoErrorCodes.TypeError && err.Message == "undefined function nosuch");
    }

    [Fact]
    public void Unsafe_variable_is_reported_at_its_position()
    {
        var e = Assert.Throws<RegoCompileException>(() => new RegoCompiler().AddModule("t.rego", "package t\np if { x > 1 }").Compile());
        var err = Assert.Single(e.Errors);
        Assert.Equal("t.rego:2:8: rego_unsafe_var_error: var x is unsafe", err.ToString());
    }
}
