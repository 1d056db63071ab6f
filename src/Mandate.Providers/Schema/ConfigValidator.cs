using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;

namespace Mandate.Providers.Schema;

/// <summary>
/// Turns a user's JSON config into a value of a block's implied type, checking it against the schema on the way:
/// unknown names (with the closest valid names), missing required attributes, wrong types (naming the expected
/// type), computed-only attributes set, and block counts outside min/max. Every problem is reported in one pass,
/// each with its path (<c>attribute[0].name</c>). Absent blocks become what Terraform decodes them to: empty
/// list/set/map, null single block, all-null group. Attributes the schema marks sensitive get the sensitive mark.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Validates <paramref name="config"/> (a JSON object, or null for an empty config) against <paramref name="schema"/>.</summary>
    public static ConfigValidationResult Validate(SchemaBlock schema, JsonNode? config)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var context = new Context();
        var value = ValidateBlock(schema, config ?? new JsonObject(), CtyPath.Root, context);
        return new ConfigValidationResult(context.Errors.Count == 0 ? value : null, context.Errors, context.Warnings);
    }

    private sealed class Context
    {
        public List<SchemaDiagnostic> Errors { get; } = [];
        public List<SchemaDiagnostic> Warnings { get; } = [];

        public void Error(string code, CtyPath path, string message, IReadOnlyList<string>? suggestions = null) =>
            Errors.Add(new SchemaDiagnostic(code, path, message, suggestions ?? []));
    }

    private static CtyValue ValidateBlock(SchemaBlock block, JsonNode node, CtyPath path, Context context) =>
        ValidateObject(block.Attributes, block.BlockTypes, block.ImpliedType(), node, path, context);

    private static CtyValue ValidateObject(IReadOnlyDictionary<string, SchemaAttribute> attributes, IReadOnlyDictionary<string, SchemaNestedBlock> blocks,
        CtyType type, JsonNode node, CtyPath path, Context context)
    {
        if (node is not JsonObject obj)
        {
            context.Error(SchemaErrorCodes.WrongType, path, $"expected an object with attributes {Names(attributes, blocks)}, got {Describe(node)}.");
            return CtyValue.Null(type);
        }

        foreach (var (name, _) in obj)
        {
            if (attributes.ContainsKey(name) || blocks.ContainsKey(name)) continue;
            var settable = attributes.Values.Where(a => !a.IsComputedOnly).Select(a => a.Name).Concat(blocks.Keys).ToList();
            var suggestions = DidYouMean.Suggest(name, settable);
            context.Error(SchemaErrorCodes.UnknownAttribute, path.Attribute(name), suggestions.Count > 0
                ? $"unknown attribute \"{name}\"; did you mean {string.Join(" or ", suggestions.Select(s => $"\"{s}\""))}?"
                : $"unknown attribute \"{name}\"; valid names here: {string.Join(", ", settable.Order(StringComparer.Ordinal))}.", suggestions);
        }

        var values = new Dictionary<string, CtyValue>(attributes.Count + blocks.Count, StringComparer.Ordinal);
        foreach (var (name, attribute) in attributes)
            values[name] = ValidateAttribute(attribute, obj[name], path.Attribute(name), context);
        foreach (var (name, block) in blocks)
            values[name] = ValidateNestedBlock(block, obj[name], path.Attribute(name), context);
        return context.Errors.Count == 0 ? CtyValue.Object(type, values) : CtyValue.Null(type);
    }

    private static CtyValue ValidateAttribute(SchemaAttribute attribute, JsonNode? node, CtyPath path, Context context)
    {
        var type = attribute.ImpliedType();
        if (node is null)
        {
            if (attribute.Required)
                context.Error(SchemaErrorCodes.MissingRequired, path, $"the required attribute \"{attribute.Name}\" is missing; set it to a {type.FriendlyName()}{Hint(attribute)}.");
            return CtyValue.Null(type);
        }

        if (attribute.IsComputedOnly)
        {
            context.Error(SchemaErrorCodes.ComputedOnly, path, $"\"{attribute.Name}\" is computed by the provider and cannot be set; remove it from the config.");
            return CtyValue.Null(type);
        }

        if (attribute.Deprecated)
            context.Warnings.Add(new SchemaDiagnostic(SchemaErrorCodes.Deprecated, path, $"\"{attribute.Name}\" is deprecated{Hint(attribute)}.", []));

        CtyValue value;
        if (attribute.NestedType is { } nested)
        {
            value = ValidateRepeated(nested.Nesting, nested.MinItems, nested.MaxItems, attribute.Name, type,
                (n, p) => ValidateObject(nested.Attributes, EmptyBlocks, ObjectType(nested), n, p, context), node, path, context);
        }
        else
        {
            var converted = CtyPlainJson.FromJson(node, type, out var errors);
            foreach (var e in errors) context.Error(SchemaErrorCodes.WrongType, CtyPath.Of(path.Steps.Concat(e.Path.Steps)), e.Message);
            value = converted ?? CtyValue.Null(type);
        }

        return attribute.Sensitive ? value.MarkSensitive() : value;
    }

    private static CtyValue ValidateNestedBlock(SchemaNestedBlock block, JsonNode? node, CtyPath path, Context context)
    {
        if (block.Block.Deprecated && node is not null)
            context.Warnings.Add(new SchemaDiagnostic(SchemaErrorCodes.Deprecated, path, $"the \"{block.TypeName}\" block is deprecated.", []));
        if (block.Nesting == SchemaNesting.Group) return ValidateBlock(block.Block, node ?? new JsonObject(), path, context);
        if (node is null && block.Nesting != SchemaNesting.Single)
        {
            CheckCount(block.TypeName, 0, block.MinItems, block.MaxItems, path, context);
            return ProposedNew.EmptyBlockValue(block);
        }

        return ValidateRepeated(block.Nesting, block.MinItems, block.MaxItems, block.TypeName, block.ImpliedType(),
            (n, p) => ValidateBlock(block.Block, n, p, context), node, path, context);
    }

    /// <summary>The nesting-mode logic blocks and nested attributes share: single object, list/set array, map object.</summary>
    private static CtyValue ValidateRepeated(SchemaNesting nesting, long min, long max, string name, CtyType type,
        Func<JsonNode, CtyPath, CtyValue> element, JsonNode? node, CtyPath path, Context context)
    {
        if (node is null) return CtyValue.Null(type);
        switch (nesting)
        {
            case SchemaNesting.Single or SchemaNesting.Group:
                return element(node, path);
            case SchemaNesting.List or SchemaNesting.Set:
            {
                // One object where a list of blocks is expected is read as a list of one: models and people often
                // write a max_items=1 block that way, and the meaning is unambiguous.
                var items = node switch
                {
                    JsonArray a => a.ToList(),
                    JsonObject => [node],
                    _ => null,
                };
                if (items is null)
                {
                    context.Error(SchemaErrorCodes.WrongType, path, $"expected a list of \"{name}\" objects, got {Describe(node)}.");
                    return CtyValue.Null(type);
                }

                CheckCount(name, items.Count, min, max, path, context);
                var values = items.Select((item, i) => item is null
                    ? Fail(path.Index(i), $"a \"{name}\" element cannot be null.", context)
                    : element(item, path.Index(i))).ToImmutableArray();
                if (context.Errors.Count > 0) return CtyValue.Null(type);
                if (type.Kind == CtyTypeKind.Dynamic) return CtyValue.Tuple(values);
                return nesting == SchemaNesting.List ? CtyValue.List(type.ElementType!, values) : CtyValue.Set(type.ElementType!, values);
            }

            default:
            {
                if (node is not JsonObject obj)
                {
                    context.Error(SchemaErrorCodes.WrongType, path, $"expected an object of \"{name}\" objects keyed by name, got {Describe(node)}.");
                    return CtyValue.Null(type);
                }

                var entries = obj.Select(p => new KeyValuePair<string, CtyValue>(p.Key, p.Value is null
                    ? Fail(path.Key(p.Key), $"a \"{name}\" element cannot be null.", context)
                    : element(p.Value, path.Key(p.Key)))).ToList();
                if (context.Errors.Count > 0) return CtyValue.Null(type);
                return type.Kind == CtyTypeKind.Dynamic
                    ? CtyValue.Object(entries.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))
                    : CtyValue.Map(type.ElementType!, entries);
            }
        }
    }

    private static void CheckCount(string name, int count, long min, long max, CtyPath path, Context context)
    {
        if (count < min)
            context.Error(SchemaErrorCodes.TooFewBlocks, path, $"at least {min} \"{name}\" {(min == 1 ? "block is" : "blocks are")} required, found {count}; add {(min - count == 1 ? "one" : (min - count).ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        else if (max > 0 && count > max)
            context.Error(SchemaErrorCodes.TooManyBlocks, path, $"at most {max} \"{name}\" {(max == 1 ? "block is" : "blocks are")} allowed, found {count}; remove {count - max}.");
    }

    private static CtyValue Fail(CtyPath path, string message, Context context)
    {
        context.Error(SchemaErrorCodes.WrongType, path, message);
        return CtyValue.DynamicNull;
    }

    private static readonly IReadOnlyDictionary<string, SchemaNestedBlock> EmptyBlocks = new Dictionary<string, SchemaNestedBlock>();

    private static CtyType ObjectType(SchemaObject nested) =>
        CtyType.Object(nested.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value.ImpliedType(), StringComparer.Ordinal));

    private static string Hint(SchemaAttribute attribute) =>
        attribute.Description is { Length: > 0 } d ? $" ({CompactSchemaRenderer.FirstSentence(d, 100)})" : "";

    private static string Names(IReadOnlyDictionary<string, SchemaAttribute> attributes, IReadOnlyDictionary<string, SchemaNestedBlock> blocks) =>
        string.Join(", ", attributes.Keys.Concat(blocks.Keys).Order(StringComparer.Ordinal).Take(12)) + (attributes.Count + blocks.Count > 12 ? ", …" : "");

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        _ => node.ToJsonString(),
    };
}
