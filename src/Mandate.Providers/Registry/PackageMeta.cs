namespace Mandate.Providers.Registry;

/// <summary>One version a source offers, with the plugin protocols it speaks and the platforms it ships for.</summary>
/// <param name="Version">The version.</param>
/// <param name="Protocols">Plugin protocol versions such as <c>5.0</c>; empty when the source does not say.</param>
/// <param name="Platforms">Platforms with a package; empty when the source does not say (then any may exist).</param>
public sealed record AvailableVersion(ProviderVersion Version, IReadOnlyList<string> Protocols, IReadOnlyList<ProviderPlatform> Platforms)
{
    /// <summary>True when the source either ships this version for <paramref name="platform"/> or does not list platforms.</summary>
    public bool MayHave(ProviderPlatform platform) => Platforms.Count == 0 || Platforms.Contains(platform);
}

/// <summary>Where a package's bytes are.</summary>
public abstract record PackageLocation
{
    private protected PackageLocation() { }
}

/// <summary>A zip archive to download.</summary>
/// <param name="Url">Absolute URL of the archive.</param>
public sealed record PackageHttpUrl(Uri Url) : PackageLocation;

/// <summary>A zip archive already on disk (a packed filesystem mirror).</summary>
/// <param name="Path">Full path of the archive.</param>
public sealed record PackageLocalArchive(string Path) : PackageLocation;

/// <summary>An unpacked provider directory (an unpacked filesystem mirror or the install cache): usable in place.</summary>
/// <param name="Path">Full path of the <c>os_arch</c> directory holding the executable.</param>
public sealed record PackageLocalDirectory(string Path) : PackageLocation;

/// <summary>An OpenPGP public key the registry lists as allowed to sign a package's SHA256SUMS.</summary>
/// <param name="KeyId">The key ID the registry states (16 hex digits), for messages; verification uses the key itself.</param>
/// <param name="AsciiArmor">The ASCII-armored public key block.</param>
/// <param name="Source">Who the registry says owns the key, e.g. <c>HashiCorp</c>; may be empty.</param>
public sealed record SigningKey(string KeyId, string AsciiArmor, string Source);

/// <summary>What the registry promises about a package, used to authenticate it before install.</summary>
/// <param name="Sha256">The archive's SHA-256 in hex, from the registry's download response.</param>
/// <param name="ShasumsUrl">The SHA256SUMS document listing every archive of the release.</param>
/// <param name="ShasumsSignatureUrl">The detached OpenPGP signature over SHA256SUMS; null when none is offered.</param>
/// <param name="SigningKeys">Keys allowed to have made the signature.</param>
public sealed record RegistryChecksums(string Sha256, Uri? ShasumsUrl, Uri? ShasumsSignatureUrl, IReadOnlyList<SigningKey> SigningKeys);

/// <summary>Everything needed to fetch and authenticate one provider package for one platform.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Version">The version.</param>
/// <param name="Platform">The platform of the package.</param>
/// <param name="Protocols">Plugin protocol versions, e.g. <c>5.0</c>; empty when unknown.</param>
/// <param name="Filename">The archive's file name, as listed in SHA256SUMS; empty for unpacked directories.</param>
/// <param name="Location">Where the bytes are.</param>
/// <param name="Checksums">The registry's promises; null for local mirrors, which are trusted as configured.</param>
public sealed record PackageMeta(
    ProviderAddress Provider,
    ProviderVersion Version,
    ProviderPlatform Platform,
    IReadOnlyList<string> Protocols,
    string Filename,
    PackageLocation Location,
    RegistryChecksums? Checksums);
