using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class StringsTests
{
    [Theory]
    [InlineData("\"a,b\"", "concat", "\",\"", "[\"a\",\"b\"]")]
    [InlineData("\"\"", "concat", "\",\"", "[]")]
    [InlineData("true", "contains", "\"abc\"", "\"b\"")]
    [InlineData("false", "startswith", "\"abc\"", "\"b\"")]
    [InlineData("true", "endswith", "\"abc\"", "\"bc\"")]
    [InlineData("\"ff\"", "format_int", "255", "16")]
    [InlineData("\"-101\"", "format_int", "-5", "2")]
    [InlineData("\"3\"", "format_int", "3.9", "10")]
    [InlineData("2", "indexof", "\"héllo\"", "\"l\"")]
    [InlineData("-1", "indexof", "\"abc\"", "\"z\"")]
    [InlineData("[0,1,2]", "indexof_n", "\"aaa\"", "\"a\"")]
    [InlineData("[0,1]", "indexof_n", "\"aaa\"", "\"aa\"")]
    [InlineData("\"abc\"", "lower", "\"AbC\"", null)]
    [InlineData("\"ÀB\"", "upper", "\"àb\"", null)]
    [InlineData("[\"a\",\"b\",\"\"]", "split", "\"a.b.\"", "\".\"")]
    [InlineData("[\"a\",\"b\",\"c\"]", "split", "\"abc\"", "\"\"")]
    [InlineData("[\"\"]", "split", "\"\"", "\".\"")]
    [InlineData("\"x-b-x\"", "replace", "\"a-b-a\"", "\"a\"")]
    [InlineData("\"abc\"", "trim", "\"..abc..\"", "\".\"")]
    [InlineData("\"abc..\"", "trim_left", "\"..abc..\"", "\".\"")]
    [InlineData("\"..abc\"", "trim_right", "\"..abc..\"", "\".\"")]
    [InlineData("\"bc\"", "trim_prefix", "\"abc\"", "\"a\"")]
    [InlineData("\"ab\"", "trim_suffix", "\"abc\"", "\"c\"")]
    [InlineData("\"a b\"", "trim_space", "\" \\t a b\\n\"", null)]
    [InlineData("\"élo\"", "strings.reverse", "\"olé\"", null)]
    [InlineData("3", "strings.count", "\"cheese\"", "\"e\"")]
    [InlineData("5", "strings.count", "\"five\"", "\"\"")]
    [InlineData("true", "strings.any_prefix_match", "[\"a/b\",\"c\"]", "\"a/\"")]
    [InlineData("false", "strings.any_suffix_match", "\"abc\"", "[\"x\",\"y\"]")]
    public void Table(string expected, string name, string a, string? b)
    {
        if (name == "replace")
        {
            AssertJson(expected, name, a, b!, "\"x\"");
            return;
        }
        if (b is null) AssertJson(expected, name, a);
        else AssertJson(expected, name, a, b);
    }

    [Theory]
    [InlineData("\"ell\"", "\"hello\"", 1, 3)]
    [InlineData("\"ello\"", "\"hello\"", 1, -1)]
    [InlineData("\"\"", "\"hello\"", 9, 2)]
    [InlineData("\"é\"", "\"héllo\"", 1, 1)]
    public void Substring_counts_code_points(string expected, string s, int start, int length) =>
        AssertJson(expected, "substring", s, start.ToString(System.Globalization.CultureInfo.InvariantCulture),
            length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Substring_rejects_negative_offset() =>
        AssertJsonError("eval_builtin_error", "substring: negative offset", "substring", "\"abc\"", "-1", "1");

    [Theory]
    [InlineData("[\"a\",\"b\"]", 2)]
    [InlineData("[\"c\",\"d\"]", -2)]
    [InlineData("[]", 0)]
    [InlineData("[\"a\",\"b\",\"c\",\"d\"]", 10)]
    public void Split_n_takes_leading_or_trailing_parts(string expected, int n) =>
        AssertJson(expected, "strings.split_n", "\"a.b.c.d\"", "\".\"", n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Replace_n_applies_patterns_in_key_order_without_overlap() =>
        AssertJson("\"1b2\"", "strings.replace_n", "{\"a\":\"1\",\"c\":\"2\",\"ab\":\"X\"}", "\"abc\"");

    [Theory]
    [InlineData("strings.replace_n", "{\"a\":1}", "\"x\"", "strings.replace_n: operand 1 non-string value found in pattern object")]
    [InlineData("strings.replace_n", "{\"a\":\"1\"}", "2", "strings.replace_n: operand 2 must be string but got number")]
    [InlineData("concat", "\",\"", "[1]", "concat: operand 2 must be array of strings but got array containing number")]
    [InlineData("format_int", "1", "3", "format_int: operand 2 must be one of {2, 8, 10, 16}")]
    [InlineData("strings.any_prefix_match", "1", "\"a\"", "strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number")]
    [InlineData("strings.any_suffix_match", "\"a\"", "[1]", "strings.any_suffix_match: operand 2 must be array of strings but got array containing number")]
    public void Type_errors_use_opa_wording(string name, string a, string b, string message) =>
        AssertJsonError("eval_type_error", message, name, a, b);

    [Fact]
    public void Indexof_rejects_empty_search() =>
        AssertJsonError("eval_builtin_error", "indexof: empty search character", "indexof", "\"abc\"", "\"\"");

    [Fact]
    public void Replace_with_empty_old_inserts_between_code_points() =>
        AssertJson("\"-a-b-\"", "replace", "\"ab\"", "\"\"", "\"-\"");
}

public sealed class OutputLimitTests
{
    private static Mandate.Rego.Builtins.BuiltinContext Limited() =>
        new(limits: new EvalLimits { MaxBuiltinOutputSize = 100_000 });

    [Theory]
    [InlineData("replace")]
    [InlineData("regex.replace")]
    [InlineData("strings.replace_n")]
    public void Replacements_that_multiply_the_input_stop_at_the_limit(string name)
    {
        var text = BuiltinTestKit.S(new string('a', 10_000));
        var big = BuiltinTestKit.S(new string('b', 10_000));
        Mandate.Rego.Values.RegoValue[] args = name switch
        {
            "replace" => [text, BuiltinTestKit.S("a"), big],
            "regex.replace" => [text, BuiltinTestKit.S(""), big],
            _ => [Mandate.Rego.Values.RegoObject.From([new KeyValuePair<string, Mandate.Rego.Values.RegoValue>("", big)]), text],
        };
        var e = Assert.Throws<RegoEvalException>(() => BuiltinTestKit.Call(Limited(), name, args));
        Assert.Equal("eval_limit_error", e.Code);
    }
}

public sealed class OutputLimitSizingTests
{
    [Fact]
    public void Concat_with_a_huge_separator_is_refused_before_building()
    {
        var ctx = new Mandate.Rego.Builtins.BuiltinContext(limits: new EvalLimits { MaxBuiltinOutputSize = 100_000 });
        var items = Mandate.Rego.Values.RegoArray.From(Enumerable.Repeat((Mandate.Rego.Values.RegoValue)BuiltinTestKit.S("x"), 1_000));
        var e = Assert.Throws<RegoEvalException>(() => BuiltinTestKit.Call(ctx, "concat", BuiltinTestKit.S(new string('-', 1_000)), items));
        Assert.Equal("eval_limit_error", e.Code);
    }

    [Fact]
    public void Pretty_json_with_a_huge_indent_stops_at_the_limit()
    {
        var ctx = new Mandate.Rego.Builtins.BuiltinContext(limits: new EvalLimits { MaxBuiltinOutputSize = 100_000 });
        var e = Assert.Throws<RegoEvalException>(() => BuiltinTestKit.Call(ctx, "json.marshal_with_options",
            BuiltinTestKit.J("[[[[[[[[1,2,3]]]]]]]]"), BuiltinTestKit.J("{\"indent\":\"" + new string(' ', 20_000) + "\"}")));
        Assert.Equal("eval_limit_error", e.Code);
    }
}
