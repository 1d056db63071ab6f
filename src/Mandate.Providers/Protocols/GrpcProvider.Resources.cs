using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Messages;
using Mandate.Providers.Protocols.Convert;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Protocols;

/// <summary>The managed-resource and data-source calls.</summary>
internal sealed partial class GrpcProvider
{
    private enum TypeKind
    {
        Resource,
        DataSource,
    }

    public async ValueTask<UpgradeResourceStateResponse> UpgradeResourceStateAsync(UpgradeResourceStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, resource, diagnostics) = await TypeSchemaAsync(TypeKind.Resource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (resource is null)
        {
            return new UpgradeResourceStateResponse { Diagnostics = diagnostics };
        }

        var rawState = new Wire.RawState { Json = UnsafeByteOperations.UnsafeWrap(request.RawStateJson) };
        var response = await CallAsync("UpgradeResourceState",
            new Wire.UpgradeResourceState.Types.Request { TypeName = request.TypeName, Version = request.Version, RawState = rawState },
            Wire.UpgradeResourceState.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        var state = Decode(response?.UpgradedState, resource.ImpliedType(), "upgraded state", diagnostics);
        return new UpgradeResourceStateResponse { UpgradedState = state, Diagnostics = diagnostics };
    }

    public async ValueTask<PlanResourceChangeResponse> PlanResourceChangeAsync(PlanResourceChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, resource, diagnostics) = await TypeSchemaAsync(TypeKind.Resource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (resource is null)
        {
            return new PlanResourceChangeResponse { Diagnostics = diagnostics };
        }

        var type = resource.ImpliedType();
        var prior = ProviderCalls.Encode(request.PriorState, type, "prior state", diagnostics);
        var proposed = ProviderCalls.Encode(request.ProposedNewState, type, "proposed new state", diagnostics);
        var config = ProviderCalls.Encode(request.Config, type, "resource configuration", diagnostics);
        if (prior is null || proposed is null || config is null)
        {
            return new PlanResourceChangeResponse { Diagnostics = diagnostics };
        }

        var response = await CallAsync("PlanResourceChange",
            new Wire.PlanResourceChange.Types.Request
            {
                TypeName = request.TypeName,
                PriorState = Msgpack(prior),
                ProposedNewState = Msgpack(proposed),
                Config = Msgpack(config),
                PriorPrivate = UnsafeByteOperations.UnsafeWrap(request.PriorPrivate),
            },
            Wire.PlanResourceChange.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new PlanResourceChangeResponse { Diagnostics = diagnostics };
        }

        return new PlanResourceChangeResponse
        {
            PlannedState = Decode(response.PlannedState, type, "planned state", diagnostics),
            PlannedStateMsgpack = response.PlannedState?.Msgpack.Memory ?? default,
            RequiresReplace = [.. response.RequiresReplace.Select(DiagnosticsConvert.ToPath)],
            PlannedPrivate = response.PlannedPrivate.Memory,
            LegacyTypeSystem = response.LegacyTypeSystem,
            Diagnostics = diagnostics,
        };
    }

    public async ValueTask<ApplyResourceChangeResponse> ApplyResourceChangeAsync(ApplyResourceChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, resource, diagnostics) = await TypeSchemaAsync(TypeKind.Resource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (resource is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        var type = resource.ImpliedType();
        var prior = ProviderCalls.Encode(request.PriorState, type, "prior state", diagnostics);
        var config = ProviderCalls.Encode(request.Config, type, "resource configuration", diagnostics);

        // The plan's own bytes go back exactly as received; re-encoding is only for a plan made elsewhere.
        Wire.DynamicValue? planned = request.PlannedStateMsgpack.IsEmpty
            ? ProviderCalls.Encode(request.PlannedState, type, "planned state", diagnostics) is { } encoded ? Msgpack(encoded) : null
            : Msgpack(request.PlannedStateMsgpack);
        if (prior is null || config is null || planned is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        var response = await CallAsync("ApplyResourceChange",
            new Wire.ApplyResourceChange.Types.Request
            {
                TypeName = request.TypeName,
                PriorState = Msgpack(prior),
                PlannedState = planned,
                Config = Msgpack(config),
                PlannedPrivate = UnsafeByteOperations.UnsafeWrap(request.PlannedPrivate),
            },
            Wire.ApplyResourceChange.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        return new ApplyResourceChangeResponse
        {
            NewState = Decode(response.NewState, type, "new state", diagnostics),
            NewStateMsgpack = response.NewState?.Msgpack.Memory ?? default,
            Private = response.Private.Memory,
            LegacyTypeSystem = response.LegacyTypeSystem,
            Diagnostics = diagnostics,
        };
    }

    public async ValueTask<ReadResourceResponse> ReadResourceAsync(ReadResourceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, resource, diagnostics) = await TypeSchemaAsync(TypeKind.Resource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (resource is null || ProviderCalls.Encode(request.CurrentState, resource.ImpliedType(), "current state", diagnostics) is not { } current)
        {
            return new ReadResourceResponse { Diagnostics = diagnostics };
        }

        var response = await CallAsync("ReadResource",
            new Wire.ReadResource.Types.Request
            {
                TypeName = request.TypeName,
                CurrentState = Msgpack(current),
                Private = UnsafeByteOperations.UnsafeWrap(request.Private),
            },
            Wire.ReadResource.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        var newState = Decode(response?.NewState, resource.ImpliedType(), "refreshed state", diagnostics);
        return new ReadResourceResponse { NewState = newState, Private = response?.Private.Memory ?? default, Diagnostics = diagnostics };
    }

    public async ValueTask<ImportResourceStateResponse> ImportResourceStateAsync(ImportResourceStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, resource, diagnostics) = await TypeSchemaAsync(TypeKind.Resource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (schema is null || resource is null)
        {
            return new ImportResourceStateResponse { Diagnostics = diagnostics };
        }

        var response = await CallAsync("ImportResourceState",
            new Wire.ImportResourceState.Types.Request { TypeName = request.TypeName, Id = request.Id },
            Wire.ImportResourceState.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        var imported = new List<ImportedResource>();
        foreach (var item in response?.ImportedResources ?? [])
        {
            // An import may yield objects of other types than the one asked for; each decodes with its own schema.
            var itemSchema = ProviderCalls.Find(schema.ResourceTypes, "resource", item.TypeName, diagnostics);
            if (itemSchema is not null && Decode(item.State, itemSchema.ImpliedType(), "imported state", diagnostics) is { } state)
            {
                imported.Add(new ImportedResource(item.TypeName, state, item.Private.Memory));
            }
        }

        return new ImportResourceStateResponse { ImportedResources = imported, Diagnostics = diagnostics };
    }

    public async ValueTask<ReadDataSourceResponse> ReadDataSourceAsync(ReadDataSourceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, source, diagnostics) = await TypeSchemaAsync(TypeKind.DataSource, request.TypeName, cancellationToken).ConfigureAwait(false);
        if (source is null || ProviderCalls.Encode(request.Config, source.ImpliedType(), "data source configuration", diagnostics) is not { } config)
        {
            return new ReadDataSourceResponse { Diagnostics = diagnostics };
        }

        var response = await CallAsync("ReadDataSource",
            new Wire.ReadDataSource.Types.Request { TypeName = request.TypeName, Config = Msgpack(config) },
            Wire.ReadDataSource.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        var state = Decode(response?.State, source.ImpliedType(), "data source state", diagnostics);
        return new ReadDataSourceResponse { State = state, Diagnostics = diagnostics };
    }

    /// <summary>The provider schema and one resource type's or data source's schema, or diagnostics saying why not.</summary>
    private async ValueTask<(ProviderSchema? Provider, ResourceSchema? Type, List<Diagnostic> Diagnostics)> TypeSchemaAsync(
        TypeKind kind, string typeName, CancellationToken cancellationToken)
    {
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var type = schema is null ? null
            : kind == TypeKind.Resource ? ProviderCalls.Find(schema.ResourceTypes, "resource", typeName, diagnostics)
            : ProviderCalls.Find(schema.DataSources, "data source", typeName, diagnostics);
        return (schema, type, diagnostics);
    }

    /// <summary>ValidateResourceConfig and ValidateDataResourceConfig: the same steps with different messages.</summary>
    private async ValueTask<List<Diagnostic>> ValidateTypeConfigAsync(TypeKind kind, string typeName, CtyValue config, CancellationToken cancellationToken)
    {
        var (_, type, diagnostics) = await TypeSchemaAsync(kind, typeName, cancellationToken).ConfigureAwait(false);
        var what = kind == TypeKind.Resource ? "resource configuration" : "data source configuration";
        if (type is null || ProviderCalls.Encode(config, type.ImpliedType(), what, diagnostics) is not { } encoded)
        {
            return diagnostics;
        }

        if (kind == TypeKind.Resource)
        {
            await CallAsync(_protocol.ValidateResourceConfig, new Wire.ValidateResourceConfig.Types.Request { TypeName = typeName, Config = Msgpack(encoded) },
                Wire.ValidateResourceConfig.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CallAsync(_protocol.ValidateDataResourceConfig, new Wire.ValidateDataResourceConfig.Types.Request { TypeName = typeName, Config = Msgpack(encoded) },
                Wire.ValidateDataResourceConfig.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        }

        return diagnostics;
    }
}
