using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.GraphQL;

/// <summary>
/// The schema rules gqlparser enforces when loading a schema (on top of the built-in scalars and
/// directives): unique type names, extensions only of existing types of the same kind, field and argument
/// types that exist and fit (input types for inputs, output types for fields), implemented interfaces that
/// exist and are implemented in full (including the interfaces they implement), union members that are
/// object types, known directives, and schema operation types that exist.
/// </summary>
internal static class GqlSchemaValidator
{
    private static readonly string[] BuiltinScalars = ["Int", "Float", "String", "Boolean", "ID"];
    private static readonly string[] BuiltinDirectives = ["skip", "include", "deprecated", "specifiedBy", "oneOf", "defer"];

    /// <summary>Returns the first problem found, or null when the schema is valid.</summary>
    public static string? Validate(RegoObject document) => Validate(document, out _);

    /// <summary>As <see cref="Validate(RegoObject)"/>, also giving the merged types by name.</summary>
    public static string? Validate(RegoObject document, out Dictionary<string, RegoObject> allTypes)
    {
        allTypes = [];
        var types = new Dictionary<string, RegoObject>(StringComparer.Ordinal);
        foreach (string scalar in BuiltinScalars)
        {
            types[scalar] = GqlParser.Node(("Kind", "SCALAR"), ("Name", scalar));
        }
        var directives = new HashSet<string>(BuiltinDirectives, StringComparer.Ordinal);

        foreach (RegoObject d in Items(document, "Directives"))
        {
            if (!directives.Add(Str(d, "Name")) && !BuiltinDirectives.Contains(Str(d, "Name"))) return $"Cannot redeclare directive {Str(d, "Name")}.";
        }
        foreach (RegoObject def in Items(document, "Definitions"))
        {
            string name = Str(def, "Name");
            if (name.StartsWith("__", StringComparison.Ordinal)) return $"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.";
            if (types.TryGetValue(name, out RegoObject? existing) && !BuiltinScalars.Contains(name)) return $"Cannot redeclare type {name}.";
            if (existing is not null && BuiltinScalars.Contains(name) && Str(def, "Kind") != "SCALAR") return $"Cannot redeclare type {name}.";
            types[name] = def;
        }

        // Extensions merge into the types they extend, which must exist and be of the same kind.
        var merged = types.ToDictionary(kv => kv.Key, kv => kv.Value.ToBuilder(), StringComparer.Ordinal);
        foreach (RegoObject ext in Items(document, "Extensions"))
        {
            string name = Str(ext, "Name");
            if (!types.TryGetValue(name, out RegoObject? target))
            {
                // gqlparser lets an extension stand in for a type defined elsewhere (federation relies on it).
                types[name] = ext;
                merged[name] = ext.ToBuilder();
                continue;
            }
            if (Str(target, "Kind") != Str(ext, "Kind")) return $"Cannot extend type {name} because the base type is a {Str(target, "Kind")}, not {Str(ext, "Kind")}.";
            RegoObject.Builder b = merged[name];
            foreach (string list in new[] { "Fields", "Interfaces", "Types", "EnumValues", "Directives" })
            {
                var items = new List<RegoValue>();
                if (b.TryGetValue(RegoString.From(list), out RegoValue? have) && have is RegoArray ha) items.AddRange(ha.Items.ToArray());
                if (ext[list] is RegoArray add) items.AddRange(add.Items.ToArray());
                if (items.Count > 0) b.Set(list, RegoArray.From(items));
            }
        }
        Dictionary<string, RegoObject> all = merged.ToDictionary(kv => kv.Key, kv => kv.Value.Build(), StringComparer.Ordinal);
        allTypes = all;

        foreach (RegoObject def in all.Values)
        {
            string? problem = ValidateType(def, all, directives);
            if (problem is not null) return problem;
        }
        foreach (RegoObject schema in Items(document, "Schema").Concat(Items(document, "SchemaExtension")))
        {
            foreach (RegoObject op in Items(schema, "OperationTypes"))
            {
                string typeName = Str(op, "Type");
                if (!all.TryGetValue(typeName, out RegoObject? t) || Str(t, "Kind") != "OBJECT")
                {
                    return $"{Str(op, "Operation")} root type {typeName} must be an OBJECT.";
                }
            }
            string? dir = CheckDirectives(schema, directives);
            if (dir is not null) return dir;
        }
        return null;
    }

    private static string? ValidateType(RegoObject def, Dictionary<string, RegoObject> types, HashSet<string> directives)
    {
        string name = Str(def, "Name");
        string kind = Str(def, "Kind");
        string? dir = CheckDirectives(def, directives);
        if (dir is not null) return dir;
        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (RegoObject field in Items(def, "Fields"))
        {
            string fieldName = Str(field, "Name");
            if (!fieldNames.Add(fieldName)) return $"Field {name}.{fieldName} can only be defined once.";
            string typeName = NamedType((RegoObject)field["Type"]!);
            if (!types.TryGetValue(typeName, out RegoObject? fieldType)) return $"Undefined type {typeName}.";
            string fieldKind = Str(fieldType, "Kind");
            if (kind == "INPUT_OBJECT" && fieldKind is not ("SCALAR" or "ENUM" or "INPUT_OBJECT"))
            {
                return $"{fieldType["Name"]} is a non-input type and cannot be used as an input field.";
            }
            if (kind != "INPUT_OBJECT" && fieldKind == "INPUT_OBJECT")
            {
                return $"{typeName} is an input type and cannot be used as an output field.";
            }
            foreach (RegoObject arg in Items(field, "Arguments"))
            {
                string argType = NamedType((RegoObject)arg["Type"]!);
                if (!types.TryGetValue(argType, out RegoObject? at)) return $"Undefined type {argType}.";
                if (Str(at, "Kind") is not ("SCALAR" or "ENUM" or "INPUT_OBJECT")) return $"{argType} is not an input type.";
            }
            dir = CheckDirectives(field, directives);
            if (dir is not null) return dir;
        }
        var enumValues = new HashSet<string>(StringComparer.Ordinal);
        foreach (RegoObject value in Items(def, "EnumValues"))
        {
            if (!enumValues.Add(Str(value, "Name"))) return $"Enum value {name}.{Str(value, "Name")} can only be defined once.";
        }
        foreach (RegoValue member in List(def, "Types"))
        {
            string m = ((RegoString)member).Value;
            if (!types.TryGetValue(m, out RegoObject? mt) || Str(mt, "Kind") != "OBJECT") return $"UNION type \"{m}\" must be OBJECT.";
        }
        return CheckInterfaces(def, types);
    }

    private static string? CheckInterfaces(RegoObject def, Dictionary<string, RegoObject> types)
    {
        string name = Str(def, "Name");
        var declared = List(def, "Interfaces").Select(v => ((RegoString)v).Value).ToHashSet(StringComparer.Ordinal);
        foreach (string iface in declared)
        {
            if (!types.TryGetValue(iface, out RegoObject? it)) return $"Undefined type \"{iface}\".";
            if (Str(it, "Kind") != "INTERFACE") return $"{Str(def, "Kind")} {name} must only implement INTERFACE types.";
            foreach (RegoObject field in Items(it, "Fields"))
            {
                if (!Items(def, "Fields").Any(f => Str(f, "Name") == Str(field, "Name")))
                {
                    return $"For {name} to implement {iface} it must have a field called {Str(field, "Name")}.";
                }
            }
            foreach (RegoValue transitive in List(it, "Interfaces"))
            {
                string t = ((RegoString)transitive).Value;
                if (!declared.Contains(t)) return $"{Str(def, "Kind")} {name} must implement {t} because it is implemented by {iface}.";
            }
        }
        return null;
    }

    private static string? CheckDirectives(RegoObject node, HashSet<string> directives)
    {
        foreach (RegoObject d in Items(node, "Directives"))
        {
            if (!directives.Contains(Str(d, "Name"))) return $"Undefined directive {Str(d, "Name")}.";
        }
        return null;
    }

    private static string NamedType(RegoObject type) =>
        type["Elem"] is RegoObject elem ? NamedType(elem) : Str(type, "NamedType");

    private static string Str(RegoObject o, string key) => o[key] is RegoString s ? s.Value : string.Empty;

    private static IEnumerable<RegoValue> List(RegoObject o, string key) =>
        o[key] is RegoArray a ? a.Items.ToArray() : [];

    private static IEnumerable<RegoObject> Items(RegoObject o, string key) => List(o, key).OfType<RegoObject>();
}
