using Mandate.Providers.Cty;

namespace Mandate.Providers.Messages;

/// <summary>Checks a provider configuration (protocol 5: PrepareProviderConfig; 6: ValidateProviderConfig).</summary>
/// <param name="Config">The provider block's value, every attribute and block key present.</param>
public sealed record ValidateProviderConfigRequest(CtyValue Config);

public sealed record ValidateProviderConfigResponse
{
    /// <summary>
    /// Protocol 5 may return the configuration with defaults filled in; Terraform ignores it, and so do we
    /// beyond reporting it. Null for protocol 6 or when the provider returned nothing.
    /// </summary>
    public CtyValue? PreparedConfig { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Configures the provider; required before any plan, apply, read or import.</summary>
/// <param name="Config">The provider block's value, every attribute and block key present.</param>
/// <param name="TerraformVersion">The core version the provider is told; some providers put it in user agents.</param>
public sealed record ConfigureProviderRequest(CtyValue Config, string TerraformVersion = "1.9.0");

public sealed record ConfigureProviderResponse
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Validates one resource's configuration (ValidateResourceTypeConfig / ValidateResourceConfig).</summary>
public sealed record ValidateResourceConfigRequest(string TypeName, CtyValue Config);

public sealed record ValidateResourceConfigResponse
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Validates one data source's configuration.</summary>
public sealed record ValidateDataResourceConfigRequest(string TypeName, CtyValue Config);

public sealed record ValidateDataResourceConfigResponse
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>The answer to StopProvider (protocol 5: Stop): the provider's own error text, empty on success.</summary>
public sealed record StopProviderResponse
{
    public string Error { get; init; } = string.Empty;

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
