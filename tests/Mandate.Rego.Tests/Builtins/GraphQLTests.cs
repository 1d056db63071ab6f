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

    private const string Schema = "type Query { hero(episode: Episode!): Character droid(id: ID): Droid } enum Episode { NEWHOPE } interface Character { name: String } type Droid implements Character { name: String primaryFunction: String }";

    [Fact]
    public void Parse_query_returns_operations_with_selection_sets() =>
        Assert.Equal(
            J("{\"Operations\":[{\"Name\":\"\",\"Operation\":\"query\",\"SelectionSet\":[{\"Alias\":\"h\",\"Arguments\":[{\"Name\":\"episode\",\"Value\":{\"ExpectedTypeHasDefault\":false,\"Kind\":7,\"Raw\":\"NEWHOPE\"}}],\"Name\":\"hero\",\"SelectionSet\":[{\"Alias\":\"name\",\"Name\":\"name\"},{\"SelectionSet\":[{\"Alias\":\"primaryFunction\",\"Name\":\"primaryFunction\"}],\"TypeCondition\":\"Droid\"}]}]}]}"),
            Call("graphql.parse_query", S("{ h: hero(episode: NEWHOPE) { name ... on Droid { primaryFunction } } }")));

    [Theory]
    [InlineData("{ hero(episode: NEWHOPE) { name } }", true)]
    [InlineData("query Q($e: Episode!) { hero(episode: $e) { name } }", true)]
    [InlineData("{ hero { name } }", false)] // required argument missing
    [InlineData("{ hero(episode: NEWHOPE) { nope } }", false)] // unknown field
    [InlineData("{ hero(episode: NEWHOPE) }", false)] // composite field without selection
    [InlineData("{ droid { name { x } } }", false)] // leaf field with selection
    [InlineData("query Q($e: Episode!) { droid { name } }", false)] // unused variable
    [InlineData("{ hero(episode: $e) { name } }", false)] // undefined variable
    [InlineData("{ droid { ...F } } fragment G on Droid { name }", false)] // unknown and unused fragments
    [InlineData("{ droid(bogus: 1) { name } }", false)] // unknown argument
    public void Is_valid_applies_the_query_rules(string query, bool expected) =>
        Assert.Equal(RegoBoolean.From(expected), Call("graphql.is_valid", S(query), S(Schema)));

    [Fact]
    public void Parse_reports_validation_errors_with_positions() =>
        AssertError("eval_builtin_error",
            "graphql.parse: Field \"hero\" argument \"episode\" of type \"Episode!\" is required, but it was not provided in GraphQL string at location 2:3",
            "graphql.parse", S("{\n  hero { name }\n}"), S(Schema));

    [Fact]
    public void Parse_and_verify_gives_false_and_empty_objects_when_invalid() =>
        Assert.Equal(J("[false,{},{}]"), Call("graphql.parse_and_verify", S("{ nope }"), S(Schema)));
}
