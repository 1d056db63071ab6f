using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.GraphQL;

// Executable documents: operations, fragments, selection sets and variables, as gqlparser reads them.
internal sealed partial class GqlParser
{
    /// <summary>Parses a query document; throws <see cref="GqlException"/> on the first syntax error.</summary>
    public static RegoObject ParseQuery(string source) => new GqlParser(source).QueryDocument();

    /// <summary>Parses a query and also returns where each field, fragment and operation starts, for validation errors.</summary>
    public static (RegoObject Document, Dictionary<RegoValue, (int Line, int Column)> Positions) ParseQueryWithPositions(string source)
    {
        var parser = new GqlParser(source);
        RegoObject document = parser.QueryDocument();
        return (document, parser._positions);
    }

    // Keyed by node identity: the pruned AST carries no positions, validation errors still need them.
    private readonly Dictionary<RegoValue, (int Line, int Column)> _positions = new(ReferenceEqualityComparer.Instance);

    private RegoObject At(GqlToken start, RegoObject node)
    {
        _positions[node] = (start.Line, start.Column);
        return node;
    }

    private RegoObject QueryDocument()
    {
        var operations = new List<RegoValue>();
        var fragments = new List<RegoValue>();
        while (_peek.Kind != GqlKind.Eof)
        {
            if (_peek.Kind == GqlKind.BraceL)
            {
                operations.Add(Node(("Name", string.Empty), ("Operation", "query"), ("SelectionSet", SelectionSet())));
                continue;
            }
            if (_peek.Kind != GqlKind.Name) throw Unexpected(_peek);
            switch (_peek.Value)
            {
                case "query" or "mutation" or "subscription":
                    operations.Add(OperationDefinition());
                    break;
                case "fragment":
                    fragments.Add(FragmentDefinition());
                    break;
                default:
                    throw Unexpected(_peek);
            }
        }
        return Node(("Fragments", fragments), ("Operations", operations));
    }

    private RegoObject OperationDefinition()
    {
        GqlToken start = _peek;
        string operation = Next().Value;
        string name = _peek.Kind == GqlKind.Name ? Next().Value : string.Empty;
        List<RegoValue> variables = Many(GqlKind.ParenL, GqlKind.ParenR, VariableDefinition);
        List<RegoValue> directives = Directives(isConst: false);
        List<RegoValue> selections = SelectionSet();
        return At(start, Node(("Directives", directives), ("Name", name), ("Operation", operation), ("SelectionSet", selections),
            ("VariableDefinitions", variables)));
    }

    private RegoValue VariableDefinition()
    {
        GqlToken start = Expect(GqlKind.Dollar);
        string name = Name();
        Expect(GqlKind.Colon);
        RegoObject type = TypeReference();
        RegoObject? defaultValue = Skip(GqlKind.Equals) ? Value(isConst: true) : null;
        List<RegoValue> directives = Directives(isConst: true);
        return At(start, Node(("DefaultValue", defaultValue), ("Directives", directives), ("Type", type), ("Used", false), ("Variable", name)));
    }

    private RegoObject FragmentDefinition()
    {
        ExpectKeyword("fragment");
        if (_peek.Kind == GqlKind.Name && _peek.Value == "on") throw Unexpected(_peek);
        string name = Name();
        List<RegoValue> variables = Many(GqlKind.ParenL, GqlKind.ParenR, VariableDefinition);
        ExpectKeyword("on");
        string typeCondition = Name();
        List<RegoValue> directives = Directives(isConst: false);
        List<RegoValue> selections = SelectionSet();
        return Node(("Directives", directives), ("Name", name), ("SelectionSet", selections), ("TypeCondition", typeCondition),
            ("VariableDefinition", variables));
    }

    private List<RegoValue> SelectionSet() => Some(GqlKind.BraceL, GqlKind.BraceR, Selection);

    private RegoValue Selection()
    {
        if (_peek.Kind == GqlKind.Spread) return Fragment();
        GqlToken start = _peek;
        string name = Name();
        string alias = name;
        if (Skip(GqlKind.Colon))
        {
            name = Name();
        }
        List<RegoValue> args = Many(GqlKind.ParenL, GqlKind.ParenR, () => Argument(isConst: false));
        List<RegoValue> directives = Directives(isConst: false);
        List<RegoValue> selections = _peek.Kind == GqlKind.BraceL ? SelectionSet() : [];
        return At(start, Node(("Alias", alias), ("Arguments", args), ("Directives", directives), ("Name", name), ("SelectionSet", selections)));
    }

    private RegoValue Fragment()
    {
        GqlToken start = Expect(GqlKind.Spread);
        if (_peek.Kind == GqlKind.Name && _peek.Value != "on")
        {
            string spread = Next().Value;
            return At(start, Node(("Directives", Directives(isConst: false)), ("Name", spread)));
        }
        string typeCondition = string.Empty;
        if (_peek.Kind == GqlKind.Name && _peek.Value == "on")
        {
            Next();
            typeCondition = Name();
        }
        List<RegoValue> directives = Directives(isConst: false);
        List<RegoValue> selections = SelectionSet();
        return At(start, Node(("Directives", directives), ("SelectionSet", selections), ("TypeCondition", typeCondition)));
    }
}
