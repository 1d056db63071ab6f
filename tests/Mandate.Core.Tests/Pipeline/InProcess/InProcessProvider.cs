namespace Mandate.Core.Tests.Pipeline.InProcess;

using Mandate.Providers;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

/// <summary>
/// A provider that answers in this process, under a real provider's schema, so the real pipeline runs without
/// provider time (benchmarks) or with a provider failure staged exactly (tests). It plans as the legacy SDK does
/// for the types it is given (computed attributes left unset become unknown on a create) and applies by filling
/// the unknowns from a recorded state of the type. Also linked into bench/Mandate.Pipeline.Benchmarks.
/// </summary>
/// <param name="schema">The real provider's GetProviderSchema answer (see <see cref="InProcessProviderHost.LoadSchemaAsync"/>).</param>
/// <param name="recordedStates">Per resource type, a state the real provider reported (plain JSON); <c>{name}</c> stands for the config's <c>name</c>.</param>
public sealed class InProcessProvider(GetProviderSchemaResponse schema, IReadOnlyDictionary<string, string> recordedStates) : IProvider
{
    private int _applies;
    private string? _failure;

    /// <summary>How many ApplyResourceChange calls were made (creates, updates and destroys).</summary>
    public int Applies => Volatile.Read(ref _applies);

    /// <summary>
    /// Makes the next create/update apply return its new state together with <paramref name="error"/>, as a provider
    /// does when it created the object but a later step of the same apply failed (e.g. tagging after creation).
    /// </summary>
    public void FailNextApplyAfterCreating(string error) => Volatile.Write(ref _failure, error);

    public int ProtocolVersion => 5;

    public ValueTask<GetProviderSchemaResponse> GetProviderSchemaAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(schema);

    public ValueTask<ValidateProviderConfigResponse> ValidateProviderConfigAsync(ValidateProviderConfigRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ValidateProviderConfigResponse());

    public ValueTask<ValidateResourceConfigResponse> ValidateResourceConfigAsync(ValidateResourceConfigRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ValidateResourceConfigResponse());

    public ValueTask<ValidateDataResourceConfigResponse> ValidateDataResourceConfigAsync(ValidateDataResourceConfigRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ValidateDataResourceConfigResponse());

    public ValueTask<ConfigureProviderResponse> ConfigureProviderAsync(ConfigureProviderRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ConfigureProviderResponse());

    public ValueTask<UpgradeResourceStateResponse> UpgradeResourceStateAsync(UpgradeResourceStateRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new UpgradeResourceStateResponse { UpgradedState = CtyJson.Decode(request.RawStateJson.Span, Block(request.TypeName).ImpliedType()) });

    public ValueTask<PlanResourceChangeResponse> PlanResourceChangeAsync(PlanResourceChangeRequest request, CancellationToken cancellationToken = default)
    {
        if (request.ProposedNewState.IsNull || !request.PriorState.IsNull)
        {
            // A destroy plans null; an update keeps the prior computed values ProposedNew carried over.
            return ValueTask.FromResult(new PlanResourceChangeResponse { PlannedState = request.ProposedNewState, PlannedPrivate = request.PriorPrivate });
        }

        var block = Block(request.TypeName);
        var attributes = request.ProposedNewState.Attributes().ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        foreach (var (name, attribute) in block.Attributes)
        {
            if (attribute.Computed && attributes[name].IsNull)
            {
                attributes[name] = CtyValue.Unknown(attribute.ImpliedType());
            }
        }

        return ValueTask.FromResult(new PlanResourceChangeResponse
        {
            PlannedState = CtyValue.Object(block.ImpliedType(), attributes),
            RequiresReplace = [CtyPath.Root.Attribute("name")],
            LegacyTypeSystem = true,
        });
    }

    public ValueTask<ApplyResourceChangeResponse> ApplyResourceChangeAsync(ApplyResourceChangeRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _applies);
        if (request.PlannedState.IsNull)
        {
            return ValueTask.FromResult(new ApplyResourceChangeResponse { NewState = request.PlannedState });
        }

        var block = Block(request.TypeName);
        var name = request.PlannedState.GetAttribute("name") is { IsKnown: true, IsNull: false } n ? n.AsString() : "unnamed";
        var recorded = ObjectShape.FromPlainJson(block, recordedStates[request.TypeName].Replace("{name}", name, StringComparison.Ordinal));
        var attributes = request.PlannedState.Attributes().ToDictionary(
            a => a.Key, a => a.Value.IsKnown ? a.Value : recorded.GetAttribute(a.Key), StringComparer.Ordinal);
        var state = CtyValue.Object(block.ImpliedType(), attributes);
        var failure = Interlocked.Exchange(ref _failure, null);
        return ValueTask.FromResult(new ApplyResourceChangeResponse
        {
            NewState = state,
            Diagnostics = failure is null ? [] : [Diagnostic.Error(failure, "staged by the test after the object was created")],
        });
    }

    public ValueTask<ReadResourceResponse> ReadResourceAsync(ReadResourceRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ReadResourceResponse { NewState = request.CurrentState, Private = request.Private });

    public ValueTask<ImportResourceStateResponse> ImportResourceStateAsync(ImportResourceStateRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the in-process provider does not import");

    public ValueTask<ReadDataSourceResponse> ReadDataSourceAsync(ReadDataSourceRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the in-process provider has no data sources");

    public ValueTask<StopProviderResponse> StopProviderAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new StopProviderResponse());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private SchemaBlock Block(string typeName) => schema.Schema!.ResourceTypes[typeName].Block;
}
