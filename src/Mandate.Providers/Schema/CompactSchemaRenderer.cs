using System.Text;
using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// Renders one resource type's schema as terse text for an AI model: every attribute and block named, grouped by
/// who sets it, with types, nesting, block counts, deprecations, sensitivity and one-line descriptions, in about a
/// fifth of the bytes of Terraform's JSON for the same schema. The notation is explained by <see cref="Legend"/>,
/// meant to be given to the model once (e.g. in a tool description) rather than with every schema.
/// </summary>
public static class CompactSchemaRenderer
{
    /// <summary>How to read the rendering.</summary>
    public const string Legend =
        "Schema notation: first line is \"<type> v<schema version>\" (no v when 0). Attribute groups: R required; O optional; OC optional, " +
        "provider fills it when unset; C computed, read-only (never set it). Attribute types follow a colon: none = string, " +
        "n number, b bool, s string (inside [] and map[]), any = any type, [T] list, set[T] set, map[T] map, " +
        "{a,b:T,...} object (a bare name is a string), tuple[T,...] tuple. " +
        "A * right after a name marks it deprecated (avoid it); (sensitive) and (write-only) flag attributes. A block is \"name nesting{...}\" with nesting list, set, " +
        "map or group (none = a single block); counts after the nesting: ? at most one, ! exactly one, + at least one, " +
        "min-max otherwise; blocks are written as JSON objects, list/set blocks as arrays of objects. " +
        "\"- name: text\" lines describe the attributes above them.";

    /// <summary>The rendering of <paramref name="schema"/> for resource or data source <paramref name="typeName"/>.</summary>
    public static string Render(string typeName, ResourceSchema schema, int descriptionLength = 80)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(schema);
        var sb = new StringBuilder(1024);
        sb.Append(typeName);
        if (schema.Version != 0) sb.Append(" v").Append(schema.Version);
        if (schema.Block.Deprecated) sb.Append(" (deprecated: avoid this type)");
        if (schema.Block.Description is { Length: > 0 } d) sb.Append(" - ").Append(FirstSentence(d, descriptionLength * 2));
        sb.Append('\n');
        RenderBody(sb, schema.Block.Attributes, schema.Block.BlockTypes, descriptionLength);
        return sb.ToString();
    }

    /// <summary>The first sentence of <paramref name="text"/>, on one line, cut to <paramref name="max"/> characters.</summary>
    public static string FirstSentence(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var end = flat.IndexOf(". ", StringComparison.Ordinal);
        if (end >= 0) flat = flat[..(end + 1)];
        return flat.Length <= max ? flat : flat[..(max - 1)].TrimEnd() + "…";
    }

    /// <summary>The type notation of <see cref="Legend"/>.</summary>
    public static string TypeNotation(CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            CtyTypeKind.String => "",
            CtyTypeKind.Number => "n",
            CtyTypeKind.Bool => "b",
            CtyTypeKind.Dynamic => "any",
            CtyTypeKind.List => $"[{Inner(type.ElementType!)}]",
            CtyTypeKind.Set => $"set[{Inner(type.ElementType!)}]",
            CtyTypeKind.Map => $"map[{Inner(type.ElementType!)}]",
            CtyTypeKind.Tuple => $"tuple[{string.Join(',', type.TupleElementTypes.Select(Inner))}]",
            // Object attributes follow the attribute rule: a bare name is a string.
            _ => "{" + string.Join(',', type.AttributeNames.Select(n => type.AttributeTypes[n].Kind == CtyTypeKind.String ? n : $"{n}:{Inner(type.AttributeTypes[n])}")) + "}",
        };

        // Inside a composite type "string" must be spelt, or [] would read as an empty list.
        static string Inner(CtyType t) => t.Kind == CtyTypeKind.String ? "s" : TypeNotation(t);
    }

    private static void RenderBody(StringBuilder sb, IReadOnlyDictionary<string, SchemaAttribute> attributes,
        IReadOnlyDictionary<string, SchemaNestedBlock> blocks, int descriptionLength)
    {
        var ordered = attributes.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        foreach (var (label, members) in Groups(ordered))
        {
            if (members.Count == 0) continue;
            sb.Append(label);
            foreach (var a in members)
            {
                sb.Append(' ').Append(a.Name);
                if (a.Deprecated) sb.Append('*');
                if (a.NestedType is { } nested)
                {
                    sb.Append(':').Append(NestingWord(nested.Nesting, withSingle: true)).Append(Counts(nested.MinItems, nested.MaxItems)).Append('{').Append('\n');
                    RenderBody(sb, nested.Attributes, EmptyBlocks, descriptionLength);
                    sb.Append('}');
                }
                else
                {
                    var notation = TypeNotation(a.ImpliedType());
                    if (notation.Length > 0) sb.Append(':').Append(notation);
                }

                if (a.Sensitive) sb.Append("(sensitive)");
                if (a.WriteOnly) sb.Append("(write-only)");
            }

            sb.Append('\n');
        }

        if (descriptionLength > 0)
        {
            foreach (var a in ordered.Where(a => a.Description is { Length: > 0 }))
                sb.Append("- ").Append(a.Name).Append(": ").Append(FirstSentence(a.Description!, descriptionLength)).Append('\n');
        }

        foreach (var block in blocks.Values.OrderBy(b => b.TypeName, StringComparer.Ordinal))
        {
            sb.Append(block.TypeName);
            if (block.Block.Deprecated) sb.Append('*');
            var nesting = NestingWord(block.Nesting, withSingle: false);
            if (nesting.Length > 0) sb.Append(' ').Append(nesting);
            sb.Append(Counts(block.MinItems, block.MaxItems));
            sb.Append("{\n");
            RenderBody(sb, block.Block.Attributes, block.Block.BlockTypes, descriptionLength);
            // Close on the last line rather than on a line of its own: "}}" chains cost less than newlines.
            sb.Length--;
            sb.Append("}\n");
        }
    }

    private static IEnumerable<(string Label, List<SchemaAttribute> Members)> Groups(List<SchemaAttribute> attributes)
    {
        yield return ("R", attributes.Where(a => a.Required).ToList());
        yield return ("O", attributes.Where(a => a.Optional && !a.Computed && !a.Required).ToList());
        yield return ("OC", attributes.Where(a => a.Optional && a.Computed && !a.Required).ToList());
        yield return ("C", attributes.Where(a => a.IsComputedOnly).ToList());
    }

    private static string NestingWord(SchemaNesting nesting, bool withSingle) => nesting switch
    {
        SchemaNesting.Single => withSingle ? "single" : "",
        SchemaNesting.Group => "group",
        SchemaNesting.List => "list",
        SchemaNesting.Set => "set",
        _ => "map",
    };

    private static string Counts(long min, long max) => (min, max) switch
    {
        (0, 0) => "",
        (0, 1) => "?",
        (1, 1) => "!",
        (1, 0) => "+",
        _ => max == 0 ? $"{min}-" : $"{min}-{max}",
    };

    private static readonly IReadOnlyDictionary<string, SchemaNestedBlock> EmptyBlocks = new Dictionary<string, SchemaNestedBlock>();
}
