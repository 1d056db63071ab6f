using Mandate.Providers.Messages;
using Mandate.Providers.Schema;

namespace Mandate.Providers;

/// <summary>
/// One provider instance, whatever plugin protocol version it speaks. One method per provider call; values are
/// cty values under the provider's schema, never protobuf or msgpack. Failures come back as diagnostics in the
/// response; only cancellation (and programmer errors such as an unknown type name passed to a typed helper)
/// throw. Disposing stops the provider process.
/// </summary>
public interface IProvider : IAsyncDisposable
{
    /// <summary>The plugin protocol major version (5 or 6).</summary>
    int ProtocolVersion { get; }

    /// <summary>The provider's schema (fetched once per instance, or given from a cache at creation).</summary>
    ValueTask<GetProviderSchemaResponse> GetProviderSchemaAsync(CancellationToken cancellationToken = default);

    ValueTask<ValidateProviderConfigResponse> ValidateProviderConfigAsync(ValidateProviderConfigRequest request, CancellationToken cancellationToken = default);

    ValueTask<ValidateResourceConfigResponse> ValidateResourceConfigAsync(ValidateResourceConfigRequest request, CancellationToken cancellationToken = default);

    ValueTask<ValidateDataResourceConfigResponse> ValidateDataResourceConfigAsync(ValidateDataResourceConfigRequest request, CancellationToken cancellationToken = default);

    ValueTask<ConfigureProviderResponse> ConfigureProviderAsync(ConfigureProviderRequest request, CancellationToken cancellationToken = default);

    ValueTask<UpgradeResourceStateResponse> UpgradeResourceStateAsync(UpgradeResourceStateRequest request, CancellationToken cancellationToken = default);

    ValueTask<PlanResourceChangeResponse> PlanResourceChangeAsync(PlanResourceChangeRequest request, CancellationToken cancellationToken = default);

    ValueTask<ApplyResourceChangeResponse> ApplyResourceChangeAsync(ApplyResourceChangeRequest request, CancellationToken cancellationToken = default);

    ValueTask<ReadResourceResponse> ReadResourceAsync(ReadResourceRequest request, CancellationToken cancellationToken = default);

    ValueTask<ImportResourceStateResponse> ImportResourceStateAsync(ImportResourceStateRequest request, CancellationToken cancellationToken = default);

    ValueTask<ReadDataSourceResponse> ReadDataSourceAsync(ReadDataSourceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to abandon in-flight operations (Terraform's Ctrl-C); it keeps running.</summary>
    ValueTask<StopProviderResponse> StopProviderAsync(CancellationToken cancellationToken = default);
}
