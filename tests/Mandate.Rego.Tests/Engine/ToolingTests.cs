using Mandate.Rego.Compile;
using Mandate.Rego.Tooling;

namespace Mandate.Rego.Tests.Engine;

public sealed class ToolingTests
{
    [Fact]
    public void Test_runner_reports_pass_fail_and_error_per_test_rule()
    {
        const string module = """
            package t_test
            allow if input.ok
            test_allows if allow with input as {"ok": true}
            test_denies if allow with input as {"ok": false}
            test_errors if 1 / 0 == 1 with input as {}
            todo_test_later if false
            """;
        var policy = new RegoCompiler().AddModule("t_test.rego", module).Compile();
        var results = RegoTestRunner.Run(policy, new Mandate.Rego.Eval.EvalOptions { StrictBuiltinErrors = true });
        Assert.Equal(TestOutcome.Pass, results.Single(r => r.Name == "test_allows").Outcome);
        Assert.Equal(TestOutcome.Fail, results.Single(r => r.Name == "test_denies").Outcome);
        Assert.Equal(TestOutcome.Error, results.Single(r => r.Name == "test_errors").Outcome);
        Assert.Equal(TestOutcome.Skip, results.Single(r => r.Name == "todo_test_later").Outcome);
        Assert.Contains("PASS: 1/3", RegoOutput.TestSummary(results), StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_output_is_shaped_like_opa_eval()
    {
        var policy = new RegoCompiler().AddModule("t.rego", "package t\np := {1, 2}").Compile();
        var query = policy.Prepare("data.t.p", captureExpressions: true);
        var json = RegoOutput.EvalResultJson(query, query.Evaluate());
        Assert.Equal("""{"result":[{"expressions":[{"value":[1,2],"text":"data.t.p","location":{"row":1,"col":1}}]}]}""", json);

        var withVar = policy.Prepare("x := count(data.t.p)", captureExpressions: true);
        Assert.Equal("""{"result":[{"expressions":[{"value":true,"text":"x := count(data.t.p)","location":{"row":1,"col":1}}],"bindings":{"x":2}}]}""",
            RegoOutput.EvalResultJson(withVar, withVar.Evaluate()));
    }

    [Fact]
    public void Error_lines_have_file_line_column_code_and_message()
    {
        Assert.False(new RegoCompiler().AddModule("a.rego", "package a\np := q").TryCompile(out _, out var errors));
        Assert.Equal(["a.rego:2:6: rego_unsafe_var_error: var q is unsafe"], RegoOutput.ErrorLines(errors));
    }
}
