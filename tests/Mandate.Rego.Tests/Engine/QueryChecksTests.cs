using Mandate.Rego.Compile;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// Queries given to <see cref="CompiledPolicy.Prepare"/> get the checks of OPA's query compiler: type
/// errors against the compiled rules' types, local-variable errors, and in strict mode keyword overrides,
/// unused <c>:=</c> variables inside the query's closures and deprecated builtins. Messages are OPA's.
/// </summary>
public sealed class QueryChecksTests
{
    private const string Module = "package x\n\ny := 1\n\nf(s) := upper(s)\n\ns contains \"a\"\n";

    private static List<string> QueryErrors(string query, bool strict = false)
    {
        var policy = new RegoCompiler(new CompilerOptions { Strict = strict }).AddModule("p.rego", Module).Compile();
        policy.TryPrepare(query, out var prepared, out var errors);
        Assert.Equal(errors.Count == 0, prepared is not null);
        return errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void A_builtin_call_with_a_wrongly_typed_argument_is_a_type_error_at_the_query_position()
    {
        Assert.Equal(
            ["query:1:1: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)"],
            QueryErrors("upper(1)"));
        Assert.Equal(
            ["query:1:16: rego_type_error: upper: invalid argument(s)\n\thave: (number, ???)\n\twant: (x: string, y: string)"],
            QueryErrors("x := [y | y := upper(1)]"));
    }

    [Fact]
    public void Query_types_come_from_the_compiled_rules()
    {
        Assert.Equal(
            ["query:1:1: rego_type_error: undefined ref: data.x.y.z\n\tdata.x.y.z\n\t^^^^^^^^\n\thave: number"],
            QueryErrors("data.x.y.z"));
        Assert.Equal(
            ["query:1:6: rego_type_error: data.x.f: invalid argument(s)\n\thave: (number, ???)\n\twant: (string, string)"],
            QueryErrors("x := data.x.f(1)"));
        Assert.Equal(
            ["query:1:1: rego_type_error: match error\n\tleft  : string\n\tright : number"],
            QueryErrors("data.x.s[_] == 1"));
    }

    [Fact]
    public void Well_typed_queries_still_prepare_and_evaluate()
    {
        var policy = new RegoCompiler(new CompilerOptions { Strict = true }).AddModule("p.rego", Module).Compile();
        var result = policy.Prepare("x := data.x.f(\"a\"); y := data.x.y").Evaluate();
        Assert.Equal(RegoJson.Parse("\"A\""), result["x"]);
        Assert.Equal(RegoJson.Parse("1"), result["y"]);
    }

    [Fact]
    public void Local_variable_errors_apply_to_queries_always()
    {
        Assert.Equal(["query:1:1: rego_compile_error: declared var z unused"], QueryErrors("some z; x := 1"));
        Assert.Equal(["query:1:9: rego_compile_error: var x assigned above"], QueryErrors("x := 1; x := 2"));
        Assert.Equal(["query:1:1: rego_compile_error: cannot assign vars inside negated expression"], QueryErrors("not x := 1"));
    }

    [Fact]
    public void Strict_mode_checks_keyword_overrides_unused_closure_assignments_and_deprecated_builtins()
    {
        Assert.Empty(QueryErrors("input := 1"));
        Assert.Equal(["query:1:1: rego_compile_error: variables must not shadow input (use a different variable name)"], QueryErrors("input := 1", strict: true));

        // A top-level variable is the query's output, so only one inside a closure is unused.
        Assert.Empty(QueryErrors("x := [1 | y := 2]"));
        Assert.Empty(QueryErrors("x := 1", strict: true));
        Assert.Equal(["query:1:11: rego_compile_error: assigned var y unused"], QueryErrors("x := [1 | y := 2]", strict: true));

        Assert.Empty(QueryErrors("x := any([true])"));
        Assert.Equal(["query:1:6: rego_type_error: deprecated built-in function calls in expression: any"], QueryErrors("x := any([true])", strict: true));
    }
}
