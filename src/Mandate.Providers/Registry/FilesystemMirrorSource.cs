namespace Mandate.Providers.Registry;

/// <summary>
/// A local directory laid out as a Terraform filesystem mirror, read without any network call. Both layouts
/// Terraform accepts are found:
/// unpacked <c>host/namespace/type/version/os_arch/terraform-provider-type…</c> (used in place) and
/// packed <c>host/namespace/type/terraform-provider-type_version_os_arch.zip</c> (extracted on install).
/// The directory is scanned on every call, so providers placed there later are seen; wrap it in a
/// <see cref="MemoizingSource"/> to scan once.
/// </summary>
public sealed class FilesystemMirrorSource : IProviderSource
{
    /// <summary>Creates a source over <paramref name="root"/>; a missing directory simply has no providers.</summary>
    public FilesystemMirrorSource(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The mirror's root directory.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Description => $"filesystem mirror {Root}";

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var packages = ScanPackages(provider);
        if (packages.Count == 0)
        {
            throw new ProviderNotFoundException(provider,
                $"Provider {provider.ForDisplay()} is not in {Description} (looked for {Path.Combine(Root, provider.Hostname, provider.Namespace, provider.Type)}).");
        }
        IReadOnlyList<AvailableVersion> versions = packages
            .GroupBy(p => p.Version)
            .Select(g => new AvailableVersion(g.Key, [], g.Select(p => p.Platform).Distinct().ToList()))
            .ToList();
        return ValueTask.FromResult(versions);
    }

    /// <inheritdoc/>
    public ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        var packages = ScanPackages(provider);
        // Prefer the unpacked form: it needs no extraction and is what Terraform itself would execute.
        var match = packages
            .Where(p => p.Version == version && p.Platform == platform)
            .OrderBy(p => p.Location is PackageLocalDirectory ? 0 : 1)
            .FirstOrDefault();
        if (match is null)
        {
            if (packages.Count == 0)
                throw new ProviderNotFoundException(provider, $"Provider {provider.ForDisplay()} is not in {Description}.");
            throw new ProviderPlatformNotSupportedException(provider, version, platform,
                $"{Description} has no package of {provider.ForDisplay()} {version} for {platform}.");
        }
        var filename = match.Location is PackageLocalArchive archive ? Path.GetFileName(archive.Path) : "";
        return ValueTask.FromResult(new PackageMeta(provider, version, platform, [], filename, match.Location, Checksums: null));
    }

    private List<MirrorPackage> ScanPackages(ProviderAddress provider)
    {
        var result = new List<MirrorPackage>();
        var executablePrefix = ProviderPackageLayout.ExecutablePrefix(provider);
        foreach (var dir in ProviderDirectories(provider))
        {
            foreach (var versionDir in Directory.EnumerateDirectories(dir))
            {
                if (!ProviderVersion.TryParse(Path.GetFileName(versionDir), out var version))
                    continue;
                foreach (var platformDir in Directory.EnumerateDirectories(versionDir))
                {
                    // An empty or half-written platform directory is not a package; requiring the executable keeps a
                    // crashed copy from shadowing a good source later in the list.
                    if (ProviderPlatform.TryParse(Path.GetFileName(platformDir).ToLowerInvariant(), out var platform)
                        && ProviderPackageLayout.FindExecutable(platformDir, provider) is not null)
                    {
                        result.Add(new MirrorPackage(version, platform, new PackageLocalDirectory(platformDir)));
                    }
                }
            }
            foreach (var zip in Directory.EnumerateFiles(dir, "*.zip", EnumerationOptions))
            {
                if (ProviderPackageLayout.TryParseArchiveName(provider, Path.GetFileName(zip).ToLowerInvariant(), out var version, out var platform))
                    result.Add(new MirrorPackage(version, platform, new PackageLocalArchive(zip)));
            }
        }
        return result;
    }

    private static readonly EnumerationOptions EnumerationOptions = new() { MatchCasing = MatchCasing.CaseInsensitive };

    // Directory names are compared as Terraform normalizes addresses (case-insensitively), so a mirror written
    // as "AwesomeCorp/HappyCloud" on a case-sensitive file system still serves "awesomecorp/happycloud".
    private IEnumerable<string> ProviderDirectories(ProviderAddress provider)
    {
        IEnumerable<string> level = [Root];
        foreach (var part in (string[])[provider.Hostname, provider.Namespace, provider.Type])
        {
            level = level.SelectMany(parent => Directory.Exists(parent)
                ? Directory.EnumerateDirectories(parent, part, EnumerationOptions)
                : []).ToList();
        }
        return level;
    }

    private sealed record MirrorPackage(ProviderVersion Version, ProviderPlatform Platform, PackageLocation Location);
}
