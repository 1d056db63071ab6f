using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// OPA's strict-mode compile checks (<c>opa check --strict</c>) and the ones OPA applies to every Rego v1
/// module. Messages and codes are OPA's; each error is <c>file:line:col: code: message</c>.
/// </summary>
public sealed class StrictModeTests
{
    private static List<string> Errors(string source, bool strict, RegoVersion version = RegoVersion.V1)
    {
        var compiler = new RegoCompiler(new CompilerOptions { Strict = strict }).AddModule("p.rego", source, version);
        compiler.TryCompile(out _, out var errors);
        return errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void Assigning_input_is_found_in_every_expression_including_a_comprehension_in_a_comprehension_head()
    {
        // OPA walks every expression of the module; the shared walk visits comprehension heads too.
        Assert.Equal(
            ["p.rego:3:12: rego_compile_error: variables must not shadow input (use a different variable name)"],
            Errors("package play\n\nx := [[1 | input := 2] | true]\n", strict: false));
    }

    [Fact]
    public void Unused_imports_are_errors_only_in_strict_mode()
    {
        const string src = "package play\n\nimport input.foo\nimport data.bar as baz\nimport data.used\nimport rego.v1\n\nx := used.y\n";
        Assert.Empty(Errors(src, strict: false));
        Assert.Equal(
            [
                "p.rego:3:1: rego_compile_error: import input.foo unused",
                "p.rego:4:1: rego_compile_error: import data.bar as baz unused",
            ],
            Errors(src, strict: true));
    }

    [Fact]
    public void An_unused_import_is_printed_as_opa_prints_it()
    {
        Assert.Equal(
            ["p.rego:3:1: rego_compile_error: import data.a[\"b-c\"].d unused"],
            Errors("package play\n\nimport data.a[\"b-c\"].d\n\nx := 1\n", strict: true));
    }

    [Fact]
    public void An_import_shadowed_by_a_local_variable_is_unused()
    {
        const string src = "package play\n\nimport data.lib\n\nf(lib) := lib + 1\n\np if {\n\tsome lib in [1]\n\tlib > 0\n}\n\nq := lib.v\n";
        Assert.Empty(Errors(src, strict: true));
        Assert.Single(Errors(src.Replace("q := lib.v\n", string.Empty, StringComparison.Ordinal), strict: true));
    }

    [Fact]
    public void Duplicate_imports_fail_in_v1_and_in_strict_v0()
    {
        const string src = "package play\n\nimport input.foo\nimport data.foo\n\nx := 1 if { foo }\n";
        const string want = "p.rego:4:1: rego_compile_error: import must not shadow import input.foo";
        Assert.Equal([want], Errors(src, strict: false));
        var v0 = "package play\n\nimport input.foo\nimport data.foo\n\nx = 1 { foo }\n";
        Assert.Empty(Errors(v0, strict: false, RegoVersion.V0));
        Assert.Equal([want], Errors(v0, strict: true, RegoVersion.V0));
    }

    [Fact]
    public void Input_and_data_cannot_be_rule_or_variable_names()
    {
        Assert.Equal(["p.rego:3:1: rego_compile_error: rules must not shadow input (use a different rule name)"], Errors("package play\n\ninput := 1\n", strict: false));
        Assert.Equal(["p.rego:3:1: rego_compile_error: rules must not shadow data (use a different rule name)"], Errors("package play\n\ndata := 1\n", strict: false));
        Assert.Equal(
            ["p.rego:4:2: rego_compile_error: variables must not shadow input (use a different variable name)"],
            Errors("package play\n\np if {\n\tinput := 1\n\tinput == 1\n}\n", strict: false));
        Assert.Equal(
            ["p.rego:3:1: rego_compile_error: args must not shadow input (use a different variable name)"],
            Errors("package play\n\nf(input) := 1\n", strict: false));
    }

    [Fact]
    public void Unused_assignments_are_errors_in_strict_mode_at_the_assignment()
    {
        const string src = "package play\n\np if {\n\tx := 1\n\ty := 2\n\ty > 1\n}\n";
        Assert.Empty(Errors(src, strict: false));
        Assert.Equal(["p.rego:4:2: rego_compile_error: assigned var x unused"], Errors(src, strict: true));
    }

    [Fact]
    public void A_use_in_the_head_or_a_nested_closure_counts()
    {
        const string src = "package play\n\np := x if {\n\tx := 1\n}\n\nq contains y if {\n\ty := 1\n}\n\nr if {\n\tz := 2\n\tcount([a | some a in [1]; a > z]) > 0\n}\n";
        Assert.Empty(Errors(src, strict: true));
    }

    [Fact]
    public void Unused_assignment_inside_a_comprehension_is_reported_there()
    {
        const string src = "package play\n\np := [1 | x := 1]\n";
        Assert.Equal(["p.rego:3:11: rego_compile_error: assigned var x unused"], Errors(src, strict: true));
    }

    [Fact]
    public void Unused_function_arguments_are_errors_in_strict_mode()
    {
        const string src = "package play\n\nf(x, y, _) := 1 if { y > 0 }\n\ng(a) := a\n";
        Assert.Empty(Errors(src, strict: false));
        Assert.Equal(["p.rego:3:1: rego_compile_error: unused argument x. (hint: use _ (wildcard variable) instead)"], Errors(src, strict: true));
    }

    [Fact]
    public void An_argument_used_in_any_branch_of_an_else_chain_is_used()
    {
        const string src = "package play\n\nf(x) := 1 if { x > 0 } else := 2\n";
        Assert.Empty(Errors(src, strict: true));
    }

    [Fact]
    public void Unused_some_and_every_variables_are_errors_always()
    {
        Assert.Equal(["p.rego:4:2: rego_compile_error: declared var x unused"], Errors("package play\n\np if {\n\tsome x\n\tinput.y\n}\n", strict: false));
        Assert.Equal(["p.rego:5:3: rego_compile_error: declared var x unused"], Errors("package play\n\np if {\n\tevery x in [1] {\n\t\tinput.y\n\t}\n}\n", strict: false));
        Assert.Empty(Errors("package play\n\np if {\n\tsome x in [1]\n}\n", strict: true));
    }

    [Fact]
    public void Redeclaring_a_variable_in_the_same_body_is_an_error()
    {
        Assert.Equal(["p.rego:5:2: rego_compile_error: var x assigned above"], Errors("package play\n\np if {\n\tx := 1\n\tx := 2\n\tx > 0\n}\n", strict: false));
        Assert.Equal(["p.rego:5:2: rego_compile_error: var x referenced above"], Errors("package play\n\np if {\n\tinput.a[x]\n\tsome x\n\tx > 0\n}\n", strict: false));
        // `:=` declares, so a use before it is a different variable and OPA rejects the body.
        Assert.Equal(["p.rego:5:2: rego_compile_error: var y referenced above"], Errors("package play\n\np if {\n\ty > 1\n\ty := input.y\n}\n", strict: false));
        Assert.Equal(["p.rego:4:2: rego_compile_error: arg x redeclared"], Errors("package play\n\nf(x) := y if {\n\tx := 1\n\ty := 2\n}\n", strict: false));
        // A comprehension is a scope of its own.
        Assert.Empty(Errors("package play\n\np := [x | x := 1] if {\n\tx := 2\n\tx > 1\n}\n", strict: true));
    }

    [Fact]
    public void Deprecated_builtins_are_type_errors_in_v1_and_strict_v0()
    {
        Assert.Equal(["p.rego:3:6: rego_type_error: deprecated built-in function calls in expression: any"], Errors("package play\n\nx := any([true, false])\n", strict: false));
        const string v0 = "package play\n\np { re_match(\"a\", \"a\") }\n";
        Assert.Empty(Errors(v0, strict: false, RegoVersion.V0));
        Assert.Equal(["p.rego:3:5: rego_type_error: deprecated built-in function calls in expression: re_match"], Errors(v0, strict: true, RegoVersion.V0));
    }

    [Fact]
    public void A_clean_policy_passes_strict_mode()
    {
        const string src = "package play\n\nimport data.lib\n\ndefault allow := false\n\nallow if {\n\tsome r in input.resources\n\tr.type == lib.kind\n\tname := r.name\n\tstartswith(name, \"x\")\n}\n";
        Assert.Empty(Errors(src, strict: true));
    }
    [Fact]
    public void Constant_arguments_of_the_wrong_type_are_type_errors_in_opas_words()
    {
        Assert.Equal(
            ["p.rego:3:6: rego_type_error: count: invalid argument(s)\n\thave: (number, ???)\n\twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)"],
            Errors("package play\n\nx := count(1)\n", strict: false));
        Assert.Equal(
            ["p.rego:4:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)"],
            Errors("package play\n\np if {\n\tupper(1)\n}\n", strict: false));
        Assert.Equal(
            ["p.rego:3:6: rego_type_error: concat: invalid argument(s)\n\thave: (string, boolean, ???)\n\twant: (delimiter: string, collection: any<array[string], set[string]>, output: string)"],
            Errors("package play\n\nx := concat(\",\", true)\n", strict: false));
    }

    [Fact]
    public void Type_errors_come_before_deprecated_builtins_as_in_opas_stage_order()
    {
        var errors = Errors("package play\n\nx := any([true])\n\ny := upper(1)\n", strict: false);
        Assert.StartsWith("p.rego:5:6: rego_type_error: upper: invalid argument(s)", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_of_unknown_or_fitting_types_raise_nothing()
    {
        Assert.Empty(Errors("package play\n\nx := count(input.n)\ny := upper(\"a\")\nz := count([1])\n", strict: false));
    }
}
