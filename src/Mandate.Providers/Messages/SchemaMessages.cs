using Mandate.Providers.Schema;

namespace Mandate.Providers.Messages;

/// <summary>Optional protocol features a provider announces with its schema.</summary>
/// <param name="PlanDestroy">The provider wants PlanResourceChange called for destroys too (Terraform always does so).</param>
/// <param name="GetProviderSchemaOptional">A schema cached from an earlier run may be used instead of asking again.</param>
public sealed record ServerCapabilities(bool PlanDestroy, bool GetProviderSchemaOptional);

/// <summary>The provider's whole schema: provider configuration, resource types and data sources.</summary>
public sealed record GetProviderSchemaResponse
{
    /// <summary>Null only when the call failed (see <see cref="Diagnostics"/>).</summary>
    public ProviderSchema? Schema { get; init; }

    public ServerCapabilities Capabilities { get; init; } = new(false, false);

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
