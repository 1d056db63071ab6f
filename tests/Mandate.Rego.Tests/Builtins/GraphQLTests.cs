using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class GraphQLTests
{
    [Fact]
    public void Parse_schema_returns_the_pruned_gqlparser_ast() =>
        Assert.Equal(
            J("{\"Definitions\":[{\"BuiltIn\":false,\"Description\":\"Doc\",\"Fields\":[{\"Arguments\":[{\"DefaultValue\":{\"ExpectedTypeHasDefault\":false,\"Kind\":5,\"Raw\":\"true\"},\"Description\":\"\",\"Name\":\"flag\",\"Type\":{\"NamedType\":\"Boolean\",\"NonNull\":false}}],\"Description\":\"\",\"Name\":\"world\",\"Type\":{\"Elem\":{\"NamedType\":\"String\",\"NonNull\":true},\"NamedType\":\"\",\"NonNull\":false}}],\"Kind\":\"OBJECT\",\"Name\":\"Hello\"}]}"),
            Call("graphql.parse_schema", S("\"\"\"\n  Doc\n\"\"\"\ntype Hello { world(flag: Boolean = true): [String!] }")));

    [Theory]
    [InlineData("type Hello {}", "graphql.parse_schema: expected at least one definition, found } in GraphQL string at location 1:13")]
    [InlineData("extend type Hello", "graphql.parse_schema: Unexpected <EOF> in GraphQL string at location 1:18")]
    [InlineData("union Hello = Wo || Rld", "graphql.parse_schema: Expected Name, found | in GraphQL string at location 1:19")]
    [InlineData("directive @foo on FIELD | INCORRECT_LOCATION", "graphql.parse_schema: Unexpected Name \"INCORRECT_LOCATION\" in GraphQL string at location 1:27")]
    [InlineData("\"\"\"\r", "graphql.parse_schema: Unexpected <Invalid> in GraphQL string at location 2:1")]
    public void Parse_errors_carry_gqlparser_messages_and_positions(string schema, string message) =>
        AssertError("eval_builtin_error", message, "graphql.parse_schema", S(schema));

    [Theory]
    [InlineData("type Query { hello: String }", true)]
    [InlineData("extend type Query { hello: Hello }", false)] // undefined type
    [InlineData("type Hello implements World { field: String }", false)]
    [InlineData("interface IA { id: ID! } interface IIA implements IA { id: ID! } type A implements IIA { id: ID! }", false)]
    [InlineData("interface IA { id: ID! } interface IIA implements IA { id: ID! } type A implements IIA & IA { id: ID! }", true)]
    [InlineData("type O { a: String } input I { o: O }", false)] // object type in an input object
    [InlineData("union U = World", false)]
    [InlineData("schema { query: Query }", false)]
    [InlineData("type T { a: String @deprecated } enum E { A @deprecated }", true)]
    [InlineData("type T { a: String @nope }", false)]
    [InlineData("type T {", false)]
    public void Schema_is_valid(string schema, bool expected) =>
        Assert.Equal(RegoBoolean.From(expected), Call("graphql.schema_is_valid", S(schema)));

    [Fact]
    public void Schema_is_valid_is_false_for_non_strings() =>
        Assert.Equal(RegoBoolean.False, Call("graphql.schema_is_valid", J("1")));
}
