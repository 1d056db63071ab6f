using Mandate.Rego.Compile;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// OPA's compile-time type checker (its CheckTypes stage): argument errors of builtin and function calls
/// whose argument types are inferred, match errors of unifications, and undefined refs into the rule tree.
/// Messages, detail lines and positions follow OPA's (v1/ast/check.go and the cases of its
/// check_test.go: TestCheckRefErrUnsupported, TestCheckRefErrInvalid, TestCheckValidErrors,
/// TestCheckErrorDetails, TestFunctionsTypeInference, TestCheckInferenceRules).
/// </summary>
public sealed class TypeCheckTests
{
    private static List<string> Errors(string source)
    {
        var compiler = new RegoCompiler().AddModule("p.rego", source);
        compiler.TryCompile(out _, out var errors);
        return errors.Select(e => e.ToString()).ToList();
    }

    private static string Only(string source) => Assert.Single(Errors(source));

    [Fact]
    public void A_local_variable_carries_its_type_into_a_builtin_call()
    {
        Assert.Equal(
            "p.rego:5:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\np if {\n\tx := 1\n\tupper(x)\n}\n"));
    }

    [Fact]
    public void A_nested_call_is_checked_first_and_its_unknown_output_prints_as_question_marks()
    {
        // count(x) is fine and gives a number; upper's own output is a fresh variable with no type yet.
        Assert.Equal(
            "p.rego:5:7: rego_type_error: upper: invalid argument(s)\n\thave: (number, ???)\n\twant: (x: string, y: string)",
            Only("package play\n\np if {\n\tx := \"abc\"\n\ty := upper(count(x))\n\ty == \"3\"\n}\n"));
    }

    [Fact]
    public void Composite_arguments_print_their_element_types()
    {
        Assert.Equal(
            "p.rego:5:2: rego_type_error: concat: invalid argument(s)\n\thave: (string, array<number, number>)\n\twant: (delimiter: string, collection: any<array[string], set[string]>, output: string)",
            Only("package play\n\np if {\n\txs := [1, 2]\n\tconcat(\",\", xs)\n}\n"));
    }

    [Fact]
    public void A_rule_value_has_the_type_of_its_definition()
    {
        Assert.Equal(
            "p.rego:6:2: rego_type_error: startswith: invalid argument(s)\n\thave: (number, string)\n\twant: (search: string, base: string, result: boolean)",
            Only("package play\n\nn := 5\n\np if {\n\tstartswith(n, \"a\")\n}\n"));

        // A default and a conditional definition of the same type keep that type.
        Assert.Equal(
            "p.rego:7:6: rego_type_error: upper: invalid argument(s)\n\thave: (number, ???)\n\twant: (x: string, y: string)",
            Only("package play\n\ndefault n := 1\n\nn := 2 if input.a\n\ns := upper(n)\n"));
    }

    [Fact]
    public void References_in_the_domain_of_every_are_checked_but_not_its_body()
    {
        Assert.Equal(
            "p.rego:6:13: rego_type_error: undefined ref: data.play.n.items\n\tdata.play.n.items\n\t^^^^^^^^^^^\n\thave: number",
            Only("package play\n\nn := 5\n\np if {\n\tevery x in n.items {\n\t\tx > 0\n\t}\n}\n"));
        Assert.Empty(Errors("package play\n\np if {\n\tevery x in [1, 2] {\n\t\tupper(x)\n\t}\n}\n"));
    }

    [Fact]
    public void A_function_result_and_arguments_are_inferred_from_its_body()
    {
        // f(x) := x + 1 makes x a number and the result a number.
        Assert.Equal(
            "p.rego:6:2: rego_type_error: lower: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\nf(x) := x + 1\n\np if {\n\tlower(f(1))\n}\n"));
        Assert.Equal(
            "p.rego:6:2: rego_type_error: data.play.f: invalid argument(s)\n\thave: (number)\n\twant: (string, string)",
            Only("package play\n\nf(x) := upper(x)\n\np if {\n\tf(1)\n}\n"));
    }

    [Fact]
    public void Partial_set_and_object_rules_have_collection_types()
    {
        Assert.Equal(
            "p.rego:6:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\ns contains x if some x in [1, 2]\n\np if {\n\tupper(s[_])\n}\n"));
        Assert.Equal(
            "p.rego:6:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\no[k] := v if some k, v in {\"a\": 1}\n\np if {\n\tupper(o.a)\n}\n"));
    }

    [Fact]
    public void Some_in_gives_the_element_type_of_the_collection()
    {
        Assert.Equal(
            "p.rego:6:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\np if {\n\txs := [1, 2]\n\tsome x in xs\n\tupper(x)\n}\n"));
    }

    [Fact]
    public void Unifying_or_comparing_incompatible_types_is_a_match_error()
    {
        // A whole-expression `==` is unification for OPA's checker.
        Assert.Equal(
            "p.rego:5:2: rego_type_error: match error\n\tleft  : number\n\tright : string",
            Only("package play\n\np if {\n\tx := 1\n\tx == \"a\"\n}\n"));
        Assert.Equal(
            "p.rego:5:2: rego_type_error: match error\n\tleft  : object<a: number>\n\tright : array<number>",
            Only("package play\n\np if {\n\tx := {\"a\": 1}\n\tx = [1]\n}\n"));
    }

    [Fact]
    public void Indexing_a_rule_whose_value_is_a_scalar_is_an_undefined_ref()
    {
        Assert.Equal(
            "p.rego:6:2: rego_type_error: undefined ref: data.play.n.foo\n\tdata.play.n.foo\n\t^^^^^^^^^^^\n\thave: number",
            Only("package play\n\nn := 5\n\np if {\n\tn.foo == 1\n}\n"));
    }

    [Fact]
    public void A_key_an_object_rule_cannot_have_is_an_undefined_ref_listing_the_keys_it_has()
    {
        Assert.Equal(
            "p.rego:6:2: rego_type_error: undefined ref: data.play.x[1]\n\tdata.play.x[1]\n\t            ^\n\t            have: 1\n\t            want (one of): [\"a\"]",
            Only("package play\n\nx := {\"a\": 1}\n\nz if {\n\tx[1] == 1\n}\n"));
    }

    [Fact]
    public void A_key_variable_of_the_wrong_type_is_an_undefined_ref_with_its_type()
    {
        // OPA's TestCheckRefErrInvalid "bad leaf var".
        Assert.Equal(
            "p.rego:7:2: rego_type_error: undefined ref: data.play.q[x]\n\tdata.play.q[x]\n\t            ^\n\t            have (type): number\n\t            want (one of): [\"bar\" \"foo\"]",
            Only("package play\n\nq := {\"foo\": 1, \"bar\": 2}\n\np if {\n\tx := 1\n\tq[x]\n}\n"));
    }

    [Fact]
    public void A_step_into_a_local_scalar_is_an_undefined_ref()
    {
        // OPA's TestCheckRefErrUnsupported: arr[1][0] is a number.
        Assert.Equal(
            "p.rego:5:2: rego_type_error: undefined ref: arr[1][0].deadbeef\n\tarr[1][0].deadbeef\n\t^^^^^^^^^\n\thave: number",
            Only("package play\n\np if {\n\tarr := [[1, 2], [3, 4]]\n\tarr[1][0].deadbeef\n}\n"));
    }

    [Fact]
    public void Rules_of_other_packages_are_typed_before_their_users()
    {
        var compiler = new RegoCompiler()
            .AddModule("lib.rego", "package lib\n\nlimit := 3\n\nname(x) := concat(\"-\", [x, \"v\"])\n")
            .AddModule("p.rego", "package play\n\nimport data.lib\n\np if {\n\tupper(lib.limit)\n\tlib.name(\"a\") == \"a-v\"\n}\n");
        compiler.TryCompile(out _, out var errors);
        Assert.Equal(
            "p.rego:6:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_package_chosen_by_a_reference_or_variable_is_not_an_error()
    {
        // OPA binds a reference in a ref step to a generated variable first, so it is checked as one.
        var compiler = new RegoCompiler()
            .AddModule("lib.rego", "package lib\n\nallow if input.x\n")
            .AddModule("p.rego", "package play\n\np if {\n\tdata.lib[input.rule] == true\n\tname := \"allow\"\n\tdata.lib[name]\n}\n");
        compiler.TryCompile(out _, out var errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_rule_with_errors_is_typed_any_so_rules_using_it_report_nothing_more()
    {
        // OPA's TestCheckValidErrors: two errors, none for the callers of the erroneous function and rule.
        var errors = Errors("package play\n\nb if {\n\ta(1)\n}\n\na(x) if {\n\tmax(\"foo\")\n}\n\nm if {\n\t1 / \"foo\"\n}\n\nn if {\n\tm\n}\n");
        Assert.Equal(
            [
                "p.rego:8:2: rego_type_error: max: invalid argument(s)\n\thave: (string)\n\twant: (collection: any<array[any], set[any]>, n: any)",
                "p.rego:12:2: rego_type_error: div: invalid argument(s)\n\thave: (number, string)\n\twant: (x: number, y: number, z: number)",
            ],
            errors);
    }

    [Fact]
    public void Comprehension_bodies_are_checked_in_their_own_scope()
    {
        Assert.Equal(
            "p.rego:4:21: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
            Only("package play\n\np if {\n\txs := [y | y := 1; upper(y)]\n\tcount(xs) > 0\n}\n"));
    }

    [Fact]
    public void Replacing_a_function_with_one_of_another_arity_is_an_arity_mismatch()
    {
        Assert.Equal(
            "p.rego:6:13: rego_type_error: upper: arity mismatch\n\thave: (string, string)\n\twant: (x: string)",
            Only("package play\n\nf(x, y) := concat(\"\", [x, y])\n\np if {\n\tupper(\"a\") with upper as f\n}\n"));
        Assert.Empty(Errors("package play\n\nmock(_) := \"A\"\n\np if {\n\tupper(\"a\") == \"A\" with upper as mock\n}\n"));
    }

    [Fact]
    public void Each_problem_is_one_error_in_source_order()
    {
        var errors = Errors("package play\n\nq if {\n\tx := true\n\tlower(x)\n}\n\np if {\n\tupper(1)\n\tx := 1\n\tx == \"s\"\n}\n");
        Assert.Equal(
            [
                "p.rego:5:2: rego_type_error: lower: invalid argument(s)\n\thave: (boolean)\n\twant: (x: string, y: string)",
                "p.rego:9:2: rego_type_error: upper: invalid argument(s)\n\thave: (number)\n\twant: (x: string, y: string)",
                "p.rego:11:2: rego_type_error: match error\n\tleft  : number\n\tright : string",
            ],
            errors);
    }

    [Theory]
    [InlineData("x := input.foo\n\np if upper(x)\n")]
    [InlineData("p if {\n\tx := input.items\n\tcount(x) > 1\n\tx[0].name == \"a\"\n}\n")]
    [InlineData("f(x) := y if y := x\n\np if {\n\tupper(f(\"a\"))\n\tf(1) == 1\n}\n")]
    [InlineData("g(1) := \"one\"\n\ng(\"a\") := \"A\"\n\np if g(\"a\") == \"A\"\n\nq if g(1) == \"one\"\n")]
    [InlineData("default allow := false\n\nallow if input.user == \"admin\"\n\nd := allow\n\nx if not d\n")]
    [InlineData("s contains x if some x in [1, \"a\", true]\n\np if {\n\tsome e in s\n\tis_string(e)\n\tupper(e) == \"A\"\n}\n")]
    [InlineData("o[k] := v if some k, v in {\"a\": 1, \"b\": \"two\"}\n\np if o.a == 1\n\nq if o.b == \"two\"\n\nr if o.zzz\n")]
    [InlineData("a.b.c := 1\n\na.b.d := \"x\"\n\np if {\n\ta.b.c == 1\n\ta.b.d == \"x\"\n\ta.b.e == 2\n}\n")]
    [InlineData("p if {\n\tevery x in [1, 2] {\n\t\tx > 0\n\t}\n\txs := {y | some y in [1, 2]}\n\tcount(xs) == 2\n\tn := sum([x | some x in xs])\n\tn == 3\n}\n")]
    [InlineData("p := v if {\n\tv := 1\n} else := \"one\"\n\nq if p == \"one\"\n\nr if p == 1\n")]
    [InlineData("msg := sprintf(\"%s has %d\", [input.name, count(input.items)])\n\np if contains(msg, \"has\")\n")]
    [InlineData("p if {\n\tobj := object.get(input, \"a\", {})\n\tobj.b.c == 1\n\tkeys := object.keys({\"a\": 1})\n\t\"a\" in keys\n}\n")]
    [InlineData("p if {\n\tx := data.unknown.path\n\tupper(x)\n\tcount(x) == 1\n}\n")]
    [InlineData("t := time.now_ns()\n\np if {\n\t[y, m, d] := time.date(t)\n\ty > 2000\n\tm + d > 0\n}\n")]
    [InlineData("allowed := {\"aws_s3_bucket\", \"aws_dynamodb_table\"}\n\ndeny contains msg if {\n\tnot input.resource.resource_type in allowed\n\tmsg := sprintf(\"%v not allowed\", [input.resource.resource_type])\n}\n")]
    [InlineData("f(x) := 1 if x == \"a\"\n\nf(x) := \"b\" if x == \"b\"\n\np if f(\"a\") == 1\n\nq if f(\"b\") == \"b\"\n")]
    [InlineData("o[k] := 1 if some k in [\"a\"]\n\np if {\n\tsome k\n\to[k] == 1\n\tstartswith(k, \"a\")\n}\n")]
    [InlineData("p if {\n\tx := {\"a\": [1, 2]}\n\tsome i\n\tx.a[i] == 2\n\ti + 1 == 2\n\ts := {\"a\", {\"name\": 1}}\n\tsome e in s\n\te.name == 1\n}\n")]
    [InlineData("f(x) := \"big\" if x > 1\n\nelse := 2\n\ndefault g(_) := false\n\ng(x) if x == 1\n\np if {\n\tf(2) == \"big\"\n\tf(0) == 2\n\tnot g(3)\n}\n")]
    [InlineData("p if {\n\twalk(input, [path, value])\n\tcount(path) > 0\n\tvalue == 1\n\t[h, _, _] := io.jwt.decode(input.token)\n\th.alg == \"RS256\"\n}\n")]
    [InlineData("a.b[x] := 1 if some x in [\"k\"]\n\na.c := \"s\"\n\np if {\n\ta.b.k == 1\n\ta.c == \"s\"\n\tx := a\n\tx.zz == 3\n}\n")]
    public void Valid_programs_raise_no_type_error(string rules)
    {
        Assert.Empty(Errors("package play\n\n" + rules));
    }
    [Fact]
    public void An_undefined_ref_inside_an_every_body_is_reported_as_opa_reports_it()
    {
        Assert.Equal(
            "p.rego:7:8: rego_type_error: undefined ref: data.play.n.items\n\tdata.play.n.items\n\t^^^^^^^^^^^\n\thave: number",
            Only("package play\n\nn := 1\n\np if {\n\tevery x in input.xs {\n\t\tx == data.play.n.items\n\t}\n}\n"));
    }

    [Fact]
    public void Every_body_locals_and_comprehensions_stay_unchecked()
    {
        Assert.Empty(Errors("package play\n\nn := 1\n\np if {\n\tevery x in input.xs {\n\t\tx.a.b == 1\n\t\tcount([y | y := data.play.n.items]) == 0\n\t}\n}\n"));
    }
}

/// <summary>The builtin declarations are OPA's printed text: each one parses and prints back as written.</summary>
public sealed class BuiltinTypesTests
{
    [Fact]
    public void Every_declaration_parses_and_prints_back_as_opa_prints_it()
    {
        using var stream = typeof(RegoCompiler).Assembly.GetManifestResourceStream("Mandate.Rego.Compile.Types.builtin-types.txt")!;
        var lines = new StreamReader(stream).ReadToEnd().Split('\n').Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count > 200, $"expected OPA's ~200 declarations, found {lines.Count}");
        foreach (var line in lines)
        {
            var (name, type) = Mandate.Rego.Compile.Types.BuiltinTypes.Parse(line);
            var open = line.IndexOf('(', StringComparison.Ordinal);
            var arrow = line.LastIndexOf(") =>", StringComparison.Ordinal);
            var result = line[(arrow + 4)..].Trim();
            var args = line[(open + 1)..arrow];
            var expected = "(" + args + (result.Length > 0 ? (args.Length > 0 ? ", " : string.Empty) + result : string.Empty) + ")";
            Assert.Equal(line[..open], name);
            Assert.Equal(expected, type.Want());
        }
    }

    [Fact]
    public void A_malformed_declaration_names_the_line_and_position()
    {
        var e = Assert.Throws<FormatException>(() => Mandate.Rego.Compile.Types.BuiltinTypes.Parse("f(x: strng) => y: string"));
        Assert.Equal("builtin type declaration 'f(x: strng) => y: string': expected a type at position 5", e.Message);
    }

}
