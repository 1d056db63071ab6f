namespace Mandate.Providers.Registry;

/// <summary>
/// Tries several sources in order, typically filesystem mirrors first and a registry last. Version selection
/// stops at the first source that has a matching version for the platform, so a provider present in a mirror
/// is found without any network call. (Terraform instead merges all sources' versions; first-match trades
/// "newest anywhere" for offline operation and predictable origin.)
/// </summary>
public sealed class MultiSource : IProviderSource
{
    private readonly List<IProviderSource> _sources;

    /// <summary>Creates a source over <paramref name="sources"/>, consulted in the given order.</summary>
    public MultiSource(IEnumerable<IProviderSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.ToList();
        if (_sources.Count == 0)
            throw new ArgumentException("A multi-source needs at least one source.", nameof(sources));
    }

    /// <summary>The sources, in the order they are consulted.</summary>
    public IReadOnlyList<IProviderSource> Sources => _sources;

    /// <inheritdoc/>
    public string Description => string.Join(", ", _sources.Select(s => s.Description));

    /// <summary>The union of every reachable source's versions; fails only if no source knows the provider.</summary>
    public async ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<ProviderVersion, AvailableVersion>();
        var failures = new List<ProviderInstallException>();
        foreach (var source in _sources)
        {
            try
            {
                foreach (var v in await source.AvailableVersionsAsync(provider, cancellationToken))
                {
                    merged[v.Version] = merged.TryGetValue(v.Version, out var seen)
                        ? seen with { Platforms = seen.Platforms.Union(v.Platforms).ToList(), Protocols = seen.Protocols.Union(v.Protocols).ToList() }
                        : v;
                }
            }
            catch (ProviderInstallException ex) when (IsAbsence(ex))
            {
                failures.Add(ex);
            }
        }
        if (merged.Count == 0)
            throw MostRelevant(failures, provider);
        return merged.Values.ToList();
    }

    /// <summary>The first source (in order) with a matching version for the platform wins.</summary>
    public async ValueTask<ProviderVersion> SelectVersionAsync(
        ProviderAddress provider, VersionConstraints constraints, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        var failures = new List<ProviderInstallException>();
        foreach (var source in _sources)
        {
            try
            {
                return await source.SelectVersionAsync(provider, constraints, platform, cancellationToken);
            }
            catch (ProviderInstallException ex) when (IsAbsence(ex))
            {
                failures.Add(ex);
            }
        }
        throw MostRelevant(failures, provider);
    }

    /// <inheritdoc/>
    public async ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        var failures = new List<ProviderInstallException>();
        foreach (var source in _sources)
        {
            try
            {
                return await source.PackageMetaAsync(provider, version, platform, cancellationToken);
            }
            catch (ProviderInstallException ex) when (IsAbsence(ex))
            {
                failures.Add(ex);
            }
        }
        throw MostRelevant(failures, provider);
    }

    // "Not here" failures let the next source try; anything else (a checksum or protocol violation) is real trouble.
    // An unreachable host counts as "not here" so that an offline machine still uses its mirrors.
    private static bool IsAbsence(ProviderInstallException ex) => ex.Code is RegistryErrorCodes.ProviderNotFound
        or RegistryErrorCodes.VersionNotFound or RegistryErrorCodes.PlatformNotSupported
        or RegistryErrorCodes.HostUnreachable or RegistryErrorCodes.NoProviderRegistry;

    // The most specific failure is the most useful to report: "no version matches" says more than "not found".
    private static ProviderInstallException MostRelevant(List<ProviderInstallException> failures, ProviderAddress provider)
    {
        string[] order = [RegistryErrorCodes.PlatformNotSupported, RegistryErrorCodes.VersionNotFound,
            RegistryErrorCodes.HostUnreachable, RegistryErrorCodes.NoProviderRegistry, RegistryErrorCodes.ProviderNotFound];
        foreach (var code in order)
        {
            if (failures.FirstOrDefault(f => f.Code == code) is { } found)
                return found;
        }
        return new ProviderNotFoundException(provider, $"Provider {provider.ForDisplay()} was not found in any source.");
    }
}
