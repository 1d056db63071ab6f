namespace Mandate.Providers.Registry;

/// <summary>Builds the usual source chain: the install cache, then local mirrors, then registries, memoized.</summary>
public static class ProviderSources
{
    /// <summary>
    /// Where Mandate looks for provider binaries when not told: <c>/opt/tf-plugins</c> (this deployment's
    /// mirror), <c>$TF_PLUGIN_CACHE_DIR</c>, then <see cref="ImpliedMirrorDirectories"/>. One list, so the
    /// resolver and the MCP provider catalog always see the same providers.
    /// </summary>
    public static IReadOnlyList<string> StandardMirrorDirectories()
    {
        var directories = new List<string> { "/opt/tf-plugins" };
        if (Environment.GetEnvironmentVariable("TF_PLUGIN_CACHE_DIR") is { Length: > 0 } cache)
            directories.Add(cache);
        directories.AddRange(ImpliedMirrorDirectories());
        return directories;
    }

    /// <summary>
    /// Terraform's implied local mirror directories on Unix (<c>~/.terraform.d/plugins</c>,
    /// <c>$XDG_DATA_HOME/terraform/plugins</c>, and each <c>$XDG_DATA_DIRS/terraform/plugins</c>), those that exist.
    /// </summary>
    public static IReadOnlyList<string> ImpliedMirrorDirectories()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new List<string>();
        if (home.Length > 0)
            candidates.Add(Path.Combine(home, ".terraform.d", "plugins"));
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        candidates.Add(Path.Combine(string.IsNullOrEmpty(dataHome) ? Path.Combine(home, ".local", "share") : dataHome, "terraform", "plugins"));
        var dataDirs = Environment.GetEnvironmentVariable("XDG_DATA_DIRS");
        foreach (var dir in (string.IsNullOrEmpty(dataDirs) ? "/usr/local/share:/usr/share" : dataDirs).Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "terraform", "plugins"));
        return candidates.Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The install cache first (so an installed provider needs no network), then <paramref name="mirrorDirectories"/>
    /// in order, then the registry of each provider's host, all behind one <see cref="MemoizingSource"/>.
    /// </summary>
    /// <param name="cacheDirectory">The installer's cache directory.</param>
    /// <param name="mirrorDirectories">Filesystem mirrors, e.g. <c>/opt/tf-plugins</c> and <see cref="ImpliedMirrorDirectories"/>.</param>
    /// <param name="registry">The registry source, or null for an offline chain.</param>
    public static IProviderSource Create(string cacheDirectory, IEnumerable<string> mirrorDirectories, RegistrySource? registry)
    {
        ArgumentNullException.ThrowIfNull(mirrorDirectories);
        var sources = new List<IProviderSource> { new FilesystemMirrorSource(cacheDirectory) };
        sources.AddRange(mirrorDirectories.Select(d => new FilesystemMirrorSource(d)));
        if (registry is not null)
            sources.Add(registry);
        return new MemoizingSource(new MultiSource(sources));
    }
}
