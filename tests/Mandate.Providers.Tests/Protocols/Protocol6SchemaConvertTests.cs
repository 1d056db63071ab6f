using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Protocols.Convert;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Tests.Protocols;

/// <summary>
/// Protocol 6's schema conversion, including nested attribute types (which protocol 5 lacks). No v6 provider is
/// installed here, so the wire messages are built by hand.
/// </summary>
public sealed class Protocol6SchemaConvertTests
{
    [Fact]
    public void Nested_attributes_blocks_and_diagnostic_paths_convert_to_our_model()
    {
        var response = new Wire.GetProviderSchema.Types.Response
        {
            Provider = new Wire.Schema { Block = new Wire.Schema.Types.Block() },
            ResourceSchemas =
            {
                ["x_thing"] = new Wire.Schema
                {
                    Version = 3,
                    Block = new Wire.Schema.Types.Block
                    {
                        Attributes =
                        {
                            new Wire.Schema.Types.Attribute { Name = "name", Type = ByteString.CopyFromUtf8("\"string\""), Required = true },
                            new Wire.Schema.Types.Attribute
                            {
                                Name = "rules",
                                Optional = true,
                                NestedType = new Wire.Schema.Types.Object
                                {
                                    Nesting = Wire.Schema.Types.Object.Types.NestingMode.List,
                                    Attributes = { new Wire.Schema.Types.Attribute { Name = "port", Type = ByteString.CopyFromUtf8("\"number\""), Required = true } },
                                },
                            },
                        },
                        BlockTypes =
                        {
                            new Wire.Schema.Types.NestedBlock
                            {
                                TypeName = "timeouts",
                                Nesting = Wire.Schema.Types.NestedBlock.Types.NestingMode.Single,
                                Block = new Wire.Schema.Types.Block
                                {
                                    Attributes = { new Wire.Schema.Types.Attribute { Name = "create", Type = ByteString.CopyFromUtf8("\"string\""), Optional = true } },
                                },
                            },
                        },
                    },
                },
            },
        };

        var schema = SchemaConvert.ToProviderSchema(response);
        var thing = schema.ResourceTypes["x_thing"];
        Assert.Equal(3, thing.Version);
        Assert.Equal(SchemaNesting.List, thing.Block.Attributes["rules"].NestedType!.Nesting);
        Assert.Equal(CtyType.List(CtyType.Object(new Dictionary<string, CtyType> { ["port"] = CtyType.Number })), thing.Block.Attributes["rules"].ImpliedType());
        Assert.Equal(SchemaNesting.Single, thing.Block.BlockTypes["timeouts"].Nesting);
        Assert.True(thing.Block.Attributes["name"].Required);

        var path = DiagnosticsConvert.ToPath(new Wire.AttributePath
        {
            Steps =
            {
                new Wire.AttributePath.Types.Step { AttributeName = "rules" },
                new Wire.AttributePath.Types.Step { ElementKeyInt = 0 },
                new Wire.AttributePath.Types.Step { AttributeName = "port" },
            },
        });
        Assert.Equal("rules[0].port", path.ToString());
    }

    [Fact]
    public void An_invalid_attribute_type_is_a_clear_error_naming_the_attribute()
    {
        var response = new Wire.GetProviderSchema.Types.Response
        {
            Provider = new Wire.Schema
            {
                Block = new Wire.Schema.Types.Block
                {
                    Attributes = { new Wire.Schema.Types.Attribute { Name = "region", Type = ByteString.CopyFromUtf8("\"strnig\"") } },
                },
            },
        };
        var failure = Assert.Throws<CtyCodecException>(() => SchemaConvert.ToProviderSchema(response));
        Assert.Contains("\"region\"", failure.Message, StringComparison.Ordinal);
    }
}
