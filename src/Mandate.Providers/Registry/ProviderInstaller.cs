namespace Mandate.Providers.Registry;

/// <summary>
/// Resolves a provider to an executable on disk: selects the newest version allowed by the constraints from
/// the source, reuses an unpacked copy in the cache or a mirror when there is one, and otherwise fetches the
/// zip, authenticates it (<see cref="PackageAuthenticator"/>) and unpacks it into the cache, which is laid out
/// as a Terraform filesystem mirror (<c>cache/host/namespace/type/version/os_arch/</c>). Installation is
/// atomic (unpacked into a temporary directory, then renamed into place) and idempotent.
/// </summary>
public sealed class ProviderInstaller
{
    private const string TempDirectoryName = ".tmp";

    private readonly IProviderSource _source;
    private readonly PackageAuthenticator _authenticator;
    private readonly HttpClient _http;

    /// <summary>Creates an installer.</summary>
    /// <param name="source">Where providers come from; put the cache and mirrors before registries (see <see cref="ProviderSources"/>).</param>
    /// <param name="cacheDirectory">The install cache; created on demand.</param>
    /// <param name="http">The client for package downloads.</param>
    /// <param name="authenticator">Checks downloaded packages; its <see cref="PackageAuthenticator.AllowUnsigned"/> decides about unsigned ones.</param>
    public ProviderInstaller(IProviderSource source, string cacheDirectory, HttpClient http, PackageAuthenticator authenticator)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
    }

    /// <summary>The install cache root.</summary>
    public string CacheDirectory { get; }

    /// <summary>Installs the newest version of <paramref name="provider"/> allowed by <paramref name="constraints"/>.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="constraints">Version constraints; <see cref="VersionConstraints.Any"/> for the newest release.</param>
    /// <param name="platform">The target platform; the current one when null.</param>
    /// <param name="cancellationToken">Cancels lookups and downloads.</param>
    public async Task<InstalledProvider> InstallAsync(
        ProviderAddress provider, VersionConstraints constraints, ProviderPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(constraints);
        var target = platform ?? ProviderPlatform.Current;
        var version = await _source.SelectVersionAsync(provider, constraints, target, cancellationToken);
        return await InstallAsync(provider, version, target, cancellationToken);
    }

    /// <summary>Installs one exact version for one platform.</summary>
    public async Task<InstalledProvider> InstallAsync(
        ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        var cached = ProviderPackageLayout.UnpackedDirectory(CacheDirectory, provider, version, platform);
        if (Directory.Exists(cached) && ProviderPackageLayout.FindExecutable(cached, provider) is { } cachedExecutable)
        {
            return new InstalledProvider(provider, version, platform, cached, cachedExecutable, [],
                new PackageAuthenticationResult(PackageAuthenticationKind.Cached), ZipHash: null);
        }

        var meta = await _source.PackageMetaAsync(provider, version, platform, cancellationToken);
        switch (meta.Location)
        {
            case PackageLocalDirectory local:
                var executable = ProviderPackageLayout.FindExecutable(local.Path, provider)
                    ?? throw new BadPackageException($"The mirror directory {local.Path} holds no {ProviderPackageLayout.ExecutablePrefix(provider)} executable.");
                var kind = IsUnder(local.Path, CacheDirectory) ? PackageAuthenticationKind.Cached : PackageAuthenticationKind.LocalMirror;
                return new InstalledProvider(provider, version, platform, local.Path, executable, meta.Protocols,
                    new PackageAuthenticationResult(kind), ZipHash: null);
            case PackageLocalArchive archive:
                var authentication = meta.Checksums is null
                    ? new PackageAuthenticationResult(PackageAuthenticationKind.LocalMirror)
                    : await _authenticator.AuthenticateAsync(meta, archive.Path, cancellationToken);
                return Unpack(meta, archive.Path, authentication, cached, cancellationToken);
            case PackageHttpUrl http:
                return await DownloadAndUnpackAsync(meta, http.Url, cached, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown package location {meta.Location.GetType().Name}.");
        }
    }

    private async Task<InstalledProvider> DownloadAndUnpackAsync(PackageMeta meta, Uri url, string destination, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(CacheDirectory, TempDirectoryName);
        Directory.CreateDirectory(temp);
        RemoveStaleStaging(temp);
        var zipPath = Path.Combine(temp, $"{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await RegistryHttp.DownloadAsync(_http, url, url.Authority, file, cancellationToken);
            // Nothing from the archive touches the cache before it is authenticated.
            var authentication = await _authenticator.AuthenticateAsync(meta, zipPath, cancellationToken);
            return Unpack(meta, zipPath, authentication, destination, cancellationToken);
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    private InstalledProvider Unpack(PackageMeta meta, string zipPath, PackageAuthenticationResult authentication, string destination, CancellationToken cancellationToken)
    {
        var zipHash = PackageHashes.ZipHash(zipPath);
        var staging = Path.Combine(CacheDirectory, TempDirectoryName, Guid.NewGuid().ToString("N"));
        try
        {
            PackageExtractor.Extract(zipPath, staging, meta.Provider, cancellationToken);
            if (ProviderPackageLayout.FindExecutable(staging, meta.Provider) is null)
            {
                throw new BadPackageException(
                    $"The package {meta.Filename} of {meta.Provider.ForDisplay()} {meta.Version} holds no {ProviderPackageLayout.ExecutablePrefix(meta.Provider)} executable.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            try
            {
                // The rename is the commit point: readers see either no directory or a complete one.
                Directory.Move(staging, destination);
            }
            catch (IOException) when (Directory.Exists(destination) && ProviderPackageLayout.FindExecutable(destination, meta.Provider) is not null)
            {
                // A concurrent install of the same package finished first; its copy is equally good.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        var executable = ProviderPackageLayout.FindExecutable(destination, meta.Provider)!;
        return new InstalledProvider(meta.Provider, meta.Version, meta.Platform, destination, executable, meta.Protocols, authentication, zipHash);
    }

    /// <summary>Staging entries older than this were left by a crashed install (no install takes a day).</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    // Only old entries are removed: a fresh one may belong to a concurrent install in another process.
    private static void RemoveStaleStaging(string temp)
    {
        foreach (var entry in new DirectoryInfo(temp).EnumerateFileSystemInfos())
        {
            if (DateTime.UtcNow - entry.LastWriteTimeUtc <= StaleAfter)
                continue;
            try
            {
                if (entry is DirectoryInfo dir)
                    dir.Delete(recursive: true);
                else
                    entry.Delete();
            }
            catch (IOException)
            {
                // Another process is cleaning up too; either way it goes.
            }
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
