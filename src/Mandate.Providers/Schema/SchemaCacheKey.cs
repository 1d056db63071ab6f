using System.Globalization;
using System.Text.RegularExpressions;

namespace Mandate.Providers.Schema;

/// <summary>
/// What identifies a cached schema: the provider's address, its version and the SHA-256 of the exact binary that
/// produced it (a rebuilt or tampered binary under the same version gets its own entry).
/// </summary>
public sealed partial record SchemaCacheKey
{
    /// <summary>A key; every part is checked because it becomes part of a directory path.</summary>
    public SchemaCacheKey(string providerAddress, string version, string binarySha256)
    {
        ArgumentNullException.ThrowIfNull(providerAddress);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(binarySha256);
        var segments = providerAddress.Split('/');
        if (segments.Length is < 1 or > 3 || !segments.All(s => SafeSegment().IsMatch(s) && s is not "." and not ".."))
            throw new ArgumentException($"\"{providerAddress}\" is not a provider address: expected host/namespace/type, e.g. registry.terraform.io/hashicorp/aws.", nameof(providerAddress));
        if (!SafeSegment().IsMatch(version) || version is "." or "..")
            throw new ArgumentException($"\"{version}\" is not a version: expected e.g. 5.100.0.", nameof(version));
        if (binarySha256.Length != 64 || !binarySha256.All(char.IsAsciiHexDigit))
            throw new ArgumentException("The binary hash must be a SHA-256 in hex (64 characters).", nameof(binarySha256));
        ProviderAddress = providerAddress;
        Version = version;
        BinarySha256 = binarySha256.ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>host/namespace/type, e.g. registry.terraform.io/hashicorp/aws.</summary>
    public string ProviderAddress { get; }

    /// <summary>The provider version, e.g. 5.100.0.</summary>
    public string Version { get; }

    /// <summary>Lower-case hex SHA-256 of the provider binary.</summary>
    public string BinarySha256 { get; }

    /// <summary>The entry's directory below the cache root.</summary>
    internal string RelativeDirectory => Path.Combine([.. ProviderAddress.Split('/'), Version, BinarySha256]);

    [GeneratedRegex("^[A-Za-z0-9._+-]{1,128}$")]
    private static partial Regex SafeSegment();
}
