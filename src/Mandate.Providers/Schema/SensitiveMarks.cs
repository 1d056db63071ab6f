using System.Collections.Immutable;
using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// Puts the sensitive mark on every value the schema declares sensitive, at any depth (attributes of nested
/// blocks and nested attribute types included). Values come back from providers unmarked, as the wire format has
/// no marks; Terraform re-marks them from the schema before anything shows them, and so do we.
/// </summary>
public static class SensitiveMarks
{
    /// <summary><paramref name="value"/> (of <paramref name="schema"/>'s implied type) with schema-sensitive values marked.</summary>
    public static CtyValue Apply(SchemaBlock schema, CtyValue value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(value);
        return ApplyToObject(schema.Attributes, schema.BlockTypes, value);
    }

    private static CtyValue ApplyToObject(IReadOnlyDictionary<string, SchemaAttribute> attributes, IReadOnlyDictionary<string, SchemaNestedBlock>? blocks, CtyValue obj)
    {
        if (obj.IsNull || !obj.IsKnown || obj.Type.Kind != CtyTypeKind.Object) return obj;
        var elements = obj.Elements.ToBuilder();
        var changed = false;
        for (var i = 0; i < elements.Count; i++)
        {
            var name = obj.Type.AttributeNames[i];
            var before = elements[i];
            if (attributes.TryGetValue(name, out var attribute))
            {
                var v = attribute.NestedType is { } nested ? ApplyToRepeated(nested.Nesting, e => ApplyToObject(nested.Attributes, null, e), before) : before;
                elements[i] = attribute.Sensitive && !v.IsNull ? v.MarkSensitive() : v;
            }
            else if (blocks is not null && blocks.TryGetValue(name, out var block))
            {
                elements[i] = ApplyToRepeated(block.Nesting, e => ApplyToObject(block.Block.Attributes, block.Block.BlockTypes, e), before);
            }

            changed |= !ReferenceEquals(before, elements[i]);
        }

        return changed ? obj.WithElements(elements.ToImmutable()) : obj;
    }

    private static CtyValue ApplyToRepeated(SchemaNesting nesting, Func<CtyValue, CtyValue> element, CtyValue value)
    {
        if (value.IsNull || !value.IsKnown) return value;
        if (nesting is SchemaNesting.Single or SchemaNesting.Group) return element(value);
        var mapped = value.Elements.Select(element).ToImmutableArray();
        // Marking set members changes their identity, so a set is rebuilt (and re-sorted) rather than patched.
        return value.Type.Kind == CtyTypeKind.Set ? CtyValue.Set(value.Type.ElementType!, mapped) : value.WithElements(mapped);
    }
}
