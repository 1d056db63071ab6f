using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.GraphQL;

// Type system definitions: types, fields, arguments, type references, values and directives.
internal sealed partial class GqlParser
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["scalar"] = "SCALAR",
        ["type"] = "OBJECT",
        ["interface"] = "INTERFACE",
        ["union"] = "UNION",
        ["enum"] = "ENUM",
        ["input"] = "INPUT_OBJECT",
    };

    /// <summary>
    /// A type definition or extension. An extension must add something (interfaces, directives, fields,
    /// members or values), else gqlparser reports the next token as unexpected.
    /// </summary>
    private RegoObject TypeDefinition(string description, bool extension)
    {
        string keyword = Next().Value;
        string kind = Kinds[keyword];
        string name = Name();
        List<string> interfaces = [];
        List<RegoValue> directives;
        List<RegoValue> fields = [];
        List<string> types = [];
        List<RegoValue> values = [];
        switch (kind)
        {
            case "OBJECT":
            case "INTERFACE":
                interfaces = ImplementsInterfaces();
                directives = Directives(isConst: true);
                fields = Some(GqlKind.BraceL, GqlKind.BraceR, FieldDefinition);
                break;
            case "UNION":
                directives = Directives(isConst: true);
                types = UnionMembers();
                break;
            case "ENUM":
                directives = Directives(isConst: true);
                values = Some(GqlKind.BraceL, GqlKind.BraceR, EnumValueDefinition);
                break;
            case "INPUT_OBJECT":
                directives = Directives(isConst: true);
                fields = Some(GqlKind.BraceL, GqlKind.BraceR, InputValueDefinition);
                break;
            default:
                directives = Directives(isConst: true);
                break;
        }
        if (extension && interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0 && types.Count == 0 && values.Count == 0)
        {
            throw Unexpected(_peek);
        }
        return Node(("BuiltIn", false), ("Description", description), ("Directives", directives), ("EnumValues", values),
            ("Fields", fields), ("Interfaces", interfaces), ("Kind", kind), ("Name", name), ("Types", types));
    }

    private List<string> ImplementsInterfaces()
    {
        var names = new List<string>();
        if (_peek.Kind != GqlKind.Name || _peek.Value != "implements") return names;
        Next();
        Skip(GqlKind.Amp);
        names.Add(Name());
        while (Skip(GqlKind.Amp)) names.Add(Name());
        return names;
    }

    private List<string> UnionMembers()
    {
        var names = new List<string>();
        if (!Skip(GqlKind.Equals)) return names;
        Skip(GqlKind.Pipe);
        names.Add(Name());
        while (Skip(GqlKind.Pipe)) names.Add(Name());
        return names;
    }

    private string Description() =>
        _peek.Kind is GqlKind.String or GqlKind.BlockString ? Next().Value : string.Empty;

    private RegoValue FieldDefinition()
    {
        string description = Description();
        string name = Name();
        List<RegoValue> args = Many(GqlKind.ParenL, GqlKind.ParenR, InputValueDefinition);
        Expect(GqlKind.Colon);
        RegoObject type = TypeReference();
        List<RegoValue> directives = Directives(isConst: true);
        return Node(("Arguments", args), ("Description", description), ("Directives", directives), ("Name", name), ("Type", type));
    }

    private RegoValue InputValueDefinition()
    {
        string description = Description();
        string name = Name();
        Expect(GqlKind.Colon);
        RegoObject type = TypeReference();
        RegoObject? defaultValue = Skip(GqlKind.Equals) ? Value(isConst: true) : null;
        List<RegoValue> directives = Directives(isConst: true);
        return Node(("DefaultValue", defaultValue), ("Description", description), ("Directives", directives), ("Name", name), ("Type", type));
    }

    private RegoValue EnumValueDefinition()
    {
        string description = Description();
        string name = Name();
        List<RegoValue> directives = Directives(isConst: true);
        return Node(("Description", description), ("Directives", directives), ("Name", name));
    }

    private RegoObject DirectiveDefinition(string description)
    {
        ExpectKeyword("directive");
        Expect(GqlKind.At);
        string name = Name();
        List<RegoValue> args = Many(GqlKind.ParenL, GqlKind.ParenR, InputValueDefinition);
        bool repeatable = false;
        if (_peek.Kind == GqlKind.Name && _peek.Value == "repeatable")
        {
            Next();
            repeatable = true;
        }
        ExpectKeyword("on");
        var locations = new List<string>();
        Skip(GqlKind.Pipe);
        locations.Add(DirectiveLocation());
        while (Skip(GqlKind.Pipe)) locations.Add(DirectiveLocation());
        return Node(("Arguments", args), ("Description", description), ("IsRepeatable", repeatable), ("Locations", locations), ("Name", name));
    }

    private string DirectiveLocation()
    {
        GqlToken t = Expect(GqlKind.Name);
        return DirectiveLocations.Contains(t.Value) ? t.Value : throw Unexpected(t);
    }

    private RegoObject TypeReference()
    {
        RegoObject type;
        if (Skip(GqlKind.BracketL))
        {
            RegoObject elem = TypeReference();
            Expect(GqlKind.BracketR);
            type = Node(("Elem", elem), ("NamedType", string.Empty), ("NonNull", Skip(GqlKind.Bang)));
        }
        else
        {
            string name = Name();
            type = Node(("NamedType", name), ("NonNull", Skip(GqlKind.Bang)));
        }
        return type;
    }

    private List<RegoValue> Directives(bool isConst)
    {
        var list = new List<RegoValue>();
        while (_peek.Kind == GqlKind.At)
        {
            Next();
            string name = Name();
            List<RegoValue> args = Many(GqlKind.ParenL, GqlKind.ParenR, () => Argument(isConst));
            list.Add(Node(("Arguments", args), ("Location", string.Empty), ("Name", name)));
        }
        return list;
    }

    private RegoValue Argument(bool isConst)
    {
        string name = Name();
        Expect(GqlKind.Colon);
        return Node(("Name", name), ("Value", Value(isConst)));
    }

    /// <summary>gqlparser's value kinds: Variable 0, Int 1, Float 2, String 3, Block 4, Boolean 5, Null 6, Enum 7, List 8, Object 9.</summary>
    private RegoObject Value(bool isConst)
    {
        GqlToken t = _peek;
        switch (t.Kind)
        {
            case GqlKind.BracketL:
                List<RegoValue> items = Many(GqlKind.BracketL, GqlKind.BracketR,
                    () => Node(("Name", string.Empty), ("Value", Value(isConst))));
                return ValueNode(8, string.Empty, items);
            case GqlKind.BraceL:
                List<RegoValue> fields = Many(GqlKind.BraceL, GqlKind.BraceR, () =>
                {
                    string fieldName = Name();
                    Expect(GqlKind.Colon);
                    return Node(("Name", fieldName), ("Value", Value(isConst)));
                });
                return ValueNode(9, string.Empty, fields);
            case GqlKind.Dollar when !isConst:
                Next();
                return ValueNode(0, Name(), []);
            case GqlKind.Int:
                return ValueNode(1, Next().Value, []);
            case GqlKind.Float:
                return ValueNode(2, Next().Value, []);
            case GqlKind.String:
                return ValueNode(3, Next().Value, []);
            case GqlKind.BlockString:
                return ValueNode(4, Next().Value, []);
            case GqlKind.Name:
                Next();
                int kind = t.Value switch { "true" or "false" => 5, "null" => 6, _ => 7 };
                return ValueNode(kind, t.Value, []);
            default:
                throw Unexpected(t);
        }
    }

    private static RegoObject ValueNode(int kind, string raw, List<RegoValue> children) =>
        Node(("Children", children), ("ExpectedTypeHasDefault", false), ("Kind", kind), ("Raw", raw));
}
