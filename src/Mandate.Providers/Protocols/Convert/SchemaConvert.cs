using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Protocols.Convert;

/// <summary>Schema messages (either protocol version) to our protobuf-free schema model.</summary>
internal sealed class SchemaConvert
{
    // The AWS schema has ~100k attributes but only a few hundred distinct type strings; parse each once.
    private readonly Dictionary<ByteString, CtyType> _types = [];

    public static ProviderSchema ToProviderSchema(Wire.GetProviderSchema.Types.Response response)
    {
        var convert = new SchemaConvert();
        return new ProviderSchema
        {
            Provider = convert.Resource(response.Provider),
            ProviderMeta = response.ProviderMeta is { } meta ? convert.Resource(meta) : null,
            ResourceTypes = response.ResourceSchemas.ToDictionary(kv => kv.Key, kv => convert.Resource(kv.Value), StringComparer.Ordinal),
            DataSources = response.DataSourceSchemas.ToDictionary(kv => kv.Key, kv => convert.Resource(kv.Value), StringComparer.Ordinal),
        };
    }

    private ResourceSchema Resource(Wire.Schema? schema) => schema is null
        ? new ResourceSchema { Block = SchemaBlock.Empty }
        : new ResourceSchema { Version = schema.Version, Block = Block(schema.Block) };

    private SchemaBlock Block(Wire.Schema.Types.Block? block)
    {
        if (block is null)
        {
            return SchemaBlock.Empty;
        }

        var attributes = Attributes(block.Attributes);

        var blockTypes = new Dictionary<string, SchemaNestedBlock>(block.BlockTypes.Count, StringComparer.Ordinal);
        foreach (var nested in block.BlockTypes)
        {
            blockTypes[nested.TypeName] = new SchemaNestedBlock
            {
                TypeName = nested.TypeName,
                Block = Block(nested.Block),
                Nesting = Nesting(nested.Nesting, nested.TypeName),
                MinItems = nested.MinItems,
                MaxItems = nested.MaxItems,
            };
        }

        return new SchemaBlock
        {
            Attributes = attributes,
            BlockTypes = blockTypes,
            Description = NullIfEmpty(block.Description),
            DescriptionIsMarkdown = block.DescriptionKind == Wire.StringKind.Markdown,
            Deprecated = block.Deprecated,
        };
    }

    private Dictionary<string, SchemaAttribute> Attributes(IEnumerable<Wire.Schema.Types.Attribute> wire)
    {
        var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
        foreach (var attribute in wire)
        {
            attributes[attribute.Name] = new SchemaAttribute
            {
                Name = attribute.Name,
                // Nested attributes (protocol 6 only) carry an object of attributes instead of a type.
                Type = attribute.NestedType is null ? Type(attribute.Type, attribute.Name) : null,
                NestedType = attribute.NestedType is { } nested ? Object(nested, attribute.Name) : null,
                Description = NullIfEmpty(attribute.Description),
                DescriptionIsMarkdown = attribute.DescriptionKind == Wire.StringKind.Markdown,
                Required = attribute.Required,
                Optional = attribute.Optional,
                Computed = attribute.Computed,
                Sensitive = attribute.Sensitive,
                Deprecated = attribute.Deprecated,
            };
        }

        return attributes;
    }

    private SchemaObject Object(Wire.Schema.Types.Object nested, string name) => new()
    {
        Attributes = Attributes(nested.Attributes),
        Nesting = nested.Nesting switch
        {
            Wire.Schema.Types.Object.Types.NestingMode.Single => SchemaNesting.Single,
            Wire.Schema.Types.Object.Types.NestingMode.List => SchemaNesting.List,
            Wire.Schema.Types.Object.Types.NestingMode.Set => SchemaNesting.Set,
            Wire.Schema.Types.Object.Types.NestingMode.Map => SchemaNesting.Map,
            _ => throw new CtyCodecException($"nested attribute \"{name}\" has invalid nesting mode {nested.Nesting}"),
        },
    };

    private CtyType Type(ByteString json, string attributeName)
    {
        if (_types.TryGetValue(json, out var type))
        {
            return type;
        }

        try
        {
            type = CtyType.ParseJson(json.Span);
        }
        catch (FormatException e)
        {
            throw new CtyCodecException($"attribute \"{attributeName}\" has an invalid type {json.ToStringUtf8()}: {e.Message}", e);
        }

        _types[json] = type;
        return type;
    }

    private static SchemaNesting Nesting(Wire.Schema.Types.NestedBlock.Types.NestingMode mode, string name) => mode switch
    {
        Wire.Schema.Types.NestedBlock.Types.NestingMode.Single => SchemaNesting.Single,
        Wire.Schema.Types.NestedBlock.Types.NestingMode.Group => SchemaNesting.Group,
        Wire.Schema.Types.NestedBlock.Types.NestingMode.List => SchemaNesting.List,
        Wire.Schema.Types.NestedBlock.Types.NestingMode.Set => SchemaNesting.Set,
        Wire.Schema.Types.NestedBlock.Types.NestingMode.Map => SchemaNesting.Map,
        _ => throw new CtyCodecException($"block \"{name}\" has invalid nesting mode {mode}"),
    };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
