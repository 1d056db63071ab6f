using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// <see cref="PreparedQuery.EvaluateFirst"/>: the value of one variable in the first solution, read without result rows
/// (Mandate's policy decisions). It must agree with <see cref="PreparedQuery.Evaluate"/> on every shape of query, leave
/// nothing behind in the pooled evaluator, and refuse a name the query does not bind.
/// </summary>
public sealed class EvaluateFirstTests
{
    private const string Policy = """
        package spacelift

        import rego.v1

        deny contains "untagged" if not input.tags.Environment

        allow contains sprintf("Environment=%s", [input.tags.Environment]) if input.tags.Environment

        sample := true

        names contains name if some name in input.names
        """;

    private static readonly CompiledPolicy Compiled = new RegoCompiler().AddModule("p.rego", Policy).Compile();

    [Theory]
    [InlineData("x := data.spacelift.deny", """{"tags": {}}""")]
    [InlineData("x := data.spacelift.allow", """{"tags": {"Environment": "prod"}}""")]
    [InlineData("data.spacelift.allow = x", """{"tags": {"Environment": "prod"}}""")]
    [InlineData("x := data.spacelift.sample", "{}")]
    // Several solutions (a branching body): the first, as Evaluate orders them.
    [InlineData("some x in input.names", """{"names": ["b", "a", "c"]}""")]
    [InlineData("x := data.spacelift.names[_]", """{"names": ["b", "a"]}""")]
    public void The_value_is_the_first_rows_value(string query, string input)
    {
        var prepared = Compiled.Prepare(query);

        var first = prepared.EvaluateFirst("x", Json(input));

        var rows = prepared.Evaluate(Json(input)).Rows;
        Assert.NotNull(first);
        Assert.Equal(rows[0]["x"], first);
    }

    [Fact]
    public void An_undefined_query_answers_null_and_an_empty_partial_set_is_the_empty_set()
    {
        Assert.Equal(RegoSet.Empty, Compiled.Prepare("x := data.spacelift.allow").EvaluateFirst("x", Json("""{"tags": {}}""")));
        Assert.Null(Compiled.Prepare("x := input.missing").EvaluateFirst("x", Json("{}")));
        Assert.Null(Compiled.Prepare("some x in input.names; x == \"z\"").EvaluateFirst("x", Json("""{"names": ["a"]}""")));
    }

    [Fact]
    public void A_variable_the_query_does_not_bind_is_refused_with_the_ones_it_does()
    {
        var error = Assert.Throws<ArgumentException>(() => Compiled.Prepare("x := data.spacelift.deny").EvaluateFirst("y", Json("{}")));

        Assert.Contains("no variable 'y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pooled_frames_carry_nothing_from_one_evaluation_to_the_next()
    {
        var allow = Compiled.Prepare("x := data.spacelift.allow");
        var tagged = allow.EvaluateFirst("x", Json("""{"tags": {"Environment": "prod"}}"""));
        var untagged = allow.EvaluateFirst("x", Json("""{"tags": {}}"""));
        var again = allow.EvaluateFirst("x", Json("""{"tags": {"Environment": "dev"}}"""));

        Assert.Equal(RegoSet.From(RegoString.From("Environment=prod")), tagged);
        Assert.Equal(RegoSet.Empty, untagged);
        Assert.Equal(RegoSet.From(RegoString.From("Environment=dev")), again);
    }

    [Fact]
    public void Evaluation_errors_surface_as_they_do_from_Evaluate()
    {
        var policy = new RegoCompiler().AddModule("c.rego", "package c\n\nimport rego.v1\n\np := 1 if input.a\n\np := 2 if input.a\n").Compile();

        var error = Assert.Throws<RegoEvalException>(() => policy.Prepare("x := data.c.p").EvaluateFirst("x", Json("""{"a": true}""")));

        Assert.Equal(RegoErrorCodes.EvalConflictError, error.Error.Code);
    }
}
