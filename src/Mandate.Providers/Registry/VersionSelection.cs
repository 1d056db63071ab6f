namespace Mandate.Providers.Registry;

/// <summary>Picks the newest acceptable version from a source's list, with errors that say why none fits.</summary>
internal static class VersionSelection
{
    private const int VersionsShownInErrors = 10;

    public static ProviderVersion Newest(
        IProviderSource source, ProviderAddress provider, VersionConstraints constraints, ProviderPlatform platform,
        IReadOnlyList<AvailableVersion> available)
    {
        ProviderVersion? best = null;
        ProviderVersion? bestAnyPlatform = null;
        foreach (var candidate in available)
        {
            if (!constraints.Allows(candidate.Version))
                continue;
            if (bestAnyPlatform is null || candidate.Version > bestAnyPlatform)
                bestAnyPlatform = candidate.Version;
            if (candidate.MayHave(platform) && (best is null || candidate.Version > best))
                best = candidate.Version;
        }
        if (best is not null)
            return best;
        if (bestAnyPlatform is not null)
        {
            throw new ProviderPlatformNotSupportedException(provider, bestAnyPlatform, platform,
                $"Provider {provider.ForDisplay()} {bestAnyPlatform} (from {source.Description}) meets the constraints \"{constraints}\" " +
                $"but has no package for {platform}; choose a version that supports {platform} or another platform.");
        }
        var newest = available.Select(a => a.Version).OrderDescending().Take(VersionsShownInErrors).ToList();
        var listed = newest.Count == 0 ? "none" : string.Join(", ", newest) + (available.Count > newest.Count ? ", …" : "");
        throw new VersionNotFoundException(provider,
            $"No version of provider {provider.ForDisplay()} in {source.Description} meets the constraints \"{constraints}\". " +
            $"Newest available: {listed}. Relax the constraints or add a source that has a matching version.");
    }
}
