using System.Collections.Concurrent;

namespace Mandate.Providers.Registry;

/// <summary>
/// Remembers another source's successful answers for its lifetime, so resolving many providers (or the same
/// one repeatedly) asks each host and scans each mirror once. Failures are not remembered: a host that was
/// down may be up on the next call. Concurrent callers of one key share a single request.
/// </summary>
public sealed class MemoizingSource : IProviderSource
{
    private readonly IProviderSource _inner;
    private readonly ConcurrentDictionary<ProviderAddress, Lazy<Task<IReadOnlyList<AvailableVersion>>>> _versions = new();
    private readonly ConcurrentDictionary<(ProviderAddress, ProviderVersion, ProviderPlatform), Lazy<Task<PackageMeta>>> _metas = new();
    private readonly ConcurrentDictionary<(ProviderAddress, string, ProviderPlatform), Lazy<Task<ProviderVersion>>> _selections = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public MemoizingSource(IProviderSource inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    public string Description => _inner.Description;

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken) =>
        Memoized(_versions, provider, () => _inner.AvailableVersionsAsync(provider, CancellationToken.None).AsTask(), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken) =>
        Memoized(_metas, (provider, version, platform), () => _inner.PackageMetaAsync(provider, version, platform, CancellationToken.None).AsTask(), cancellationToken);

    /// <summary>Delegates selection to the inner source (keeping its first-match rule) and remembers the answer.</summary>
    public ValueTask<ProviderVersion> SelectVersionAsync(
        ProviderAddress provider, VersionConstraints constraints, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        return Memoized(_selections, (provider, constraints.ToString(), platform),
            () => _inner.SelectVersionAsync(provider, constraints, platform, CancellationToken.None).AsTask(), cancellationToken);
    }

    // The shared request runs without any one caller's token (others may still want the answer); each caller's own
    // token only stops its wait.
    private static async ValueTask<T> Memoized<TKey, T>(
        ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<Task<T>> fetch, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(fetch));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }
}
