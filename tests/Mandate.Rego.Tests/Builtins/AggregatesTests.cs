using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class AggregatesTests
{
    [Theory]
    [InlineData("3", "count", "[1,2,3]")]
    [InlineData("2", "count", "{\"a\":1,\"b\":2}")]
    [InlineData("5", "count", "\"héllo\"")]
    [InlineData("6", "sum", "[1,2,3]")]
    [InlineData("4", "sum", "[1.5,2.5]")]
    [InlineData("18446744073709551618", "sum", "[18446744073709551617,1]")]
    [InlineData("0", "sum", "[]")]
    [InlineData("24", "product", "[2,3,4]")]
    [InlineData("1", "product", "[]")]
    [InlineData("3", "max", "[1,3,2]")]
    [InlineData("\"a\"", "max", "[1,\"a\",null]")]
    [InlineData("null", "min", "[1,\"a\",null]")]
    [InlineData("[null,false,1,\"a\",[1]]", "sort", "[[1],\"a\",1,false,null]")]
    [InlineData("true", "all", "[true,true]")]
    [InlineData("false", "all", "[true,1]")]
    [InlineData("true", "any", "[false,true]")]
    public void Table(string expected, string name, string arg) => AssertJson(expected, name, arg);

    [Fact]
    public void Max_of_empty_is_undefined() => Assert.Null(Call("max", J("[]")));

    [Fact]
    public void Sum_of_a_set() => Assert.Equal(J("6"), Call("sum", Set("1", "2", "3")));

    [Theory]
    [InlineData("count", "1", "count: operand 1 must be one of {array, object, set, string} but got number")]
    [InlineData("count", "null", "count: operand 1 must be one of {array, object, set, string} but got null")]
    [InlineData("sum", "[1,\"a\"]", "sum: operand 1 must be array of numbers but got array containing string")]
    [InlineData("sort", "{}", "sort: operand 1 must be one of {array, set} but got object")]
    public void Type_errors(string name, string arg, string message) => AssertJsonError("eval_type_error", message, name, arg);
}
