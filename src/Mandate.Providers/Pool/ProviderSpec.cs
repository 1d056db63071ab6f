using System.Security.Cryptography;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;

namespace Mandate.Providers.Pool;

/// <summary>Which provider, which binary, and which configuration an operation needs.</summary>
/// <param name="Address">The provider's source address, e.g. <c>registry.terraform.io/hashicorp/aws</c>.</param>
/// <param name="Version">The exact version, e.g. <c>5.100.0</c>.</param>
/// <param name="ExecutablePath">The installed binary.</param>
/// <param name="Config">The provider configuration; keys the pool may leave out are completed from the schema.</param>
public sealed record ProviderSpec(string Address, string Version, string ExecutablePath, CtyValue Config)
{
    /// <summary>A stable hash of the configuration: equal configurations share a configured instance.</summary>
    internal string ConfigHash()
    {
        // The cty JSON form is canonical (object keys sorted), so equal values hash equally.
        var json = CtyJson.Encode(Config, Config.Type);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}

/// <summary>The identity of a pooled instance: provider, version and configuration.</summary>
internal readonly record struct ProviderKey(string Address, string Version, string ConfigHash);
