using Mandate.Rego.Eval;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// <c>sprintf(format, [items…])</c> with the array written in place runs without building the array (the evaluator hands
/// the items to the fast formatter). Every case the fast formatter leaves to Go's rules, every undefined or branching
/// operand, a mock and the output limit must behave exactly as the general path does.
/// </summary>
public sealed class SprintfLiteralTests
{
    private const string Module = """
        package t

        import rego.v1

        message := sprintf("bucket %s in %s", [input.name, input.env])

        padded := sprintf("[%5s]", [input.name])

        of_each contains sprintf("item %v", [x]) if some x in input.items

        missing := sprintf("%s", [input.nothing])

        bad_format := sprintf(input.number, [input.name])

        mocked := m if {
          m := sprintf("%s", [input.name]) with sprintf as fake
        }

        fake(_, _) := "mocked"
        """;

    private const string Input = """{"name": "logs", "env": "prod", "items": [1, "b"], "number": 3}""";

    [Theory]
    [InlineData("data.t.message", "\"bucket logs in prod\"")]
    [InlineData("data.t.padded", "\"[ logs]\"")] // width: the fast formatter steps aside, Go's rules apply
    [InlineData("data.t.of_each", "[\"item 1\", \"item b\"]")] // an operand bound by iteration
    [InlineData("data.t.mocked", "\"mocked\"")] // `with sprintf as …` still replaces it
    public void Gives_what_the_general_path_gives(string query, string expected)
    {
        var got = Run(Module, query, Input)!;

        Assert.Equal(RegoJson.Serialize(Json(expected)), RegoJson.Serialize(got is RegoSet set ? RegoArray.From(set.Items.ToArray()) : got));
    }

    [Fact]
    public void An_undefined_operand_makes_the_call_undefined() => Assert.Null(Run(Module, "data.t.missing", Input));

    [Fact]
    public void A_format_that_is_not_a_string_is_the_general_paths_type_error()
    {
        Assert.Null(Run(Module, "data.t.bad_format", Input));
        var strict = Assert.Throws<RegoEvalException>(() => Run(Module, "data.t.bad_format", Input, EvalOptions.Default with { StrictBuiltinErrors = true }));
        Assert.Equal(RegoErrorCodes.EvalTypeError, strict.Error.Code);
        Assert.Contains("sprintf", strict.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_output_limit_stops_it_naming_sprintf()
    {
        var limited = EvalOptions.Default with { Limits = new EvalLimits { MaxBuiltinOutputSize = 10 } };

        var error = Assert.Throws<RegoEvalException>(() => Run(Module, "data.t.message", Input, limited));

        Assert.Contains("sprintf", error.Error.Message, StringComparison.Ordinal);
    }
}
