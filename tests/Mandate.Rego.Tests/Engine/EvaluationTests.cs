using Mandate.Rego.Compile;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

public sealed class EvaluationTests
{
    [Fact]
    public void Body_expressions_are_reordered_so_variables_are_bound_first()
    {
        const string module = """
            package t
            p contains y if {
                y > 1
                y = data.xs[_] + 0
            }
            """;
        var policy = new RegoCompiler().AddModule("t.rego", module).Compile(Json("""{"xs":[1,2,3]}"""));
        Assert.Equal(Json("[2,3]"), RegoJson.RoundTrip(policy.Prepare("x := data.t.p").Evaluate()["x"]!));
    }

    [Fact]
    public void Undefined_differs_from_false_and_default_applies()
    {
        const string module = """
            package t
            default allow := false
            allow if input.user == "admin"
            deny if input.user == "mallory"
            """;
        Assert.Equal(RegoBoolean.False, Run(module, "data.t.allow", """{"user":"bob"}"""));
        Assert.Equal(RegoBoolean.True, Run(module, "data.t.allow", """{"user":"admin"}"""));
        Assert.Null(Run(module, "data.t.deny", """{"user":"bob"}"""));
    }

    [Fact]
    public void Complete_rule_conflict_is_an_eval_conflict_error()
    {
        const string module = """
            package t
            p := x if { some x in [1, 2] }
            """;
        var e = Assert.Throws<RegoEvalException>(() => Run(module, "data.t.p"));
        Assert.Equal(RegoErrorCodes.EvalConflictError, e.Code);
        Assert.Contains("complete rules must not produce multiple outputs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_head_rules_build_nested_objects_and_sets()
    {
        const string module = """
            package t
            users := [{"name": "a", "team": "x"}, {"name": "b", "team": "x"}, {"name": "c", "team": "y"}]
            teams[u.team].members contains u.name if { some u in users }
            """;
        Assert.Equal(Json("""{"x":{"members":["a","b"]},"y":{"members":["c"]}}"""), RegoJson.RoundTrip(Run(module, "data.t.teams")!));
    }

    [Fact]
    public void Functions_else_chains_and_every()
    {
        const string module = """
            package t
            size(n) := "small" if n < 10
            else := "large"
            all_positive(xs) if { every x in xs { x > 0 } }
            """;
        Assert.Equal(RegoString.From("small"), Run(module, "data.t.size(3)"));
        Assert.Equal(RegoString.From("large"), Run(module, "data.t.size(30)"));
        Assert.Equal(RegoBoolean.True, Run(module, "data.t.all_positive([1, 2])"));
        Assert.Null(Run(module, "data.t.all_positive([1, -2])"));
    }

    [Fact]
    public void With_replaces_input_and_mocks_functions_for_one_expression_only()
    {
        const string module = """
            package t
            double(x) := x * 2
            q := double(input.n)
            p := [a, b] if {
                a := q with input.n as 5 with double as triple
                b := q
            }
            triple(x) := x * 3
            """;
        Assert.Equal(Json("[15,2]"), Run(module, "data.t.p", """{"n":1}"""));
    }

    [Fact]
    public void Comprehensions_and_membership()
    {
        const string module = """
            package t
            evens := {x | some x in numbers; x % 2 == 0}
            numbers := [1, 2, 3, 4]
            index := {name: i | some i, name in ["a", "b"]}
            has_two if 2 in numbers
            """;
        Assert.Equal("{2, 4}", Run(module, "data.t.evens")!.ToString());
        Assert.Equal(Json("""{"a":0,"b":1}"""), Run(module, "data.t.index"));
        Assert.Equal(RegoBoolean.True, Run(module, "data.t.has_two"));
    }

    [Fact]
    public void Strict_builtin_errors_fail_the_query_otherwise_the_expression_is_undefined()
    {
        const string module = """
            package t
            p := 1 / input.d
            """;
        Assert.Null(Run(module, "data.t.p", """{"d":0}"""));
        var e = Assert.Throws<RegoEvalException>(() => Run(module, "data.t.p", """{"d":0}""", new Mandate.Rego.Eval.EvalOptions { StrictBuiltinErrors = true }));
        Assert.Equal(RegoErrorCodes.EvalBuiltinError, e.Code);
        Assert.Equal("test.rego:2: eval_builtin_error: div: divide by zero", e.Error.ToString());
    }

    [Fact]
    public void Prepared_queries_evaluate_concurrently_with_different_inputs()
    {
        var policy = new RegoCompiler().AddModule("t.rego", "package t\nsq := input.n * input.n").Compile();
        var query = policy.Prepare("x := data.t.sq");
        Parallel.For(0, 200, i =>
        {
            var r = query.Evaluate(Json($$"""{"n":{{i}}}"""))["x"];
            Assert.Equal(RegoNumber.From(i * i), r);
        });
    }
}
