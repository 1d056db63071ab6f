namespace Mandate.Providers.Registry;

/// <summary>The naming conventions of provider packages, shared by mirrors, the cache and the installer.</summary>
public static class ProviderPackageLayout
{
    /// <summary>Every provider executable and archive starts with <c>terraform-provider-&lt;type&gt;</c>.</summary>
    public static string ExecutablePrefix(ProviderAddress provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return "terraform-provider-" + provider.Type;
    }

    /// <summary>The release archive name: <c>terraform-provider-&lt;type&gt;_&lt;version&gt;_&lt;os&gt;_&lt;arch&gt;.zip</c>.</summary>
    public static string ArchiveName(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform) =>
        $"{ExecutablePrefix(provider)}_{version}_{platform}.zip";

    /// <summary>The unpacked directory in a mirror or cache: <c>root/host/namespace/type/version/os_arch</c>.</summary>
    public static string UnpackedDirectory(string root, ProviderAddress provider, ProviderVersion version, ProviderPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Path.Combine(root, provider.Hostname, provider.Namespace, provider.Type, version.ToString(), platform.ToString());
    }

    /// <summary>Reads version and platform back out of a packed-mirror archive name.</summary>
    public static bool TryParseArchiveName(ProviderAddress provider, string fileName, out ProviderVersion version, out ProviderPlatform platform)
    {
        version = null!;
        platform = default;
        var prefix = ExecutablePrefix(provider) + "_";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(".zip", StringComparison.Ordinal))
            return false;
        var middle = fileName[prefix.Length..^4];
        // The version cannot contain '_', so the first underscore separates it from "os_arch".
        var sep = middle.IndexOf('_', StringComparison.Ordinal);
        if (sep <= 0 || !ProviderVersion.TryParse(middle[..sep], out var parsed) || !ProviderPlatform.TryParse(middle[(sep + 1)..], out platform))
            return false;
        version = parsed;
        return true;
    }

    /// <summary>
    /// The provider executable in an unpacked directory: the file named <c>terraform-provider-&lt;type&gt;</c>,
    /// optionally followed by <c>_v&lt;version&gt;</c>, a protocol suffix such as <c>_x5</c>, or <c>.exe</c>.
    /// </summary>
    public static string? FindExecutable(string directory, ProviderAddress provider)
    {
        var prefix = ExecutablePrefix(provider);
        return Directory.EnumerateFiles(directory, prefix + "*", new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive })
            .Where(f => Path.GetFileName(f) is var name && (name.Length == prefix.Length || name[prefix.Length] is '_' or '.'))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
