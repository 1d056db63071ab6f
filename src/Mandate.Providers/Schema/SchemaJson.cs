using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// Reads and writes schemas in the shape of <c>terraform providers schema -json</c>
/// (<c>{"version":1,"block":{"attributes":{…},"block_types":{…}}}</c>). The schema cache stores this shape (so a
/// cached file can be compared with Terraform's own output), and tests load real provider schemas with it.
/// Writing omits false flags and empty descriptions, as Terraform does.
/// </summary>
public static class SchemaJson
{
    /// <summary>Reads every provider in a <c>terraform providers schema -json</c> document, keyed by provider address.</summary>
    public static IReadOnlyDictionary<string, ProviderSchema> ReadProvidersDocument(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        using var document = JsonDocument.ParseValue(ref reader);
        var interner = new TypeInterner();
        var result = new Dictionary<string, ProviderSchema>(StringComparer.Ordinal);
        if (!document.RootElement.TryGetProperty("provider_schemas", out var providers))
            throw new FormatException("Not a providers schema document: \"provider_schemas\" is missing.");
        foreach (var provider in providers.EnumerateObject())
        {
            var p = provider.Value;
            result[provider.Name] = new ProviderSchema
            {
                Provider = p.TryGetProperty("provider", out var config) ? ReadResource(config, interner) : new ResourceSchema { Block = SchemaBlock.Empty },
                ResourceTypes = ReadMany(p, "resource_schemas", interner),
                DataSources = ReadMany(p, "data_source_schemas", interner),
            };
        }

        return result;
    }

    /// <summary>Reads one <c>{"version","block"}</c> entry.</summary>
    public static ResourceSchema ReadResourceSchema(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        using var document = JsonDocument.ParseValue(ref reader);
        return ReadResource(document.RootElement, new TypeInterner());
    }

    /// <summary>Writes one <c>{"version","block"}</c> entry as compact UTF-8 JSON.</summary>
    public static byte[] WriteResourceSchema(ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
            WriteResource(writer, schema);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one <c>{"version","block"}</c> entry.</summary>
    public static void WriteResource(Utf8JsonWriter writer, ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        writer.WriteStartObject();
        writer.WriteNumber("version", schema.Version);
        writer.WritePropertyName("block");
        WriteBlock(writer, schema.Block);
        writer.WriteEndObject();
    }

    private static Dictionary<string, ResourceSchema> ReadMany(JsonElement provider, string property, TypeInterner interner)
    {
        var result = new Dictionary<string, ResourceSchema>(StringComparer.Ordinal);
        if (provider.TryGetProperty(property, out var many))
        {
            foreach (var entry in many.EnumerateObject()) result[entry.Name] = ReadResource(entry.Value, interner);
        }

        return result;
    }

    private static ResourceSchema ReadResource(JsonElement element, TypeInterner interner) => new()
    {
        Version = element.TryGetProperty("version", out var v) ? v.GetInt64() : 0,
        Block = element.TryGetProperty("block", out var b) ? ReadBlock(b, interner) : SchemaBlock.Empty,
    };

    private static SchemaBlock ReadBlock(JsonElement element, TypeInterner interner)
    {
        var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
        if (element.TryGetProperty("attributes", out var attrs))
        {
            foreach (var a in attrs.EnumerateObject()) attributes[a.Name] = ReadAttribute(a.Name, a.Value, interner);
        }

        var blocks = new Dictionary<string, SchemaNestedBlock>(StringComparer.Ordinal);
        if (element.TryGetProperty("block_types", out var blockTypes))
        {
            foreach (var bt in blockTypes.EnumerateObject())
            {
                blocks[bt.Name] = new SchemaNestedBlock
                {
                    TypeName = bt.Name,
                    Nesting = ReadNesting(bt.Value),
                    Block = bt.Value.TryGetProperty("block", out var inner) ? ReadBlock(inner, interner) : SchemaBlock.Empty,
                    MinItems = Long(bt.Value, "min_items"),
                    MaxItems = Long(bt.Value, "max_items"),
                };
            }
        }

        return new SchemaBlock
        {
            Attributes = attributes.ToFrozenDictionary(StringComparer.Ordinal),
            BlockTypes = blocks.ToFrozenDictionary(StringComparer.Ordinal),
            Description = Text(element, "description"),
            DescriptionIsMarkdown = IsMarkdown(element),
            Deprecated = Flag(element, "deprecated"),
        };
    }

    private static SchemaAttribute ReadAttribute(string name, JsonElement element, TypeInterner interner)
    {
        SchemaObject? nested = null;
        if (element.TryGetProperty("nested_type", out var nt))
        {
            var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
            if (nt.TryGetProperty("attributes", out var attrs))
            {
                foreach (var a in attrs.EnumerateObject()) attributes[a.Name] = ReadAttribute(a.Name, a.Value, interner);
            }

            nested = new SchemaObject
            {
                Attributes = attributes.ToFrozenDictionary(StringComparer.Ordinal),
                Nesting = ReadNesting(nt),
                MinItems = Long(nt, "min_items"),
                MaxItems = Long(nt, "max_items"),
            };
        }

        return new SchemaAttribute
        {
            Name = name,
            Type = element.TryGetProperty("type", out var t) ? interner.Get(t) : null,
            NestedType = nested,
            Description = Text(element, "description"),
            DescriptionIsMarkdown = IsMarkdown(element),
            Required = Flag(element, "required"),
            Optional = Flag(element, "optional"),
            Computed = Flag(element, "computed"),
            Sensitive = Flag(element, "sensitive"),
            Deprecated = Flag(element, "deprecated"),
            WriteOnly = Flag(element, "write_only"),
        };
    }

    private static SchemaNesting ReadNesting(JsonElement element) =>
        element.TryGetProperty("nesting_mode", out var mode)
            ? mode.GetString() switch
            {
                "single" => SchemaNesting.Single,
                "group" => SchemaNesting.Group,
                "list" => SchemaNesting.List,
                "set" => SchemaNesting.Set,
                "map" => SchemaNesting.Map,
                var other => throw new FormatException($"Unknown nesting_mode \"{other}\"; expected single, group, list, set or map."),
            }
            : SchemaNesting.Single;

    private static void WriteBlock(Utf8JsonWriter writer, SchemaBlock block)
    {
        writer.WriteStartObject();
        if (block.Attributes.Count > 0)
        {
            writer.WriteStartObject("attributes");
            foreach (var (name, a) in block.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteAttribute(writer, a);
            }

            writer.WriteEndObject();
        }

        if (block.BlockTypes.Count > 0)
        {
            writer.WriteStartObject("block_types");
            foreach (var (name, b) in block.BlockTypes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                writer.WriteString("nesting_mode", NestingName(b.Nesting));
                writer.WritePropertyName("block");
                WriteBlock(writer, b.Block);
                if (b.MinItems != 0) writer.WriteNumber("min_items", b.MinItems);
                if (b.MaxItems != 0) writer.WriteNumber("max_items", b.MaxItems);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        WriteDescription(writer, block.Description, block.DescriptionIsMarkdown);
        if (block.Deprecated) writer.WriteBoolean("deprecated", true);
        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, SchemaAttribute a)
    {
        writer.WriteStartObject();
        if (a.Type is not null)
        {
            writer.WritePropertyName("type");
            CtyTypeJson.Write(writer, a.Type);
        }

        if (a.NestedType is { } nested)
        {
            writer.WriteStartObject("nested_type");
            writer.WriteStartObject("attributes");
            foreach (var (name, inner) in nested.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteAttribute(writer, inner);
            }

            writer.WriteEndObject();
            writer.WriteString("nesting_mode", NestingName(nested.Nesting));
            if (nested.MinItems != 0) writer.WriteNumber("min_items", nested.MinItems);
            if (nested.MaxItems != 0) writer.WriteNumber("max_items", nested.MaxItems);
            writer.WriteEndObject();
        }

        WriteDescription(writer, a.Description, a.DescriptionIsMarkdown);
        if (a.Required) writer.WriteBoolean("required", true);
        if (a.Optional) writer.WriteBoolean("optional", true);
        if (a.Computed) writer.WriteBoolean("computed", true);
        if (a.Sensitive) writer.WriteBoolean("sensitive", true);
        if (a.Deprecated) writer.WriteBoolean("deprecated", true);
        if (a.WriteOnly) writer.WriteBoolean("write_only", true);
        writer.WriteEndObject();
    }

    private static void WriteDescription(Utf8JsonWriter writer, string? description, bool markdown)
    {
        if (!string.IsNullOrEmpty(description)) writer.WriteString("description", description);
        if (markdown) writer.WriteString("description_kind", "markdown");
    }

    private static string NestingName(SchemaNesting nesting) => nesting switch
    {
        SchemaNesting.Single => "single",
        SchemaNesting.Group => "group",
        SchemaNesting.List => "list",
        SchemaNesting.Set => "set",
        _ => "map",
    };

    private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static bool IsMarkdown(JsonElement e) => e.TryGetProperty("description_kind", out var k) && k.ValueEquals("markdown");

    /// <summary>
    /// Shares one <see cref="CtyType"/> instance per distinct type text: a provider schema repeats a few dozen types
    /// tens of thousands of times, and sharing keeps the in-memory schema small.
    /// </summary>
    private sealed class TypeInterner
    {
        private readonly Dictionary<string, CtyType> _types = new(StringComparer.Ordinal);

        public CtyType Get(JsonElement element)
        {
            var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
            if (_types.TryGetValue(text, out var type)) return type;
            type = CtyType.ParseJson(element.ValueKind == JsonValueKind.String ? $"\"{text}\"" : text);
            _types[text] = type;
            return type;
        }
    }
}
