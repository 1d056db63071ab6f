using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Msgpack;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.TestProvider6;

/// <summary>
/// The provider's logic: one resource type, <c>test_thing</c> (<c>id</c> computed, <c>name</c> required and forcing
/// replacement, <c>note</c> optional), kept nowhere — state lives in what the client sends back, as with a real
/// provider. Apply before ConfigureProvider is an error, as Terraform providers make it.
/// </summary>
internal sealed class ThingProvider
{
    private const string Service = "/tfplugin6.Provider/";
    private static readonly CtyType ThingType = CtyType.Object(new Dictionary<string, CtyType>
    {
        ["id"] = CtyType.String,
        ["name"] = CtyType.String,
        ["note"] = CtyType.String,
    });

    private volatile bool _configured;

    /// <summary>The response to <paramref name="path"/>, or null for a method this provider does not serve.</summary>
    public IMessage? Handle(string path, ReadOnlyMemory<byte> request)
    {
        if (!path.StartsWith(Service, StringComparison.Ordinal))
        {
            return null;
        }

        return path[Service.Length..] switch
        {
            "GetProviderSchema" => Schema(),
            "ValidateProviderConfig" => new Wire.ValidateProviderConfig.Types.Response(),
            "ConfigureProvider" => Configure(),
            "ValidateResourceConfig" => new Wire.ValidateResourceConfig.Types.Response(),
            "PlanResourceChange" => Plan(Wire.PlanResourceChange.Types.Request.Parser.ParseFrom(request.Span)),
            "ApplyResourceChange" => Apply(Wire.ApplyResourceChange.Types.Request.Parser.ParseFrom(request.Span)),
            "ReadResource" => new Wire.ReadResource.Types.Response
            {
                NewState = Wire.ReadResource.Types.Request.Parser.ParseFrom(request.Span).CurrentState,
            },
            "StopProvider" => new Wire.StopProvider.Types.Response(),
            _ => null,
        };
    }

    private Wire.ConfigureProvider.Types.Response Configure()
    {
        _configured = true;
        return new Wire.ConfigureProvider.Types.Response();
    }

    private static Wire.PlanResourceChange.Types.Response Plan(Wire.PlanResourceChange.Types.Request request)
    {
        var prior = Decode(request.PriorState);
        var proposed = Decode(request.ProposedNewState);
        if (proposed.IsNull)
        {
            return new Wire.PlanResourceChange.Types.Response { PlannedState = Encode(proposed) }; // destroy
        }

        // A new object's id is unknown until apply; an existing one keeps its id.
        var id = prior.IsNull ? CtyValue.Unknown(CtyType.String) : prior.GetAttribute("id");
        return new Wire.PlanResourceChange.Types.Response
        {
            PlannedState = Encode(With(proposed, id)),
            RequiresReplace = { new Wire.AttributePath { Steps = { new Wire.AttributePath.Types.Step { AttributeName = "name" } } } },
        };
    }

    private Wire.ApplyResourceChange.Types.Response Apply(Wire.ApplyResourceChange.Types.Request request)
    {
        if (!_configured)
        {
            return new Wire.ApplyResourceChange.Types.Response
            {
                Diagnostics = { new Wire.Diagnostic { Severity = Wire.Diagnostic.Types.Severity.Error, Summary = "Provider not configured" } },
            };
        }

        var planned = Decode(request.PlannedState);
        if (planned.IsNull)
        {
            return new Wire.ApplyResourceChange.Types.Response { NewState = Encode(planned) };
        }

        var id = planned.GetAttribute("id");
        var known = id.IsKnown ? id : CtyValue.String("thing-" + planned.GetAttribute("name").AsString());
        return new Wire.ApplyResourceChange.Types.Response { NewState = Encode(With(planned, known)), Private = ByteString.CopyFromUtf8("{\"created-by\":\"test-provider-6\"}") };
    }

    private static CtyValue With(CtyValue thing, CtyValue id) => CtyValue.Object(ThingType, new Dictionary<string, CtyValue>
    {
        ["id"] = id,
        ["name"] = thing.GetAttribute("name"),
        ["note"] = thing.GetAttribute("note"),
    });

    private static CtyValue Decode(Wire.DynamicValue? value) =>
        value is null || value.Msgpack.IsEmpty ? CtyValue.Null(ThingType) : CtyMsgpack.Decode(value.Msgpack.Span, ThingType);

    private static Wire.DynamicValue Encode(CtyValue value) => new() { Msgpack = ByteString.CopyFrom(CtyMsgpack.Encode(value, ThingType)) };

    private static Wire.GetProviderSchema.Types.Response Schema() => new()
    {
        Provider = new Wire.Schema { Block = new Wire.Schema.Types.Block { Attributes = { Attribute("label", optional: true) } } },
        ResourceSchemas =
        {
            ["test_thing"] = new Wire.Schema
            {
                Block = new Wire.Schema.Types.Block
                {
                    Attributes = { Attribute("id", computed: true), Attribute("name", required: true), Attribute("note", optional: true) },
                },
            },
        },
        ServerCapabilities = new Wire.ServerCapabilities { PlanDestroy = true, GetProviderSchemaOptional = true },
    };

    private static Wire.Schema.Types.Attribute Attribute(string name, bool required = false, bool optional = false, bool computed = false) =>
        new() { Name = name, Type = ByteString.CopyFromUtf8("\"string\""), Required = required, Optional = optional, Computed = computed };
}
