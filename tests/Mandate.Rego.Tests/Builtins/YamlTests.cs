using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class YamlTests
{
    [Theory]
    [InlineData("a: 1\nb: text\n", "{\"a\":1,\"b\":\"text\"}")]
    [InlineData("---\n# comment\na: yes\nb: off\nc: ~\nd: 'it''s'\ne: \"tab\\t\"\n", "{\"a\":true,\"b\":false,\"c\":null,\"d\":\"it's\",\"e\":\"tab\\t\"}")]
    [InlineData("list:\n- 1\n- two\n-   - 3\n", "{\"list\":[1,\"two\",[3]]}")]
    [InlineData("items:\n  - name: a\n    size: 1.5\n  - name: b\n", "{\"items\":[{\"name\":\"a\",\"size\":1.5},{\"name\":\"b\"}]}")]
    [InlineData("flow: [1, {x: w}, \"z\"]\nmap: {a: 1, b: [2]}\n", "{\"flow\":[1,{\"x\":\"w\"},\"z\"],\"map\":{\"a\":1,\"b\":[2]}}")]
    [InlineData("text: |\n  line1\n  line2\nfolded: >-\n  a\n  b\n", "{\"text\":\"line1\\nline2\\n\",\"folded\":\"a b\"}")]
    [InlineData("hex: 0x1F\noct: 010\nneg: -3\nexp: 1e3\nurl: http://x.y/z # trailing\n", "{\"hex\":31,\"oct\":8,\"neg\":-3,\"exp\":1000,\"url\":\"http://x.y/z\"}")]
    [InlineData("y: 1\n", "{\"true\":1}")] // a boolean key becomes its text, as Go reads it
    [InlineData("- a\n- b\n", "[\"a\",\"b\"]")]
    [InlineData("42\n", "42")]
    [InlineData("", "null")]
    public void Unmarshal(string yaml, string expected) => Assert.Equal(J(expected), Call("yaml.unmarshal", S(yaml)));

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":\"e\"}}", "a: 1\nb:\n- 1\n- 2\nc:\n  d: e\n")]
    [InlineData("[{\"foo\":[1,2,3]}]", "- foo:\n  - 1\n  - 2\n  - 3\n")]
    [InlineData("{\"s\":\"true\",\"t\":\"a: b\",\"e\":\"\",\"n\":null,\"o\":{},\"l\":[]}", "e: \"\"\nl: []\n\"n\": null\no: {}\ns: \"true\"\nt: \"a: b\"\n")] // "n" would read back as false
    public void Marshal(string value, string expected) => Assert.Equal(S(expected), Call("yaml.marshal", J(value)));

    [Theory]
    [InlineData("{\"a\":[{\"b\":[1,{\"c\":\"yes\"}],\"d\":null}],\"e\":\"multi\\nline\",\"f\":-1.25}")]
    [InlineData("[[1,[2]],{},[],\"- x\",\"#y\",\"on\"]")]
    public void Round_trips(string value)
    {
        RegoValue? yaml = Call("yaml.marshal", J(value));
        Assert.Equal(J(value), Call("yaml.unmarshal", yaml!));
    }

    [Fact]
    public void Marshal_writes_sets_as_sequences() =>
        Assert.Equal(S("- 1\n- 2\n"), Call("yaml.marshal", Set("2", "1")));

    [Theory]
    [InlineData("a: [1, 2", false)]
    [InlineData("a: 1\na: 2\n", false)]
    [InlineData("a: *ref\n", false)]
    [InlineData("a: 1\n", true)]
    public void Is_valid(string yaml, bool expected) => Assert.Equal(RegoBoolean.From(expected), Call("yaml.is_valid", S(yaml)));

    [Fact]
    public void Unmarshal_error_names_the_line()
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("yaml.unmarshal", S("a: 1\na: 2\n")));
        Assert.Equal("eval_builtin_error", e.Code);
        Assert.Contains("line 2", e.Error.Message, StringComparison.Ordinal);
    }
}
