using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Messages;
using Mandate.Providers.Protocol5.Convert;
using Mandate.Providers.Protocols;
using Wire = Mandate.Providers.Protocol5.Wire;

namespace Mandate.Providers.Protocol5;

/// <summary>The managed-resource and data-source calls.</summary>
internal sealed partial class GrpcProvider5
{
    public async ValueTask<UpgradeResourceStateResponse> UpgradeResourceStateAsync(UpgradeResourceStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var resource = schema is null ? null : ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics);
        if (resource is null)
        {
            return new UpgradeResourceStateResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "UpgradeResourceState",
            new Wire.UpgradeResourceState.Types.Request
            {
                TypeName = request.TypeName,
                Version = request.Version,
                RawState = new Wire.RawState { Json = UnsafeByteOperations.UnsafeWrap(request.RawStateJson) },
            },
            Wire.UpgradeResourceState.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new UpgradeResourceStateResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var state = response.UpgradedState is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, resource.ImpliedType(), "upgraded state", diagnostics)
            : null;
        return new UpgradeResourceStateResponse { UpgradedState = state, Diagnostics = diagnostics };
    }

    public async ValueTask<PlanResourceChangeResponse> PlanResourceChangeAsync(PlanResourceChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var resource = schema is null ? null : ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics);
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

        var response = await ProviderCalls.CallAsync(_client, Service, "PlanResourceChange",
            new Wire.PlanResourceChange.Types.Request
            {
                TypeName = request.TypeName,
                PriorState = Msgpack(prior),
                ProposedNewState = Msgpack(proposed),
                Config = Msgpack(config),
                PriorPrivate = UnsafeByteOperations.UnsafeWrap(request.PriorPrivate),
            },
            Wire.PlanResourceChange.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new PlanResourceChangeResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var planned = response.PlannedState is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, type, "planned state", diagnostics)
            : null;
        return new PlanResourceChangeResponse
        {
            PlannedState = planned,
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
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var resource = schema is null ? null : ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics);
        if (resource is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        var type = resource.ImpliedType();
        var prior = ProviderCalls.Encode(request.PriorState, type, "prior state", diagnostics);
        var config = ProviderCalls.Encode(request.Config, type, "resource configuration", diagnostics);
        Wire.DynamicValue? planned = request.PlannedStateMsgpack.IsEmpty
            ? ProviderCalls.Encode(request.PlannedState, type, "planned state", diagnostics) is { } encoded ? Msgpack(encoded) : null
            : Msgpack(request.PlannedStateMsgpack);
        if (prior is null || config is null || planned is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ApplyResourceChange",
            new Wire.ApplyResourceChange.Types.Request
            {
                TypeName = request.TypeName,
                PriorState = Msgpack(prior),
                PlannedState = planned,
                Config = Msgpack(config),
                PlannedPrivate = UnsafeByteOperations.UnsafeWrap(request.PlannedPrivate),
            },
            Wire.ApplyResourceChange.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ApplyResourceChangeResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var newState = response.NewState is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, type, "new state", diagnostics)
            : null;
        return new ApplyResourceChangeResponse
        {
            NewState = newState,
            NewStateMsgpack = response.NewState?.Msgpack.Memory ?? default,
            Private = response.Private.Memory,
            LegacyTypeSystem = response.LegacyTypeSystem,
            Diagnostics = diagnostics,
        };
    }

    public async ValueTask<ReadResourceResponse> ReadResourceAsync(ReadResourceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var resource = schema is null ? null : ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics);
        if (resource is null || ProviderCalls.Encode(request.CurrentState, resource.ImpliedType(), "current state", diagnostics) is not { } current)
        {
            return new ReadResourceResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ReadResource",
            new Wire.ReadResource.Types.Request
            {
                TypeName = request.TypeName,
                CurrentState = Msgpack(current),
                Private = UnsafeByteOperations.UnsafeWrap(request.Private),
            },
            Wire.ReadResource.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ReadResourceResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var newState = response.NewState is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, resource.ImpliedType(), "refreshed state", diagnostics)
            : null;
        return new ReadResourceResponse { NewState = newState, Private = response.Private.Memory, Diagnostics = diagnostics };
    }

    public async ValueTask<ImportResourceStateResponse> ImportResourceStateAsync(ImportResourceStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        if (schema is null || ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics) is null)
        {
            return new ImportResourceStateResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ImportResourceState",
            new Wire.ImportResourceState.Types.Request { TypeName = request.TypeName, Id = request.Id },
            Wire.ImportResourceState.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ImportResourceStateResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var imported = new List<ImportedResource>();
        foreach (var item in response.ImportedResources)
        {
            // An import may yield objects of other types than the one asked for; each decodes with its own schema.
            var itemSchema = ProviderCalls.Find(schema.ResourceTypes, "resource", item.TypeName, diagnostics);
            if (itemSchema is not null && item.State is { } value
                && ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, itemSchema.ImpliedType(), "imported state", diagnostics) is { } state)
            {
                imported.Add(new ImportedResource(item.TypeName, state, item.Private.Memory));
            }
        }

        return new ImportResourceStateResponse { ImportedResources = imported, Diagnostics = diagnostics };
    }

    public async ValueTask<ReadDataSourceResponse> ReadDataSourceAsync(ReadDataSourceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var source = schema is null ? null : ProviderCalls.Find(schema.DataSources, "data source", request.TypeName, diagnostics);
        if (source is null || ProviderCalls.Encode(request.Config, source.ImpliedType(), "data source configuration", diagnostics) is not { } config)
        {
            return new ReadDataSourceResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ReadDataSource",
            new Wire.ReadDataSource.Types.Request { TypeName = request.TypeName, Config = Msgpack(config) },
            Wire.ReadDataSource.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ReadDataSourceResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var state = response.State is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, source.ImpliedType(), "data source state", diagnostics)
            : null;
        return new ReadDataSourceResponse { State = state, Diagnostics = diagnostics };
    }
}
