using System.Text.RegularExpressions;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>A schema that cannot be compiled; the message is the text OPA (gojsonschema) gives.</summary>
internal sealed class JsonSchemaException(string message) : Exception(message);

/// <summary>
/// A compiled JSON Schema (drafts 4, 6 and 7, as gojsonschema, the library behind OPA's
/// <c>json.verify_schema</c>/<c>json.match_schema</c>, accepts them). Compiling checks the keywords' shapes so
/// that a bad schema is reported once, up front; validation is in <see cref="JsonSchemaValidator"/>.
/// Only local references (<c>#</c>, <c>#/definitions/…</c>) are followed: OPA forbids network access here.
/// </summary>
internal sealed class JsonSchema
{
    internal static readonly string[] PrimitiveTypes = ["array", "boolean", "integer", "number", "null", "object", "string"];

    private JsonSchema(RegoValue source, JsonSchema? root)
    {
        Source = source;
        Root = root ?? this;
    }

    public RegoValue Source { get; }

    public JsonSchema Root { get; }

    /// <summary>true/false for boolean schemas, null for object schemas.</summary>
    public bool? Pass { get; private set; }

    public string? Reference { get; private set; }

    public string[] Types { get; private set; } = [];

    public Dictionary<string, JsonSchema> Properties { get; } = new(StringComparer.Ordinal);

    public List<(Regex Pattern, string Text, JsonSchema Schema)> PatternProperties { get; } = [];

    public JsonSchema? AdditionalProperties { get; private set; }

    public string[] Required { get; private set; } = [];

    public Dictionary<string, string[]> PropertyDependencies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonSchema> SchemaDependencies { get; } = new(StringComparer.Ordinal);

    public JsonSchema? PropertyNames { get; private set; }

    public JsonSchema? Items { get; private set; }

    public List<JsonSchema>? ItemsList { get; private set; }

    public JsonSchema? AdditionalItems { get; private set; }

    public JsonSchema? Contains { get; private set; }

    public List<JsonSchema> AllOf { get; } = [];

    public List<JsonSchema> AnyOf { get; } = [];

    public List<JsonSchema> OneOf { get; } = [];

    public JsonSchema? Not { get; private set; }

    public JsonSchema? If { get; private set; }

    public JsonSchema? Then { get; private set; }

    public JsonSchema? Else { get; private set; }

    public RegoValue? Const { get; private set; }

    public RegoArray? Enum { get; private set; }

    public long? MinLength { get; private set; }

    public long? MaxLength { get; private set; }

    public long? MinItems { get; private set; }

    public long? MaxItems { get; private set; }

    public long? MinProperties { get; private set; }

    public long? MaxProperties { get; private set; }

    public bool UniqueItems { get; private set; }

    public (Regex Regex, string Text)? Pattern { get; private set; }

    public string? Format { get; private set; }

    public double? MultipleOf { get; private set; }

    public double? Minimum { get; private set; }

    public double? Maximum { get; private set; }

    public double? ExclusiveMinimum { get; private set; }

    public double? ExclusiveMaximum { get; private set; }

    public static JsonSchema Compile(RegoValue schema) => Compile(schema, null);

    private static JsonSchema Compile(RegoValue value, JsonSchema? root)
    {
        var schema = new JsonSchema(value, root);
        switch (value)
        {
            case RegoBoolean b:
                schema.Pass = b.Value;
                return schema;
            case RegoObject o:
                schema.Read(o);
                return schema;
            default:
                throw new JsonSchemaException($"Invalid type. Expected: object or boolean, given: {TypeName(value)}");
        }
    }

    /// <summary>Resolves a local JSON pointer reference against the root schema.</summary>
    public JsonSchema Resolve()
    {
        var reference = Reference!;
        if (!reference.StartsWith('#'))
        {
            throw new JsonSchemaException($"References to remote schemas are not supported: {reference}");
        }
        RegoValue target = Root.Source;
        foreach (var rawPart in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = Uri.UnescapeDataString(rawPart).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            target = target switch
            {
                RegoObject o when o[part] is { } next => next,
                RegoArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new JsonSchemaException($"Object has no key '{part}'"),
            };
        }
        return ReferenceEquals(target, Root.Source) ? Root : Compile(target, Root);
    }

    private void Read(RegoObject o)
    {
        if (o["$ref"] is { } reference)
        {
            Reference = reference is RegoString s ? s.Value : throw Shape("$ref", "string");
        }
        if (o["type"] is { } type)
        {
            var names = type switch
            {
                RegoString s => [s.Value],
                RegoArray a => a.Items.ToArray().Select(t => t is RegoString ts ? ts.Value : throw Shape("type", "string")).ToArray(),
                _ => throw Shape("type", "string/array of strings"),
            };
            foreach (var name in names)
            {
                if (!PrimitiveTypes.Contains(name))
                {
                    throw new JsonSchemaException($"has a primitive type that is NOT VALID -- given: /{name}/ Expected valid values are:[{string.Join(' ', PrimitiveTypes)}]");
                }
            }
            Types = names;
        }
        if (o["properties"] is { } properties)
        {
            foreach (var (name, sub) in Members(properties, "properties"))
            {
                Properties[name] = Compile(sub, Root);
            }
        }
        if (o["patternProperties"] is { } patterns)
        {
            foreach (var (propertyPattern, sub) in Members(patterns, "patternProperties"))
            {
                PatternProperties.Add((Regex(propertyPattern), propertyPattern, Compile(sub, Root)));
            }
        }
        AdditionalProperties = Optional(o, "additionalProperties");
        if (o["required"] is { } required)
        {
            Required = required is RegoArray ra
                ? ra.Items.ToArray().Select(r => r is RegoString rs ? rs.Value : throw Shape("required", "array of strings")).ToArray()
                : throw Shape("required", "array");
        }
        if (o["dependencies"] is { } dependencies)
        {
            foreach (var (name, dependency) in Members(dependencies, "dependencies"))
            {
                if (dependency is RegoArray list)
                {
                    PropertyDependencies[name] = list.Items.ToArray().Select(d => d is RegoString ds ? ds.Value : throw Shape("dependencies", "array of strings")).ToArray();
                }
                else
                {
                    SchemaDependencies[name] = Compile(dependency, Root);
                }
            }
        }
        PropertyNames = Optional(o, "propertyNames");
        if (o["items"] is RegoArray itemList)
        {
            ItemsList = itemList.Items.ToArray().Select(i => Compile(i, Root)).ToList();
        }
        else
        {
            Items = Optional(o, "items");
        }
        AdditionalItems = Optional(o, "additionalItems");
        Contains = Optional(o, "contains");
        ReadList(o, "allOf", AllOf);
        ReadList(o, "anyOf", AnyOf);
        ReadList(o, "oneOf", OneOf);
        Not = Optional(o, "not");
        If = Optional(o, "if");
        Then = Optional(o, "then");
        Else = Optional(o, "else");
        Const = o["const"];
        if (o["enum"] is { } enumValue)
        {
            Enum = enumValue as RegoArray ?? throw Shape("enum", "array");
        }
        MinLength = Count(o, "minLength");
        MaxLength = Count(o, "maxLength");
        MinItems = Count(o, "minItems");
        MaxItems = Count(o, "maxItems");
        MinProperties = Count(o, "minProperties");
        MaxProperties = Count(o, "maxProperties");
        if (o["uniqueItems"] is { } unique)
        {
            UniqueItems = unique is RegoBoolean ub ? ub.Value : throw Shape("uniqueItems", "boolean");
        }
        if (o["pattern"] is { } pattern)
        {
            var text = pattern is RegoString ps ? ps.Value : throw Shape("pattern", "string");
            Pattern = (Regex(text), text);
        }
        if (o["format"] is { } format)
        {
            Format = format is RegoString fs ? fs.Value : throw Shape("format", "string");
        }
        MultipleOf = Number(o, "multipleOf");
        if (MultipleOf is <= 0)
        {
            throw new JsonSchemaException("multipleOf must be strictly greater than 0");
        }
        Minimum = Number(o, "minimum");
        Maximum = Number(o, "maximum");
        // Draft 4 writes exclusive bounds as booleans beside minimum/maximum; drafts 6+ as numbers.
        (Minimum, ExclusiveMinimum) = Bound(o, "minimum", "exclusiveMinimum", Minimum);
        (Maximum, ExclusiveMaximum) = Bound(o, "maximum", "exclusiveMaximum", Maximum);
    }

    // Draft 4 writes an exclusive bound as a boolean beside minimum/maximum; drafts 6+ as its own number.
    private static (double? Inclusive, double? Exclusive) Bound(RegoObject o, string inclusiveKeyword, string exclusiveKeyword, double? inclusive)
    {
        switch (o[exclusiveKeyword])
        {
            case null:
            case RegoBoolean { Value: false }:
                return (inclusive, null);
            case RegoBoolean:
                return inclusive is { } bound
                    ? (null, bound)
                    : throw new JsonSchemaException($"{exclusiveKeyword} cannot be used without {inclusiveKeyword}");
            case RegoNumber n:
                return (inclusive, n.ToDouble());
            default:
                throw Shape(exclusiveKeyword, "number");
        }
    }

    private JsonSchema? Optional(RegoObject o, string keyword) => o[keyword] is { } value ? Compile(value, Root) : null;

    private void ReadList(RegoObject o, string keyword, List<JsonSchema> target)
    {
        if (o[keyword] is not { } value)
        {
            return;
        }
        if (value is not RegoArray { Count: > 0 } list)
        {
            throw Shape(keyword, "non-empty array");
        }
        target.AddRange(list.Items.ToArray().Select(s => Compile(s, Root)));
    }

    private static IEnumerable<(string Name, RegoValue Value)> Members(RegoValue value, string keyword)
    {
        var o = value as RegoObject ?? throw Shape(keyword, "object");
        for (var i = 0; i < o.Count; i++)
        {
            yield return (o.Keys[i] is RegoString s ? s.Value : o.Keys[i].ToString(), o.Values[i]);
        }
    }

    private static long? Count(RegoObject o, string keyword) => o[keyword] switch
    {
        null => null,
        RegoNumber n when n.TryGetInt64(out var v) && v >= 0 => v,
        _ => throw new JsonSchemaException($"{keyword} must be of an integer"),
    };

    private static double? Number(RegoObject o, string keyword) => o[keyword] switch
    {
        null => null,
        RegoNumber n => n.ToDouble(),
        _ => throw new JsonSchemaException($"{keyword} must be of a number"),
    };

    // gojsonschema compiles patterns with Go's regexp (RE2 syntax, linear-time matching); GoRegex translates
    // that syntax, so a policy's schema means the same here as in OPA and cannot backtrack catastrophically.
    private static Regex Regex(string pattern)
    {
        try
        {
            return GoRegex.Compile(pattern);
        }
        catch (GoRegexException)
        {
            throw new JsonSchemaException($"Invalid regex pattern '{pattern}'");
        }
    }

    private static JsonSchemaException Shape(string keyword, string expected) =>
        new($"Invalid type. Expected: {expected}, given: {keyword}");

    /// <summary>gojsonschema's type name of a value: whole numbers are "integer".</summary>
    public static string TypeName(RegoValue value) => value switch
    {
        RegoNull => "null",
        RegoBoolean => "boolean",
        RegoNumber n => IsInteger(n) ? "integer" : "number",
        RegoString => "string",
        RegoArray => "array",
        _ => "object",
    };

    public static bool IsInteger(RegoNumber n) => n.IsInteger || (double.IsFinite(n.ToDouble()) && Math.Floor(n.ToDouble()) == n.ToDouble());
}
