using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class EncodingTests
{
    [Theory]
    [InlineData("\"aGVsbG8=\"", "base64.encode", "\"hello\"")]
    [InlineData("\"hello\"", "base64.decode", "\"aGVsbG8=\"")]
    [InlineData("true", "base64.is_valid", "\"aGVsbG8=\"")]
    [InlineData("false", "base64.is_valid", "\"{'not':'base64'}\"")]
    [InlineData("false", "base64.is_valid", "\"aGVsbG8\"")]
    [InlineData("\"c3ViamVjdHM_X2Q=\"", "base64url.encode", "\"subjects?_d\"")]
    [InlineData("\"aGVsbG8\"", "base64url.encode_no_pad", "\"hello\"")]
    [InlineData("\"hello\"", "base64url.decode", "\"aGVsbG8=\"")]
    [InlineData("\"hello\"", "base64url.decode", "\"aGVsbG8\"")]
    [InlineData("\"6c6f72656d\"", "hex.encode", "\"lorem\"")]
    [InlineData("\"lorem\"", "hex.decode", "\"6c6f72656d\"")]
    [InlineData("\"a%3Db%2B1+c\"", "urlquery.encode", "\"a=b+1 c\"")]
    [InlineData("\"a=b+1 c\"", "urlquery.decode", "\"a%3Db%2B1+c\"")]
    [InlineData("\"a=b&c=d\"", "urlquery.encode_object", "{\"c\":\"d\",\"a\":\"b\"}")]
    [InlineData("\"a=b%2B1&a=c%2B2\"", "urlquery.encode_object", "{\"a\":[\"b+1\",\"c+2\"]}")]
    [InlineData("{\"a\":[\"1\",\"2\"],\"b\":[\"\"]}", "urlquery.decode_object", "\"a=1&a=2&b\"")]
    [InlineData("\"[{\\\"foo\\\":[1,2,3]}]\"", "json.marshal", "[{\"foo\":[1,2,3]}]")]
    [InlineData("\"\\\"\\\\u003cb\\\\u003e\\\"\"", "json.marshal", "\"<b>\"")]
    [InlineData("[{\"foo\":[1,2,3]}]", "json.unmarshal", "\"[{\\\"foo\\\":[1,2,3]}]\"")]
    [InlineData("true", "json.is_valid", "\"{}\"")]
    [InlineData("false", "json.is_valid", "\"{\"")]
    [InlineData("false", "json.is_valid", "1")]
    public void Table(string expected, string name, string arg) => AssertJson(expected, name, arg);

    [Theory]
    [InlineData("{}", "[1,2]", "[1,2]")]
    [InlineData("{\"pretty\":true}", "[1]", "[\n\t1\n]")]
    [InlineData("{\"indent\":\"  \"}", "{\"a\":[]}", "{\n  \"a\": []\n}")]
    [InlineData("{\"prefix\":\"> \"}", "[1,2]", "> [\n> \t1,\n> \t2\n> ]")]
    [InlineData("{\"pretty\":false,\"indent\":\"x\"}", "[1]", "[1]")]
    [InlineData("{\"indent\":\"    \",\"prefix\":\"---\"}", "[]", "---[]")]
    public void Marshal_with_options(string options, string value, string expected) =>
        Assert.Equal(S(expected), Call("json.marshal_with_options", J(value), J(options)));

    [Fact]
    public void Marshal_with_options_rejects_unknown_keys() =>
        AssertJsonError("eval_type_error", "json.marshal_with_options: operand 2 object contained unknown key \"x\"",
            "json.marshal_with_options", "[]", "{\"x\":true}");

    [Fact]
    public void Marshal_writes_sets_as_sorted_arrays() =>
        Assert.Equal(S("[1,2]"), Call("json.marshal", Set("2", "1")));

    [Theory]
    [InlineData("hex.decode", "\"fghijkl\"", "hex.decode: encoding/hex: invalid byte: U+0067 'g'")]
    [InlineData("hex.decode", "\"abc\"", "hex.decode: encoding/hex: odd length hex string")]
    [InlineData("base64.decode", "\"aGVsbG8\"", "base64.decode: illegal base64 data at input byte 4")]
    [InlineData("base64.decode", "\"a$==\"", "base64.decode: illegal base64 data at input byte 1")]
    [InlineData("urlquery.decode", "\"%zz\"", "urlquery.decode: invalid URL escape \"%zz\"")]
    public void Decoding_errors_name_the_bad_input(string name, string arg, string message) =>
        AssertJsonError("eval_builtin_error", message, name, arg);

    [Fact]
    public void Unmarshal_requires_a_string() =>
        AssertJsonError("eval_type_error", "json.unmarshal: operand 1 must be string but got number", "json.unmarshal", "1");
}
