using System.Globalization;
using Mandate.Rego.Builtins.GraphQL;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// GraphQL builtins over gqlparser-shaped ASTs: parsing schemas and queries, validating a schema, and
/// validating a query against a schema (see <see cref="GqlQueryValidator"/> for the rules checked).
/// Schemas and queries may be given as text or as an AST object from an earlier parse.
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

    [RegoBuiltin("graphql.parse_query")]
    public static RegoValue ParseQuery(RegoValue query)
    {
        string text = Operands.String(query, 1);
        try
        {
            return GqlParser.ParseQuery(text);
        }
        catch (GqlException e)
        {
            throw new BuiltinException(Located(e));
        }
    }

    /// <summary>[query AST, schema AST] when the query is valid for the schema; an error otherwise.</summary>
    [RegoBuiltin("graphql.parse")]
    public static RegoValue Parse(RegoValue query, RegoValue schema)
    {
        try
        {
            (RegoObject q, RegoObject s) = Verified(query, schema);
            return RegoArray.From(q, s);
        }
        catch (GqlException e)
        {
            throw new BuiltinException(Located(e));
        }
    }

    /// <summary>[true, query AST, schema AST] when valid, else [false, {}, {}]; never an error.</summary>
    [RegoBuiltin("graphql.parse_and_verify")]
    public static RegoValue ParseAndVerify(RegoValue query, RegoValue schema)
    {
        try
        {
            (RegoObject q, RegoObject s) = Verified(query, schema);
            return RegoArray.From(RegoBoolean.True, q, s);
        }
        catch (Exception e) when (e is GqlException or BuiltinTypeException or InvalidCastException)
        {
            return RegoArray.From(RegoBoolean.False, RegoObject.Empty, RegoObject.Empty);
        }
    }

    [RegoBuiltin("graphql.is_valid")]
    public static RegoValue IsValid(RegoValue query, RegoValue schema)
    {
        try
        {
            Verified(query, schema);
            return RegoBoolean.True;
        }
        catch (Exception e) when (e is GqlException or BuiltinTypeException or InvalidCastException)
        {
            return RegoBoolean.False;
        }
    }

    /// <summary>Parses (when text) and validates both; throws GqlException, or a type error for other operands.</summary>
    private static (RegoObject Query, RegoObject Schema) Verified(RegoValue query, RegoValue schema)
    {
        RegoObject q;
        Dictionary<RegoValue, (int, int)> positions = [];
        switch (query)
        {
            case RegoString s:
                (q, positions) = GqlParser.ParseQueryWithPositions(s.Value);
                break;
            case RegoObject o:
                q = o;
                break;
            default:
                throw Operands.TypeError(1, query, "string", "object");
        }
        RegoObject sd = schema switch
        {
            RegoString s => GqlParser.ParseSchema(s.Value),
            RegoObject o => o,
            _ => throw Operands.TypeError(2, schema, "string", "object"),
        };
        string? problem = GqlSchemaValidator.Validate(sd, out Dictionary<string, RegoObject> types);
        if (problem is not null) throw new GqlException($"Error in gqlparser SchemaDocument to Schema conversion: {problem}", 0, 0);
        GqlQueryValidator.Validate(sd, types, q, positions);
        return (q, sd);
    }

    private static string Located(GqlException e) =>
        $"{e.Message} in GraphQL string at location {e.Line.ToString(CultureInfo.InvariantCulture)}:{e.Column.ToString(CultureInfo.InvariantCulture)}";
}
