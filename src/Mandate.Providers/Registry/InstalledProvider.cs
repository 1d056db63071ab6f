namespace Mandate.Providers.Registry;

/// <summary>A provider ready to launch: where its executable is and how it was authenticated.</summary>
/// <param name="Provider">The provider address.</param>
/// <param name="Version">The installed version.</param>
/// <param name="Platform">The platform of the package.</param>
/// <param name="Directory">The unpacked package directory (in the cache or a mirror).</param>
/// <param name="ExecutablePath">The provider plugin executable, with the executable bit set.</param>
/// <param name="Protocols">Plugin protocol versions the source advertised; empty when unknown.</param>
/// <param name="Authentication">How the package's origin was established.</param>
/// <param name="ZipHash">The <c>zh:</c> hash of the archive it was installed from; null when used in place from a mirror.</param>
public sealed record InstalledProvider(
    ProviderAddress Provider,
    ProviderVersion Version,
    ProviderPlatform Platform,
    string Directory,
    string ExecutablePath,
    IReadOnlyList<string> Protocols,
    PackageAuthenticationResult Authentication,
    string? ZipHash)
{
    /// <summary>
    /// The <c>h1:</c> hash of the unpacked package, as in <c>.terraform.lock.hcl</c>. Computed on demand: it reads
    /// every file (hundreds of MB for large providers).
    /// </summary>
    public string ComputePackageHash() => PackageHashes.H1ForDirectory(Directory);
}
