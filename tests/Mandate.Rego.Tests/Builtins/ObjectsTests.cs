using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class ObjectsTests
{
    [Theory]
    [InlineData("1", "{\"a\":1}", "\"a\"", "0")]
    [InlineData("0", "{\"a\":1}", "\"b\"", "0")]
    [InlineData("3", "{\"a\":{\"b\":[1,2,3]}}", "[\"a\",\"b\",2]", "0")]
    [InlineData("\"d\"", "{\"a\":{\"b\":[1]}}", "[\"a\",\"c\"]", "\"d\"")]
    [InlineData("{\"a\":1}", "{\"a\":1}", "[]", "0")]
    public void Get(string expected, string obj, string key, string fallback) =>
        AssertJson(expected, "object.get", obj, key, fallback);

    [Theory]
    [InlineData("{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"b\":2}")]
    [InlineData("{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"b\":1}}", "{\"a\":{\"c\":2}}")]
    [InlineData("{\"a\":3}", "{\"a\":{\"b\":1}}", "{\"a\":3}")]
    public void Union_merges_objects_recursively_right_wins(string expected, string a, string b) =>
        AssertJson(expected, "object.union", a, b);

    [Fact]
    public void Union_n_freezes_a_key_overwritten_by_a_non_object() =>
        AssertJson("{\"a\":{\"c\":3}}", "object.union_n", "[{\"a\":{\"b\":2}},{\"a\":4},{\"a\":{\"c\":3}}]");

    [Theory]
    [InlineData("{\"b\":2}", "{\"a\":1,\"b\":2}", "[\"a\"]")]
    [InlineData("{\"b\":2}", "{\"a\":1,\"b\":2}", "{\"a\":0}")]
    public void Remove(string expected, string obj, string keys) => AssertJson(expected, "object.remove", obj, keys);

    [Fact]
    public void Filter_keeps_listed_keys() => AssertJson("{\"a\":1}", "object.filter", "{\"a\":1,\"b\":2}", "[\"a\",\"z\"]");

    [Fact]
    public void Keys_is_a_set() => Assert.Equal(Set("\"a\"", "\"b\""), Call("object.keys", J("{\"a\":1,\"b\":2}")));

    [Theory]
    [InlineData("{\"a\":{\"b\":1,\"c\":2},\"d\":3}", "{\"a\":{\"b\":1}}", true)]
    [InlineData("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":2}}", false)]
    [InlineData("[1,2,3,4]", "[2,3]", true)]
    [InlineData("[1,2,3,4]", "[2,4]", false)]
    public void Subset(string super, string sub, bool expected) =>
        Assert.Equal(RegoBoolean.From(expected), Call("object.subset", J(super), J(sub)));

    [Fact]
    public void Subset_of_array_and_set_ignores_order() =>
        Assert.Equal(RegoBoolean.True, Call("object.subset", J("[3,1,2]"), Set("1", "2")));

    [Theory]
    [InlineData("object.remove", "\"x\"", "[]", "object.remove: operand 1 must be object but got string")]
    [InlineData("object.remove", "{}", "1", "object.remove: operand 2 must be one of {object, set, array} but got number")]
    [InlineData("object.filter", "[]", "[]", "object.filter: operand 1 must be object but got array")]
    [InlineData("object.union", "{}", "[]", "object.union: operand 2 must be object but got array")]
    [InlineData("object.keys", "\"a\"", null, "object.keys: operand 1 must be object but got string")]
    public void Type_errors(string name, string a, string? b, string message)
    {
        if (b is null) AssertJsonError("eval_type_error", message, name, a);
        else AssertJsonError("eval_type_error", message, name, a, b);
    }
}
