using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Lifecycle;

/// <summary>
/// Gives a value the full shape of its schema block, as Terraform's configuration decoder does: every attribute
/// key present (null when unset), absent list and set blocks as empty collections, absent map blocks as empty
/// maps, absent single blocks as null, absent groups as an object of nulls. Providers rely on this shape; some
/// crash on a missing key.
/// </summary>
public static class ObjectShape
{
    /// <summary>Completes <paramref name="value"/> (an object, possibly with keys missing) to <paramref name="block"/>'s shape.</summary>
    public static CtyValue Complete(SchemaBlock block, IReadOnlyDictionary<string, CtyValue> given)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(given);
        var unknown = given.Keys.Where(k => !block.Has(k)).ToList();
        if (unknown.Count > 0)
        {
            var suggestions = unknown.Select(k => DidYouMean.Suggest(k, block.Attributes.Keys.Concat(block.BlockTypes.Keys)) is { Count: > 0 } s
                ? $"\"{k}\" (did you mean \"{s[0]}\"?)" : $"\"{k}\"");
            throw new ArgumentException($"Unsupported argument(s) {string.Join(", ", suggestions)}: the schema has no such attribute or block.", nameof(given));
        }

        var attributes = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (name, attribute) in block.Attributes)
        {
            attributes[name] = given.TryGetValue(name, out var value) ? value : CtyValue.Null(attribute.ImpliedType());
        }

        foreach (var (name, nested) in block.BlockTypes)
        {
            attributes[name] = given.TryGetValue(name, out var value) && !value.IsNull ? CompleteBlock(nested, value) : Absent(nested);
        }

        return CtyValue.Object(block.ImpliedType(), attributes);
    }

    /// <summary>Completes an object value whose type may lack some of the block's keys.</summary>
    public static CtyValue Complete(SchemaBlock block, CtyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsNull || !value.IsKnown)
        {
            return value.IsNull ? CtyValue.Null(block.ImpliedType()) : CtyValue.Unknown(block.ImpliedType());
        }

        return Complete(block, value.Attributes().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// A configuration object from plain JSON (what people and AI clients write): converted to the block's type
    /// with Terraform's safe conversions, then completed to the block's shape.
    /// </summary>
    /// <exception cref="ArgumentException">Some value did not convert; the message lists each path and the expected type.</exception>
    public static CtyValue FromPlainJson(SchemaBlock block, string json)
    {
        ArgumentNullException.ThrowIfNull(block);
        var node = JsonNode.Parse(json);
        if (node is JsonObject obj)
        {
            // Unknown keys get the did-you-mean treatment of Complete rather than a bare conversion error.
            var unknown = obj.Select(kv => kv.Key).Where(k => !block.Has(k)).ToList();
            if (unknown.Count > 0)
            {
                Complete(block, unknown.ToDictionary(k => k, _ => CtyValue.DynamicNull, StringComparer.Ordinal));
            }
        }

        var value = CtyPlainJson.FromJson(node, block.ImpliedType(), out var errors);
        if (value is null)
        {
            throw new ArgumentException("The configuration does not match the schema: " + string.Join("; ", errors), nameof(json));
        }

        return Complete(block, value);
    }

    private static CtyValue CompleteBlock(SchemaNestedBlock nested, CtyValue value)
    {
        if (!value.IsKnown)
        {
            return value;
        }

        var elementType = nested.Block.ImpliedType();
        return nested.Nesting switch
        {
            SchemaNesting.Single or SchemaNesting.Group => Complete(nested.Block, value),
            SchemaNesting.List => CtyValue.List(elementType, value.Elements.Select(e => Complete(nested.Block, e))),
            SchemaNesting.Set => CtyValue.Set(elementType, value.Elements.Select(e => Complete(nested.Block, e))),
            SchemaNesting.Map => CtyValue.Map(elementType, value.MapEntries().Select(kv => KeyValuePair.Create(kv.Key, Complete(nested.Block, kv.Value)))),
            _ => value,
        };
    }

    private static CtyValue Absent(SchemaNestedBlock nested)
    {
        var elementType = nested.Block.ImpliedType();
        return nested.Nesting switch
        {
            SchemaNesting.List => CtyValue.EmptyList(elementType),
            SchemaNesting.Set => CtyValue.EmptySet(elementType),
            SchemaNesting.Map => CtyValue.EmptyMap(elementType),
            SchemaNesting.Group => Complete(nested.Block, new Dictionary<string, CtyValue>()),
            _ => CtyValue.Null(elementType),
        };
    }
}
