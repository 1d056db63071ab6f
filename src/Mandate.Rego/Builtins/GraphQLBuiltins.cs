using System.Globalization;
using Mandate.Rego.Builtins.GraphQL;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// GraphQL schema builtins: graphql.parse_schema and graphql.schema_is_valid. The query builtins
/// (graphql.parse, parse_query, parse_and_verify, is_valid) are not implemented yet.
/// </summary>
internal static class GraphQLBuiltins
{
    [RegoBuiltin("graphql.parse_schema")]
    public static RegoValue ParseSchema(RegoValue schema)
    {
        string text = Operands.String(schema, 1);
        try
        {
            return GqlParser.ParseSchema(text);
        }
        catch (GqlException e)
        {
            throw new BuiltinException(Located(e));
        }
    }

    /// <summary>False for anything that does not parse or breaks a schema rule; never an error.</summary>
    [RegoBuiltin("graphql.schema_is_valid")]
    public static RegoValue SchemaIsValid(RegoValue schema)
    {
        RegoObject document;
        switch (schema)
        {
            case RegoString s:
                try
                {
                    document = GqlParser.ParseSchema(s.Value);
                }
                catch (GqlException)
                {
                    return RegoBoolean.False;
                }
                break;
            case RegoObject o:
                document = o;
                break;
            default:
                return RegoBoolean.False;
        }
        try
        {
            return RegoBoolean.From(GqlSchemaValidator.Validate(document) is null);
        }
        catch (InvalidCastException)
        {
            // An AST object of the wrong shape is not a valid schema.
            return RegoBoolean.False;
        }
    }

    private static string Located(GqlException e) =>
        $"{e.Message} in GraphQL string at location {e.Line.ToString(CultureInfo.InvariantCulture)}:{e.Column.ToString(CultureInfo.InvariantCulture)}";
}
