namespace Mandate.Providers.Registry;

/// <summary>
/// Somewhere providers can come from: a registry, a filesystem mirror, or a composition of those.
/// Implementations: <see cref="RegistrySource"/>, <see cref="FilesystemMirrorSource"/>, <see cref="MultiSource"/>,
/// <see cref="MemoizingSource"/>. Failures are <see cref="ProviderInstallException"/>s; only cancellation
/// throws anything else.
/// </summary>
public interface IProviderSource
{
    /// <summary>Every version of <paramref name="provider"/> this source offers.</summary>
    /// <exception cref="ProviderNotFoundException">The source does not know the provider.</exception>
    ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken);

    /// <summary>Where to get the package of one version for one platform, and how to check it.</summary>
    /// <exception cref="ProviderPlatformNotSupportedException">No package for that platform.</exception>
    ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken);

    /// <summary>
    /// The newest version allowed by <paramref name="constraints"/> that ships for <paramref name="platform"/>.
    /// Composite sources override this to stop at the first child that has a match (no network when a mirror has it).
    /// </summary>
    /// <exception cref="VersionNotFoundException">No version meets the constraints.</exception>
    /// <exception cref="ProviderPlatformNotSupportedException">Matching versions exist, none for this platform.</exception>
    async ValueTask<ProviderVersion> SelectVersionAsync(
        ProviderAddress provider, VersionConstraints constraints, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        var available = await AvailableVersionsAsync(provider, cancellationToken);
        return VersionSelection.Newest(this, provider, constraints, platform, available);
    }

    /// <summary>A short description of this source for messages, e.g. <c>registry.terraform.io</c> or a mirror path.</summary>
    string Description { get; }
}
