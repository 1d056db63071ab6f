using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class JsonPathsTests
{
    [Theory]
    [InlineData("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1,\"c\":2},\"d\":3}", "[\"a/b\"]")]
    [InlineData("{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"b\":1,\"c\":2},\"d\":3}", "[\"a\",\"a/b\"]")]
    [InlineData("{\"a\":[\"x\",\"z\"]}", "{\"a\":[\"x\",\"y\",\"z\"]}", "[\"a/0\",\"a/2\"]")]
    [InlineData("{\"a/b\":1}", "{\"a/b\":1,\"c\":2}", "[\"a~1b\"]")]
    [InlineData("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1,\"c\":2}}", "[[\"a\",\"b\"]]")]
    public void Filter(string expected, string obj, string paths) => AssertJson(expected, "json.filter", obj, paths);

    [Theory]
    [InlineData("{\"a\":{\"c\":2},\"d\":3}", "{\"a\":{\"b\":1,\"c\":2},\"d\":3}", "[\"a/b\"]")]
    [InlineData("{\"d\":3}", "{\"a\":{\"b\":1},\"d\":3}", "[\"a\",\"a/b\"]")]
    [InlineData("{\"a\":[\"x\",\"z\"]}", "{\"a\":[\"x\",\"y\",\"z\"]}", "[\"/a/1\"]")]
    public void Remove(string expected, string obj, string paths) => AssertJson(expected, "json.remove", obj, paths);

    [Theory]
    [InlineData("json.remove", "{}", "1", "json.remove: operand 2 must be one of {set, array} but got number")]
    [InlineData("json.remove", "{}", "[1]", "json.remove: operand 2 must be one of {set, array} containing string paths or array of path segments but got number")]
    [InlineData("json.remove", "[]", "[]", "json.remove: operand 1 must be object but got array")]
    [InlineData("json.filter", "{}", "true", "json.filter: operand 2 must be one of {set, array} but got boolean")]
    public void Type_errors(string name, string a, string b, string message) => AssertJsonError("eval_type_error", message, name, a, b);

    [Theory]
    [InlineData("{\"a\":1,\"b\":2}", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")]
    [InlineData("[1,9,2]", "[1,2]", "[{\"op\":\"add\",\"path\":\"/1\",\"value\":9}]")]
    [InlineData("[1,2,9]", "[1,2]", "[{\"op\":\"add\",\"path\":\"/-\",\"value\":9}]")]
    [InlineData("{}", "{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/a\"}]")]
    [InlineData("{\"a\":5}", "{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":5}]")]
    [InlineData("{\"b\":1}", "{\"a\":1}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]")]
    [InlineData("{\"a\":1,\"b\":1}", "{\"a\":1}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]")]
    [InlineData("{\"a\":1}", "{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1}]")]
    [InlineData("5", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"\",\"value\":5}]")]
    public void Patch(string expected, string doc, string patch) => AssertJson(expected, "json.patch", doc, patch);

    [Theory]
    [InlineData("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")]
    [InlineData("{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/b\"}]")]
    [InlineData("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/x/y\",\"value\":1}]")]
    [InlineData("[1]", "[{\"op\":\"add\",\"path\":\"/5\",\"value\":1}]")]
    [InlineData("{}", "[{\"op\":\"bogus\",\"path\":\"/a\"}]")]
    public void Failed_patch_is_undefined(string doc, string patch) => Assert.Null(Call("json.patch", J(doc), J(patch)));

    [Fact]
    public void Patch_on_sets_requires_key_to_equal_value()
    {
        var doc = Mandate.Rego.Values.RegoObject.From([new KeyValuePair<string, Mandate.Rego.Values.RegoValue>("foo", Set("\"a\""))]);
        var added = Call("json.patch", doc, J("[{\"op\":\"add\",\"path\":\"foo/d\",\"value\":\"d\"}]"));
        Assert.Equal(Mandate.Rego.Values.RegoObject.From([new KeyValuePair<string, Mandate.Rego.Values.RegoValue>("foo", Set("\"a\"", "\"d\""))]), added);
        Assert.Null(Call("json.patch", doc, J("[{\"op\":\"add\",\"path\":\"foo/d\",\"value\":\"e\"}]")));
    }
}
