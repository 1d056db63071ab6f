using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.GraphQL;

/// <summary>
/// Parses GraphQL schema documents (SDL) into the AST OPA returns: gqlparser's Go structures as JSON,
/// with positions, nulls and empty lists pruned. Errors read like gqlparser's ("Expected Name, found
/// &lt;EOF&gt;") with the line and column of the offending token.
/// </summary>
internal sealed partial class GqlParser
{
    private static readonly HashSet<string> DirectiveLocations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    };

    private readonly GqlLexer _lexer;
    private GqlToken _peek;
    private GqlToken _prev;

    private GqlParser(string source)
    {
        _lexer = new GqlLexer(source);
        _peek = _lexer.Next();
        _prev = _peek;
    }

    /// <summary>Parses a schema; throws <see cref="GqlException"/> on the first syntax error.</summary>
    public static RegoObject ParseSchema(string source) => new GqlParser(source).SchemaDocument();

    private GqlToken Next()
    {
        _prev = _peek;
        _peek = _lexer.Next();
        return _prev;
    }

    private bool Skip(GqlKind kind)
    {
        if (_peek.Kind != kind) return false;
        Next();
        return true;
    }

    private GqlToken Expect(GqlKind kind)
    {
        if (_peek.Kind != kind)
        {
            throw Error(_peek, $"Expected {GqlToken.KindText(kind)}, found {_peek.Describe()}");
        }
        return Next();
    }

    private void ExpectKeyword(string keyword)
    {
        if (_peek.Kind == GqlKind.Name && _peek.Value == keyword)
        {
            Next();
            return;
        }
        throw Error(_peek, $"Expected \"{keyword}\", found {_peek.Describe()}");
    }

    private static GqlException Unexpected(GqlToken token) => Error(token, $"Unexpected {token.Describe()}");

    private static GqlException Error(GqlToken at, string message) => new(message, at.Line, at.Column);

    private string Name() => Expect(GqlKind.Name).Value;

    /// <summary>gqlparser's "many": optional list between delimiters (empty allowed).</summary>
    private List<RegoValue> Many(GqlKind start, GqlKind end, Func<RegoValue> item)
    {
        var items = new List<RegoValue>();
        if (!Skip(start)) return items;
        while (_peek.Kind != end) items.Add(item());
        Next();
        return items;
    }

    /// <summary>gqlparser's "some": like Many, but an empty list is an error.</summary>
    private List<RegoValue> Some(GqlKind start, GqlKind end, Func<RegoValue> item)
    {
        var items = new List<RegoValue>();
        if (!Skip(start)) return items;
        while (_peek.Kind != end) items.Add(item());
        if (items.Count == 0)
        {
            throw Error(_peek, $"expected at least one definition, found {GqlToken.KindText(_peek.Kind)}");
        }
        Next();
        return items;
    }

    /// <summary>An AST node as OPA shows it: null values and empty lists left out.</summary>
    internal static RegoObject Node(params (string Key, object? Value)[] fields)
    {
        var b = new RegoObject.Builder();
        foreach ((string key, object? value) in fields)
        {
            RegoValue? v = value switch
            {
                null => null,
                RegoValue rv => rv,
                string s => RegoString.From(s),
                bool flag => RegoBoolean.From(flag),
                int i => RegoNumber.From(i),
                List<RegoValue> list => list.Count == 0 ? null : RegoArray.From(list),
                List<string> names => names.Count == 0 ? null : RegoArray.From(names.Select(n => (RegoValue)RegoString.From(n))),
                _ => throw new InvalidOperationException("unsupported AST field value"),
            };
            if (v is null || v is RegoObject { Count: 0 }) continue;
            b.Set(key, v);
        }
        return b.Build();
    }

    private RegoObject SchemaDocument()
    {
        var schema = new List<RegoValue>();
        var schemaExtensions = new List<RegoValue>();
        var directives = new List<RegoValue>();
        var definitions = new List<RegoValue>();
        var extensions = new List<RegoValue>();
        while (_peek.Kind != GqlKind.Eof)
        {
            string description = string.Empty;
            bool hasDescription = false;
            if (_peek.Kind is GqlKind.String or GqlKind.BlockString)
            {
                description = Next().Value;
                hasDescription = true;
            }
            if (_peek.Kind != GqlKind.Name) throw Unexpected(_peek);
            switch (_peek.Value)
            {
                case "scalar" or "type" or "interface" or "union" or "enum" or "input":
                    definitions.Add(TypeDefinition(description, extension: false));
                    break;
                case "schema":
                    Next();
                    schema.Add(SchemaDefinition(description, extension: false));
                    break;
                case "directive":
                    directives.Add(DirectiveDefinition(description));
                    break;
                case "extend":
                    if (hasDescription) throw Unexpected(_prev);
                    Next();
                    if (_peek.Kind == GqlKind.Name && _peek.Value == "schema")
                    {
                        Next();
                        schemaExtensions.Add(SchemaDefinition(string.Empty, extension: true));
                    }
                    else if (_peek.Kind == GqlKind.Name && _peek.Value is "scalar" or "type" or "interface" or "union" or "enum" or "input")
                    {
                        extensions.Add(TypeDefinition(string.Empty, extension: true));
                    }
                    else
                    {
                        throw Unexpected(_peek);
                    }
                    break;
                default:
                    throw Unexpected(_peek);
            }
        }
        return Node(("Schema", schema), ("SchemaExtension", schemaExtensions), ("Directives", directives),
            ("Definitions", definitions), ("Extensions", extensions));
    }

    private RegoObject SchemaDefinition(string description, bool extension)
    {
        List<RegoValue> directives = Directives(isConst: true);
        List<RegoValue> operations = Some(GqlKind.BraceL, GqlKind.BraceR, OperationTypeDefinition);
        if (extension && directives.Count == 0 && operations.Count == 0) throw Unexpected(_peek);
        return Node(("Description", description), ("Directives", directives), ("OperationTypes", operations));
    }

    private RegoValue OperationTypeDefinition()
    {
        GqlToken op = Expect(GqlKind.Name);
        if (op.Value is not ("query" or "mutation" or "subscription")) throw Unexpected(op);
        Expect(GqlKind.Colon);
        return Node(("Operation", op.Value), ("Type", Name()));
    }
}

/// <summary>A GraphQL syntax or validation error at a position of the source.</summary>
internal sealed class GqlException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
