namespace Mandate.Providers.Protocols;

/// <summary>
/// What tells plugin protocol 5 and 6 apart on the wire: the service's package and the names of the six RPCs
/// that version 6 renamed. The messages are the same (Protos/tfplugin.proto says why), so one
/// <see cref="GrpcProvider"/> serves both with one of these.
/// </summary>
internal sealed record ProviderProtocol(
    int Version, string Service, string GetProviderSchema, string ValidateProviderConfig, string ValidateResourceConfig,
    string ValidateDataResourceConfig, string ConfigureProvider, string StopProvider)
{
    /// <summary>SDKv2 providers (hashicorp/aws and most others today).</summary>
    public static readonly ProviderProtocol V5 = new(5, "tfplugin5.Provider",
        "GetSchema", "PrepareProviderConfig", "ValidateResourceTypeConfig", "ValidateDataSourceConfig", "Configure", "Stop");

    /// <summary>terraform-plugin-framework providers.</summary>
    public static readonly ProviderProtocol V6 = new(6, "tfplugin6.Provider",
        "GetProviderSchema", "ValidateProviderConfig", "ValidateResourceConfig", "ValidateDataResourceConfig", "ConfigureProvider", "StopProvider");

    /// <summary>The protocol a provider chose in its handshake line (which only ever names 5 or 6).</summary>
    public static ProviderProtocol ForVersion(int version) => version switch
    {
        5 => V5,
        6 => V6,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Mandate speaks plugin protocol 5 and 6."),
    };
}
