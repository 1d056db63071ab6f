using System.Collections.Concurrent;
using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Msgpack;
using Mandate.Providers.Messages;
using Mandate.Providers.Protocols;
using Mandate.Providers.Tests.Grpc;
using Microsoft.AspNetCore.Http;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Tests.Protocols;

/// <summary>
/// The one <see cref="GrpcProvider"/> against a fake plugin over real HTTP/2 on a unix socket, once per protocol
/// version: each version's RPC names go on the wire, and the answers decode the same way. Protocol 6 has no real
/// provider on this machine, so this is what exercises its path end to end through the transport.
/// </summary>
public sealed class GrpcProviderProtocolTests
{
    private static readonly CtyType ThingType = CtyType.Object(new Dictionary<string, CtyType> { ["id"] = CtyType.String, ["name"] = CtyType.String });

    [Theory]
    [InlineData(5, "GetSchema", "PrepareProviderConfig", "Configure", "ValidateResourceTypeConfig")]
    [InlineData(6, "GetProviderSchema", "ValidateProviderConfig", "ConfigureProvider", "ValidateResourceConfig")]
    public async Task Each_version_calls_its_own_rpc_names_and_decodes_the_answers(int version, string getSchema, string validateProvider, string configure, string validateResource)
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await FakeGrpcServer.StartAsync((context, request) => AnswerAsync(context, calls));
        await using var provider = new GrpcProvider(ProviderProtocol.ForVersion(version), server.Client(), process: null, ProviderClientOptions.Default);

        var schema = await provider.GetProviderSchemaAsync();
        Assert.False(schema.Diagnostics.HasErrors(), schema.Diagnostics.Describe());
        Assert.True(schema.Capabilities.GetProviderSchemaOptional);
        var config = CtyValue.Object(new Dictionary<string, CtyValue> { ["region"] = CtyValue.String("eu-west-1") });
        var validated = await provider.ValidateProviderConfigAsync(new ValidateProviderConfigRequest(config));
        Assert.Empty(validated.Diagnostics);
        Assert.Empty((await provider.ConfigureProviderAsync(new ConfigureProviderRequest(config))).Diagnostics);

        var thing = CtyValue.Object(new Dictionary<string, CtyValue> { ["id"] = CtyValue.Null(CtyType.String), ["name"] = CtyValue.String("a") });
        var warning = Assert.Single((await provider.ValidateResourceConfigAsync(new ValidateResourceConfigRequest("x_thing", thing))).Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("name", warning.Attribute?.ToString());

        var plan = await provider.PlanResourceChangeAsync(new PlanResourceChangeRequest("x_thing", CtyValue.Null(ThingType), thing, thing, default));
        Assert.Empty(plan.Diagnostics);
        Assert.False(plan.PlannedState!.GetAttribute("id").IsKnown);
        Assert.Equal("a", plan.PlannedState.GetAttribute("name").AsString());
        Assert.Equal("name", Assert.Single(plan.RequiresReplace).ToString());

        var service = $"/tfplugin{version}.Provider/";
        Assert.Equal([getSchema, validateProvider, configure, validateResource, "PlanResourceChange"], calls.Select(c => c[service.Length..]));
        Assert.All(calls, c => Assert.StartsWith(service, c, StringComparison.Ordinal));

        // Only protocol 5 sends back a prepared configuration; protocol 6 has no such field.
        Assert.Equal(version == 5, validated.PreparedConfig is not null);
    }

    [Fact]
    public async Task A_cached_schema_means_the_provider_is_never_asked_for_one()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await FakeGrpcServer.StartAsync((context, request) => AnswerAsync(context, calls));
        await using var fetching = new GrpcProvider(ProviderProtocol.V6, server.Client(), process: null, ProviderClientOptions.Default);
        var fetched = await fetching.GetProviderSchemaAsync();

        await using var cached = new GrpcProvider(ProviderProtocol.V6, server.Client(), process: null, ProviderClientOptions.Default, fetched);
        var config = CtyValue.Object(new Dictionary<string, CtyValue> { ["region"] = CtyValue.String("eu-west-1") });
        Assert.Same(fetched, await cached.GetProviderSchemaAsync());
        Assert.Empty((await cached.ConfigureProviderAsync(new ConfigureProviderRequest(config))).Diagnostics);

        Assert.Equal(["/tfplugin6.Provider/GetProviderSchema", "/tfplugin6.Provider/ConfigureProvider"], calls);
    }

    [Fact]
    public void Only_versions_5_and_6_exist()
    {
        Assert.Equal("tfplugin5.Provider", ProviderProtocol.ForVersion(5).Service);
        Assert.Equal("tfplugin6.Provider", ProviderProtocol.ForVersion(6).Service);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProviderProtocol.ForVersion(4));
    }

    /// <summary>A tiny provider: one optional provider attribute, one resource type, answers per RPC (either version's name).</summary>
    private static Task AnswerAsync(HttpContext context, ConcurrentQueue<string> calls)
    {
        var path = context.Request.Path.Value!;
        calls.Enqueue(path);
        var method = path[(path.LastIndexOf('/') + 1)..];
        IMessage answer = method switch
        {
            "GetSchema" or "GetProviderSchema" => Schema(),
            "PrepareProviderConfig" => new Wire.ValidateProviderConfig.Types.Response { PreparedConfig = Msgpack(ProviderConfig(), ProviderConfig().Type) },
            "ValidateProviderConfig" => new Wire.ValidateProviderConfig.Types.Response(),
            "Configure" or "ConfigureProvider" => new Wire.ConfigureProvider.Types.Response(),
            "ValidateResourceTypeConfig" or "ValidateResourceConfig" => new Wire.ValidateResourceConfig.Types.Response
            {
                Diagnostics =
                {
                    new Wire.Diagnostic
                    {
                        Severity = Wire.Diagnostic.Types.Severity.Warning,
                        Summary = "Deprecated",
                        Attribute = new Wire.AttributePath { Steps = { new Wire.AttributePath.Types.Step { AttributeName = "name" } } },
                    },
                },
            },
            "PlanResourceChange" => new Wire.PlanResourceChange.Types.Response
            {
                PlannedState = Msgpack(CtyValue.Object(new Dictionary<string, CtyValue> { ["id"] = CtyValue.Unknown(CtyType.String), ["name"] = CtyValue.String("a") }), ThingType),
                RequiresReplace = { new Wire.AttributePath { Steps = { new Wire.AttributePath.Types.Step { AttributeName = "name" } } } },
            },
            _ => throw new InvalidOperationException($"the fake provider does not serve {path}"),
        };
        return FakeGrpcServer.RespondAsync(context, answer.ToByteArray());
    }

    private static CtyValue ProviderConfig() => CtyValue.Object(new Dictionary<string, CtyValue> { ["region"] = CtyValue.String("eu-west-1") });

    private static Wire.DynamicValue Msgpack(CtyValue value, CtyType type) => new() { Msgpack = ByteString.CopyFrom(CtyMsgpack.Encode(value, type)) };

    private static Wire.GetProviderSchema.Types.Response Schema() => new()
    {
        Provider = new Wire.Schema
        {
            Block = new Wire.Schema.Types.Block { Attributes = { new Wire.Schema.Types.Attribute { Name = "region", Type = ByteString.CopyFromUtf8("\"string\""), Optional = true } } },
        },
        ResourceSchemas =
        {
            ["x_thing"] = new Wire.Schema
            {
                Block = new Wire.Schema.Types.Block
                {
                    Attributes =
                    {
                        new Wire.Schema.Types.Attribute { Name = "id", Type = ByteString.CopyFromUtf8("\"string\""), Computed = true },
                        new Wire.Schema.Types.Attribute { Name = "name", Type = ByteString.CopyFromUtf8("\"string\""), Required = true },
                    },
                },
            },
        },
        ServerCapabilities = new Wire.ServerCapabilities { GetProviderSchemaOptional = true },
    };
}
