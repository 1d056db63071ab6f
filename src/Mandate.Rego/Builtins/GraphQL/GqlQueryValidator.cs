using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.GraphQL;

/// <summary>
/// The query rules of gqlparser's validator that policies meet most: root operation types exist, fields
/// exist on their type, arguments are known and required ones given, leaf fields have no selections and
/// composite ones do, variables are defined, used and of input types, fragments are known and used.
/// Errors carry gqlparser's wording and the position of the offending node.
/// </summary>
internal sealed class GqlQueryValidator
{
    private static readonly string[] MetaFields = ["__typename", "__schema", "__type"];

    private readonly Dictionary<string, RegoObject> _types;
    private readonly Dictionary<RegoValue, (int Line, int Column)> _positions;
    private readonly Dictionary<string, RegoObject> _fragments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedFragments = new(StringComparer.Ordinal);
    private HashSet<string> _usedVariables = new(StringComparer.Ordinal);
    private HashSet<string> _visitedFragments = new(StringComparer.Ordinal);

    private GqlQueryValidator(Dictionary<string, RegoObject> types, Dictionary<RegoValue, (int, int)> positions)
    {
        _types = types;
        _positions = positions;
    }

    /// <summary>Throws <see cref="GqlException"/> for the first rule the query breaks.</summary>
    public static void Validate(RegoObject schemaDocument, Dictionary<string, RegoObject> types, RegoObject query,
        Dictionary<RegoValue, (int, int)> positions)
    {
        var v = new GqlQueryValidator(types, positions);
        var roots = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["query"] = "Query",
            ["mutation"] = "Mutation",
            ["subscription"] = "Subscription",
        };
        foreach (RegoObject schema in Items(schemaDocument, "Schema").Concat(Items(schemaDocument, "SchemaExtension")))
        {
            foreach (RegoObject op in Items(schema, "OperationTypes")) roots[Str(op, "Operation")] = Str(op, "Type");
        }
        foreach (RegoObject fragment in Items(query, "Fragments")) v._fragments[Str(fragment, "Name")] = fragment;
        foreach (RegoObject op in Items(query, "Operations"))
        {
            string opType = Str(op, "Operation");
            if (!types.TryGetValue(roots[opType], out RegoObject? root))
            {
                throw v.Error(op, $"Schema does not support operation type \"{opType}\"");
            }
            v._usedVariables = new HashSet<string>(StringComparer.Ordinal);
            // Fragments are walked once per operation: their variables count for each operation using them.
            v._visitedFragments = new HashSet<string>(StringComparer.Ordinal);
            v.DirectiveVariables(op);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (RegoObject variable in Items(op, "VariableDefinitions"))
            {
                string name = Str(variable, "Variable");
                if (!defined.Add(name)) throw v.Error(variable, $"There can be only one variable named \"${name}\".");
                string typeName = NamedType((RegoObject)variable["Type"]!);
                if (!types.TryGetValue(typeName, out RegoObject? vt)) throw v.Error(variable, $"Unknown type \"{typeName}\".");
                if (Str(vt, "Kind") is not ("SCALAR" or "ENUM" or "INPUT_OBJECT"))
                {
                    throw v.Error(variable, $"Variable \"${name}\" cannot be non-input type \"{TypeText((RegoObject)variable["Type"]!)}\".");
                }
            }
            v.SelectionSet(op, root);
            foreach (string used in v._usedVariables)
            {
                if (!defined.Contains(used)) throw v.Error(op, $"Variable \"${used}\" is not defined.");
            }
            foreach (RegoObject variable in Items(op, "VariableDefinitions"))
            {
                if (!v._usedVariables.Contains(Str(variable, "Variable"))) throw v.Error(variable, $"Variable \"${Str(variable, "Variable")}\" is never used.");
            }
        }
        foreach ((string name, RegoObject fragment) in v._fragments)
        {
            if (!v._usedFragments.Contains(name)) throw v.Error(fragment, $"Fragment \"{name}\" is never used.");
        }
    }

    private void SelectionSet(RegoObject node, RegoObject parentType)
    {
        foreach (RegoObject selection in Items(node, "SelectionSet"))
        {
            DirectiveVariables(selection);
            if (selection["Alias"] is not null)
            {
                Field(selection, parentType);
            }
            else if (selection["SelectionSet"] is null)
            {
                string name = Str(selection, "Name");
                if (!_fragments.TryGetValue(name, out RegoObject? fragment)) throw Error(selection, $"Unknown fragment \"{name}\".");
                _usedFragments.Add(name);
                if (_visitedFragments.Add(name))
                {
                    DirectiveVariables(fragment);
                    SelectionSet(fragment, TypeOrThrow(fragment, Str(fragment, "TypeCondition")));
                }
            }
            else
            {
                string condition = Str(selection, "TypeCondition");
                SelectionSet(selection, condition.Length == 0 ? parentType : TypeOrThrow(selection, condition));
            }
        }
    }

    private RegoObject TypeOrThrow(RegoObject node, string name) =>
        _types.TryGetValue(name, out RegoObject? t) ? t : throw Error(node, $"Unknown type \"{name}\".");

    private void Field(RegoObject field, RegoObject parentType)
    {
        string name = Str(field, "Name");
        string parentName = Str(parentType, "Name");
        foreach (RegoObject arg in Items(field, "Arguments")) CollectVariables((RegoObject)arg["Value"]!);
        if (MetaFields.Contains(name)) return;
        RegoObject? definition = Items(parentType, "Fields").FirstOrDefault(f => Str(f, "Name") == name);
        if (definition is null) throw Error(field, $"Cannot query field \"{name}\" on type \"{parentName}\".");

        var given = Items(field, "Arguments").Select(a => Str(a, "Name")).ToHashSet(StringComparer.Ordinal);
        foreach (string arg in given)
        {
            if (!Items(definition, "Arguments").Any(a => Str(a, "Name") == arg))
            {
                throw Error(field, $"Unknown argument \"{arg}\" on field \"{parentName}.{name}\".");
            }
        }
        foreach (RegoObject arg in Items(definition, "Arguments"))
        {
            var type = (RegoObject)arg["Type"]!;
            if (type["NonNull"] is RegoBoolean { Value: true } && arg["DefaultValue"] is null && !given.Contains(Str(arg, "Name")))
            {
                throw Error(field, $"Field \"{name}\" argument \"{Str(arg, "Name")}\" of type \"{TypeText(type)}\" is required, but it was not provided.");
            }
        }

        var fieldType = (RegoObject)definition["Type"]!;
        string typeName = NamedType(fieldType);
        if (!_types.TryGetValue(typeName, out RegoObject? target)) throw Error(field, $"Unknown type \"{typeName}\".");
        bool leaf = Str(target, "Kind") is "SCALAR" or "ENUM";
        bool hasSelection = field["SelectionSet"] is not null;
        if (leaf && hasSelection)
        {
            throw Error(field, $"Field \"{name}\" must not have a selection since type \"{TypeText(fieldType)}\" has no subfields.");
        }
        if (!leaf && !hasSelection)
        {
            throw Error(field, $"Field \"{name}\" of type \"{TypeText(fieldType)}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?");
        }
        if (hasSelection) SelectionSet(field, target);
    }

    private void DirectiveVariables(RegoObject node)
    {
        foreach (RegoObject directive in Items(node, "Directives"))
        {
            foreach (RegoObject arg in Items(directive, "Arguments")) CollectVariables((RegoObject)arg["Value"]!);
        }
    }

    private void CollectVariables(RegoObject value)
    {
        if (value["Kind"] is RegoNumber n && n.TryGetInt32(out int kind) && kind == 0) _usedVariables.Add(Str(value, "Raw"));
        foreach (RegoObject child in Items(value, "Children"))
        {
            if (child["Value"] is RegoObject inner) CollectVariables(inner);
        }
    }

    private GqlException Error(RegoObject node, string message)
    {
        (int line, int column) = _positions.TryGetValue(node, out var p) ? p : (0, 0);
        return new GqlException(message.TrimEnd('.'), line, column);
    }

    private static string TypeText(RegoObject type)
    {
        string inner = type["Elem"] is RegoObject elem ? "[" + TypeText(elem) + "]" : Str(type, "NamedType");
        return type["NonNull"] is RegoBoolean { Value: true } ? inner + "!" : inner;
    }

    private static string NamedType(RegoObject type) =>
        type["Elem"] is RegoObject elem ? NamedType(elem) : Str(type, "NamedType");

    private static string Str(RegoObject o, string key) => o[key] is RegoString s ? s.Value : string.Empty;

    private static IEnumerable<RegoObject> Items(RegoObject o, string key) =>
        o[key] is RegoArray a ? a.Items.ToArray().OfType<RegoObject>() : [];
}
