namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

/// <summary>
/// The config an imported object is stored with when the caller gives none: the attributes a user can set,
/// taken from the imported state. Left out: attributes only the provider sets (computed and not optional),
/// <c>id</c> (the legacy plugin SDK adds it to every schema as optional, but it names the object rather than
/// configures it), deprecated attributes and blocks (their replacements are what a user should write), and
/// zero values (empty, 0, false) of attributes the provider fills in itself (optional + computed): the legacy
/// SDK cannot tell them from unset, and writing them back can even fail validation (a range of 1-35 that the
/// provider's own default 0 is outside). Planning the derived config against the imported state then plans no
/// change.
/// </summary>
internal static class ImportedConfig
{
    public static JsonObject Derive(SchemaBlock schema, JsonObject state) => Block(schema, state, topLevel: true);

    private static JsonObject Block(SchemaBlock schema, JsonObject state, bool topLevel)
    {
        var config = new JsonObject();
        foreach (var (name, attribute) in schema.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (attribute.IsComputedOnly || attribute.Deprecated || attribute.WriteOnly || (topLevel && name == "id"))
            {
                continue;
            }

            var value = state[name];
            if (value is null || (attribute.Computed && IsZero(value)))
            {
                continue;
            }

            config[name] = value.DeepClone();
        }

        foreach (var (name, block) in schema.BlockTypes.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (block.Block.Deprecated || state[name] is not { } value)
            {
                continue;
            }

            switch (value)
            {
                case JsonArray items when items.Count > 0:
                    config[name] = new JsonArray(items.Select(item => (JsonNode?)(item is JsonObject o ? Block(block.Block, o, false) : item?.DeepClone())).ToArray());
                    break;
                case JsonObject single when block.Nesting is SchemaNesting.Single or SchemaNesting.Group:
                    config[name] = Block(block.Block, single, false);
                    break;
                case JsonObject labelled when labelled.Count > 0:
                    var byLabel = new JsonObject();
                    foreach (var (label, item) in labelled)
                    {
                        byLabel[label] = item is JsonObject o ? Block(block.Block, o, false) : item?.DeepClone();
                    }

                    config[name] = byLabel;
                    break;
            }
        }

        return config;
    }

    private static bool IsZero(JsonNode value) => value switch
    {
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        JsonValue text when text.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue flag when flag.TryGetValue<bool>(out var b) => !b,
        JsonValue number when number.TryGetValue<decimal>(out var d) => d == 0,
        _ => false,
    };
}
